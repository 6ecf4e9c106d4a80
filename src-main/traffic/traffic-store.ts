import type { ListedExchange } from '../../src-shared/api/traffic';
import type { Exchange } from '../../src-shared/traffic/exchange';
import type { EventHub } from '../runtime/event-hub';
import type { TrafficFeed, TrafficSink } from '../runtime/traffic-sink';
import { searchTextOf, withoutBodies } from './search-text';

interface Entry {
  exchange: Exchange;
  /** Computed when recorded: the list and the live event both carry it. */
  searchText: string;
  /** The body-less copy `traffic/list` sends, made on first listing. */
  listed?: ListedExchange;
  /** Arrival number (kept across the update at an exchange's end): orders the per-device index. */
  seq: number;
  /** What the entry is estimated to hold in memory (see `entryBytes`). */
  bytes: number;
}

/** The default bound on the memory the live traffic may hold: the oldest exchanges go beyond it. */
export const DEFAULT_TRAFFIC_MEMORY_BYTES = 256 * 1024 * 1024;
/** Map entry, order slot, device reference, the exchange's objects and small strings: measured ≈ 2 KiB (heap growth per simulator exchange, minus its strings). */
const ENTRY_OVERHEAD_BYTES = 2048;

/**
 * An estimate of what an exchange costs in memory: its bodies and header strings (one byte per character
 * for the Latin-1 strings V8 mostly makes of them; a stored `listed` copy shares them), its search text, and
 * a fixed overhead. Cheap (no serialisation), and close enough to bound the process's size.
 */
export function entryBytes(exchange: Exchange, searchText: string): number {
  let n = ENTRY_OVERHEAD_BYTES + searchText.length;
  for (const m of [exchange.request, exchange.response]) {
    if (!m) continue;
    n += m.body.data.length + 64;
    for (const [k, v] of m.headers) n += k.length + v.length + 32;
  }
  for (const s of [exchange.cwmpRequest, exchange.cwmpResponse]) if (s) n += 256 + (s.warnings?.length ?? 0) * 128;
  if (exchange.error) n += exchange.error.length;
  return n;
}

/** A device's exchanges in arrival order; evicted ones are dropped lazily (`dead` counts them). */
interface DeviceIndex {
  refs: Array<{ id: string; seq: number }>;
  dead: number;
}

export interface TrafficListOptions {
  deviceId?: string;
  limit?: number;
  after?: string;
  before?: string;
  /** Include raw bodies (default true); false sends headers, sizes and `searchText` instead. */
  bodies?: boolean;
}

/**
 * The live traffic: the newest exchanges in memory, for the traffic list and the API — as many as fit in
 * `maxBytes` (the `trafficMemoryBytes` setting) and at most `capacity` of them; the oldest go first.
 * Durable recording is the capture writer's job, which sits beside this store as another sink.
 */
export class TrafficStore implements TrafficSink, TrafficFeed {
  private readonly byId = new Map<string, Entry>();
  private readonly sinks: TrafficSink[] = [];
  private readonly byDevice = new Map<string, DeviceIndex>();
  private nextSeq = 0;
  /**
   * Ids by arrival: `order[i]` has seq `orderBase + i`, live from `orderHead` on. Seqs of live exchanges are
   * contiguous (new ids take the next seq, eviction takes the oldest), so a cursor's seq is its position.
   */
  private order: string[] = [];
  private orderHead = 0;
  private orderBase = 0;
  private heldBytes = 0;

  constructor(
    private readonly hub?: EventHub,
    private readonly capacity = 200_000,
    private maxBytes = DEFAULT_TRAFFIC_MEMORY_BYTES,
  ) {}

  /** Estimated bytes held (see `entryBytes`). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** A new memory bound; the oldest exchanges beyond it go at once. */
  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evict();
  }

  /** Another sink that sees every exchange this store sees (a capture writer). */
  addSink(sink: TrafficSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  record(exchange: Exchange): void {
    const searchText = searchTextOf(exchange);
    // Map insertion order is arrival order; an update keeps its place (and drops the stale listed copy).
    const previous = this.byId.get(exchange.id);
    const seq = previous?.seq ?? this.nextSeq++;
    if (!previous) this.order.push(exchange.id);
    const bytes = entryBytes(exchange, searchText);
    this.heldBytes += bytes - (previous?.bytes ?? 0);
    this.byId.set(exchange.id, { exchange, searchText, seq, bytes });
    if (exchange.deviceId && exchange.deviceId !== previous?.exchange.deviceId) this.indexDevice(exchange.deviceId, exchange.id, seq);
    this.evict();
    for (const sink of this.sinks) {
      try {
        sink.record(exchange);
      } catch {
        // A failing sink (disk full) must not stop live traffic; the sink reports its own error.
      }
    }
    // The event keeps the bodies (scripts follow it) and adds the search text, so the renderer's live
    // tail never has to dig through XML either.
    const data: ListedExchange = { ...exchange, searchText };
    this.hub?.publish({ event: 'traffic/exchange', data });
  }

  /** The exchange's arrival number (what test reports cite), while it is held. */
  seqOf(id: string): number | undefined {
    return this.byId.get(id)?.seq;
  }

  /** Drops the oldest exchanges while over either bound (always keeping the newest one). */
  private evict(): void {
    while (this.byId.size > 1 && (this.byId.size > this.capacity || this.heldBytes > this.maxBytes)) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) return;
      const gone = this.byId.get(oldest);
      this.byId.delete(oldest);
      this.heldBytes -= gone?.bytes ?? 0;
      this.dropOldestFromOrder();
      if (gone?.exchange.deviceId) this.dropFromDevice(gone.exchange.deviceId);
    }
  }

  get(id: string): Exchange | undefined {
    return this.byId.get(id)?.exchange;
  }

  /**
   * An exchange and up to `count` earlier exchanges of its device, oldest first (just the exchange when it
   * has no device; empty when unknown). Costs O(count + log n of the device's traffic), not O(all traffic).
   */
  deviceHistory(id: string, count: number): Exchange[] {
    const entry = this.byId.get(id);
    if (!entry) return [];
    const deviceId = entry.exchange.deviceId;
    const index = deviceId ? this.byDevice.get(deviceId) : undefined;
    if (!deviceId || !index) return [entry.exchange];
    const out: Exchange[] = [];
    for (let i = seqIndex(index.refs, entry.seq); i >= 0 && out.length <= count; i--) {
      const ref = index.refs[i];
      const live = this.byId.get(ref.id);
      if (live && live.seq === ref.seq && live.exchange.deviceId === deviceId) out.push(live.exchange);
    }
    return out.reverse();
  }

  /** The search text computed for an exchange when it was recorded. */
  searchText(id: string): string | undefined {
    return this.byId.get(id)?.searchText;
  }

  /** A page of exchanges, oldest first; see `traffic/list` in `src-shared/api/traffic.ts` for the cursors. */
  list(options: TrafficListOptions = {}): { exchanges: ListedExchange[]; total: number } {
    // The cursors as an open seq range (lo, hi). Unknown `after`: aged out (the oldest go first), so
    // everything held is newer. Unknown `before`: aged out, so nothing held is older.
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    if (options.after !== undefined) {
      const at = this.byId.get(options.after);
      if (at) lo = at.seq;
    }
    if (options.before !== undefined) hi = this.byId.get(options.before)?.seq ?? Number.NEGATIVE_INFINITY;
    const limit = options.limit ?? 1000;
    // Forward paging takes the oldest after the cursor, so a catch-up never skips any.
    const forward = options.after !== undefined && options.before === undefined;
    const { page, total } = options.deviceId ? this.pageOfDevice(options.deviceId, lo, hi, limit, forward) : this.pageOfAll(lo, hi, limit, forward);
    const exchanges = options.bodies === false ? page.map((e) => (e.listed ??= withoutBodies(e.exchange, e.searchText))) : page.map((e) => e.exchange);
    return { exchanges, total };
  }

  /** A page of all traffic in the seq range: positions by arithmetic, only the page is touched. */
  private pageOfAll(lo: number, hi: number, limit: number, forward: boolean): { page: Entry[]; total: number } {
    const first = this.orderHead;
    const end = this.order.length;
    const from = lo === Number.NEGATIVE_INFINITY ? first : Math.max(first, lo - this.orderBase + 1);
    const to = hi === Number.POSITIVE_INFINITY ? end : Math.min(end, Math.max(first, hi - this.orderBase));
    if (from >= to) return { page: [], total: 0 };
    const [a, b] = forward ? [from, Math.min(to, from + limit)] : [Math.max(from, to - limit), to];
    const page: Entry[] = [];
    for (let i = a; i < b; i++) {
      const entry = this.byId.get(this.order[i]);
      if (entry) page.push(entry);
    }
    return { page, total: to - from };
  }

  /** A page of one device's traffic in the seq range, from its index (stale references skipped). */
  private pageOfDevice(deviceId: string, lo: number, hi: number, limit: number, forward: boolean): { page: Entry[]; total: number } {
    const refs = this.byDevice.get(deviceId)?.refs;
    if (!refs || hi === Number.NEGATIVE_INFINITY) return { page: [], total: 0 };
    const from = lo === Number.NEGATIVE_INFINITY ? 0 : seqIndex(refs, lo) + 1;
    const to = hi === Number.POSITIVE_INFINITY ? refs.length : seqIndex(refs, hi - 1) + 1;
    const live = (i: number): Entry | undefined => {
      const entry = this.byId.get(refs[i].id);
      return entry && entry.seq === refs[i].seq && entry.exchange.deviceId === deviceId ? entry : undefined;
    };
    const page: Entry[] = [];
    let total = 0;
    if (forward) {
      for (let i = from; i < to; i++) {
        const entry = live(i);
        if (!entry) continue;
        total++;
        if (page.length < limit) page.push(entry);
      }
      return { page, total };
    }
    for (let i = to - 1; i >= from; i--) {
      const entry = live(i);
      if (!entry) continue;
      total++;
      if (page.length < limit) page.push(entry);
    }
    return { page: page.reverse(), total };
  }

  clear(): void {
    this.byId.clear();
    this.heldBytes = 0;
    this.byDevice.clear();
    this.order = [];
    this.orderHead = 0;
    this.orderBase = this.nextSeq;
    this.hub?.publish({ event: 'traffic/cleared', data: {} });
  }

  get size(): number {
    return this.byId.size;
  }

  private indexDevice(deviceId: string, id: string, seq: number): void {
    let index = this.byDevice.get(deviceId);
    if (!index) this.byDevice.set(deviceId, (index = { refs: [], dead: 0 }));
    const refs = index.refs;
    // Usually the newest; a device learnt only at an exchange's end goes to its arrival place.
    if (refs.length === 0 || refs[refs.length - 1].seq < seq) refs.push({ id, seq });
    else {
      const at = seqIndex(refs, seq);
      if (at >= 0 && refs[at].seq === seq) return;
      refs.splice(at + 1, 0, { id, seq });
    }
  }

  private dropOldestFromOrder(): void {
    this.orderHead++;
    // Compact once most of the array is evicted: amortised O(1) per eviction.
    if (this.orderHead < 1024 || this.orderHead * 2 < this.order.length) return;
    this.order = this.order.slice(this.orderHead);
    this.orderBase += this.orderHead;
    this.orderHead = 0;
  }

  private dropFromDevice(deviceId: string): void {
    const index = this.byDevice.get(deviceId);
    if (!index) return;
    index.dead++;
    // Compact once most references are stale: amortised O(1) per eviction.
    if (index.dead * 2 < index.refs.length) return;
    index.refs = index.refs.filter((r) => {
      const live = this.byId.get(r.id);
      return live !== undefined && live.seq === r.seq && live.exchange.deviceId === deviceId;
    });
    index.dead = 0;
    if (index.refs.length === 0) this.byDevice.delete(deviceId);
  }
}

/** The position of the last ref with `seq` at most the given one (-1 if none), by binary search. */
function seqIndex(refs: Array<{ seq: number }>, seq: number): number {
  let lo = 0;
  let hi = refs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
