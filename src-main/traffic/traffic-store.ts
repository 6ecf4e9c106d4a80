import type { ListedExchange } from '../../src-shared/api/traffic';
import type { Exchange } from '../../src-shared/traffic/exchange';
import type { EventHub } from '../app/event-hub';
import { searchTextOf, withoutBodies } from './search-text';

/** Where recorders hand their exchanges: the in-memory store, and (issue 5) the capture file. */
export interface TrafficSink {
  /** Called when an exchange starts and again, with the same id, when it ends. */
  record(exchange: Exchange): void;
}

interface Entry {
  exchange: Exchange;
  /** Computed when recorded: the list and the live event both carry it. */
  searchText: string;
  /** The body-less copy `traffic/list` sends, made on first listing. */
  listed?: ListedExchange;
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
 * The live traffic: the newest `capacity` exchanges in memory, for the traffic list and the API.
 * Durable recording is the capture writer's job, which sits beside this store as another sink.
 */
export class TrafficStore implements TrafficSink {
  private readonly byId = new Map<string, Entry>();
  private readonly sinks: TrafficSink[] = [];

  constructor(
    private readonly hub?: EventHub,
    private readonly capacity = 200_000,
  ) {}

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
    this.byId.set(exchange.id, { exchange, searchText });
    if (this.byId.size > this.capacity) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
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

  get(id: string): Exchange | undefined {
    return this.byId.get(id)?.exchange;
  }

  /** The search text computed for an exchange when it was recorded. */
  searchText(id: string): string | undefined {
    return this.byId.get(id)?.searchText;
  }

  /** A page of exchanges, oldest first; see `traffic/list` in `src-shared/api/traffic.ts` for the cursors. */
  list(options: TrafficListOptions = {}): { exchanges: ListedExchange[]; total: number } {
    const all = [...this.byId.values()];
    let from = 0;
    let to = all.length;
    if (options.after !== undefined) {
      const at = indexOf(all, options.after);
      // Unknown: aged out (the oldest go first), so everything held is newer.
      if (at >= 0) from = at + 1;
    }
    if (options.before !== undefined) {
      const at = indexOf(all, options.before);
      // Unknown: aged out, so nothing held is older.
      to = at >= 0 ? at : 0;
    }
    let selected = from < to ? all.slice(from, to) : [];
    if (options.deviceId) selected = selected.filter((e) => e.exchange.deviceId === options.deviceId);
    const limit = options.limit ?? 1000;
    // Forward paging takes the oldest after the cursor, so a catch-up never skips any.
    const page = options.after !== undefined && options.before === undefined ? selected.slice(0, limit) : selected.slice(-limit);
    const exchanges = options.bodies === false ? page.map((e) => (e.listed ??= withoutBodies(e.exchange, e.searchText))) : page.map((e) => e.exchange);
    return { exchanges, total: selected.length };
  }

  clear(): void {
    this.byId.clear();
    this.hub?.publish({ event: 'traffic/cleared', data: {} });
  }

  get size(): number {
    return this.byId.size;
  }
}

function indexOf(entries: Entry[], id: string): number {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].exchange.id === id) return i;
  return -1;
}
