import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeBody } from '../runtime/decode-body';
import type { DecodeBatch, DecodeJobWire, DecodeOutcome, DecodeReply, ReadyMessage } from './protocol';

export type { DecodeOutcome } from './protocol';

interface Pending {
  bytes: Buffer;
  contentType?: string;
  contentEncoding?: string;
  resolve: (d: DecodeOutcome) => void;
}

/** Decodes inline, as the worker would: the fallback when no worker can run, and the overflow path. */
export function decodeInline(bytes: Buffer, contentType?: string, contentEncoding?: string): DecodeOutcome {
  const d = decodeBody(bytes, contentType, contentEncoding);
  const out: DecodeOutcome = { summary: d.summary };
  if (d.deviceId !== undefined) out.deviceId = d.deviceId;
  if (d.decoded) out.decoded = d.decoded;
  return out;
}

/**
 * Where the worker's code is: beside this module when running from source (tsx, vitest: a `.ts` file that
 * needs the tsx loader in the worker too, see dev-bootstrap.mjs), else the built entry `decode-worker.js` in `out/main/` (this
 * module is bundled into an entry there or into a chunk one folder down).
 */
export function workerLocation(here: string = import.meta.url): { url: URL; workerData?: { entry: string } } | undefined {
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) {
    // A worker's own `--import tsx` does not take on Node 20: a JavaScript bootstrap registers tsx first.
    const entry = new URL('./decode-worker.ts', here);
    const url = new URL('./dev-bootstrap.mjs', here);
    return existsSync(fileURLToPath(entry)) && existsSync(fileURLToPath(url)) ? { url, workerData: { entry: entry.href } } : undefined;
  }
  for (const rel of ['./decode-worker.js', '../decode-worker.js']) {
    const url = new URL(rel, here);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { url };
  }
  return undefined;
}

export interface DecodePoolOptions {
  /**
   * Bodies queued or in the worker beyond which new ones are decoded inline (backpressure). Default 512:
   * an exchange is published (and written to a capture) once decoded, so this also bounds what a crash
   * can lose beyond the exchange in flight — about 50 ms of the worker's work.
   */
  maxQueued?: number;
  /** How long a body may wait for others to share its message to the worker. Default 2 ms. */
  batchMs?: number;
  /** Bodies that go at once without waiting. Default 64. */
  batchSize?: number;
  /** Set false to decode inline only (no worker). */
  useWorker?: boolean;
}

/**
 * Decodes recorded bodies on one worker thread so the forwarding thread never waits for the XML parser.
 * Bodies go in batches, one transferred buffer each, one batch in flight at a time. Results come
 * back in submission order. Never rejects: if the worker cannot start or dies, what it held is decoded
 * inline, and so is everything after; past `maxQueued` outstanding bodies, new ones are decoded inline so
 * memory stays bounded under overload. The worker does not keep the process alive.
 */
export class DecodePool {
  private worker: Worker | undefined;
  private broken = false;
  /** The worker has loaded its code; until then bodies are decoded inline, so none waits for it to start. */
  private ready = false;
  private queued: Pending[] = [];
  private readonly inFlight = new Map<number, Pending[]>();
  private outstanding = 0;
  private seq = 0;
  /** Batches and bodies sent to the worker so far. */
  batches = 0;
  jobsSent = 0;
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly batchMs: number;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  /** Why the worker is not in use, if it is not. */
  fallbackReason: string | undefined;

  constructor(private readonly o: DecodePoolOptions = {}) {
    this.maxQueued = o.maxQueued ?? 512;
    this.batchMs = o.batchMs ?? 2;
    this.batchSize = o.batchSize ?? 64;
    if (o.useWorker === false) this.fallback('inline decoding requested');
  }

  /** Bodies waiting for or being decoded by the worker. */
  get pending(): number {
    return this.outstanding;
  }

  /** The worker is loaded and taking work. */
  get usingWorker(): boolean {
    return this.ready;
  }

  /** Resolves once the worker is loaded (true) or cannot be used (false); bounded by `timeoutMs`. */
  async whenReady(timeoutMs = 10_000): Promise<boolean> {
    this.ensureWorker();
    const until = Date.now() + timeoutMs;
    while (!this.ready && !this.broken && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return this.ready;
  }

  decode(bytes: Buffer, contentType?: string, contentEncoding?: string): Promise<DecodeOutcome> {
    if (!this.ready || this.outstanding >= this.maxQueued) {
      this.ensureWorker();
      return Promise.resolve(decodeInline(bytes, contentType, contentEncoding));
    }
    return new Promise((resolve) => {
      this.queued.push({ bytes, contentType, contentEncoding, resolve });
      this.outstanding++;
      // Batches: a message costs a fixed few µs on both threads, so bodies wait up to `batchMs` (or
      // until `batchSize` are queued) and go together; one batch in flight at a time.
      if (this.queued.length >= this.batchSize) this.flush();
      else if (!this.flushScheduled && this.inFlight.size === 0) {
        this.flushScheduled = true;
        this.timer = setTimeout(() => this.flush(), this.batchMs);
      }
    });
  }

  /** Starts the worker now, so the first bodies do not wait for it to load. */
  warm(): void {
    this.ensureWorker();
  }

  /** Stops the worker; whatever it still held is decoded inline. */
  async close(): Promise<void> {
    const w = this.worker;
    this.fallback('closed');
    await w?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    const where = workerLocation();
    if (!where) {
      this.fallback('the decode worker file was not found');
      return undefined;
    }
    try {
      const w = new Worker(where.url, where.workerData ? { workerData: where.workerData } : {});
      w.on('message', (m: DecodeReply | ReadyMessage) => {
        if ('ready' in m) this.ready = !this.broken;
        else this.onReply(m);
      });
      w.on('error', (err) => this.fallback(`decode worker failed: ${err.message}`));
      w.on('exit', (code) => {
        if (this.worker === w) this.fallback(`decode worker exited (${code})`);
      });
      w.unref();
      this.worker = w;
      return w;
    } catch (err) {
      this.fallback(`decode worker could not start: ${(err as Error).message}`);
      return undefined;
    }
  }

  private flush(): void {
    if (this.flushScheduled) clearTimeout(this.timer);
    this.flushScheduled = false;
    if (this.inFlight.size > 0) return;
    const jobs = this.queued;
    if (jobs.length === 0) return;
    this.queued = [];
    const w = this.ensureWorker();
    if (!w) {
      for (const j of jobs) this.settleInline(j);
      return;
    }
    let total = 0;
    for (const j of jobs) total += j.bytes.length;
    const buf = new ArrayBuffer(total);
    const view = new Uint8Array(buf);
    const wire: DecodeJobWire[] = [];
    let off = 0;
    for (const j of jobs) {
      view.set(j.bytes, off);
      const job: DecodeJobWire = { off, len: j.bytes.length };
      if (j.contentType !== undefined) job.contentType = j.contentType;
      if (j.contentEncoding !== undefined) job.contentEncoding = j.contentEncoding;
      wire.push(job);
      off += j.bytes.length;
    }
    const seq = ++this.seq;
    this.batches++;
    this.jobsSent += jobs.length;
    this.inFlight.set(seq, jobs);
    // Keep the process alive only while the worker holds work.
    if (this.inFlight.size === 1) w.ref();
    const batch: DecodeBatch = { seq, buf, jobs: wire };
    w.postMessage(batch, [buf]);
  }

  private onReply(reply: DecodeReply): void {
    const jobs = this.inFlight.get(reply.seq);
    if (!jobs) return;
    this.inFlight.delete(reply.seq);
    if (this.queued.length > 0) this.flush();
    else if (this.inFlight.size === 0) this.worker?.unref();
    for (let i = 0; i < jobs.length; i++) {
      const r = reply.results[i];
      this.outstanding--;
      if (r?.decoded) r.decoded = Buffer.from(r.decoded.buffer, r.decoded.byteOffset, r.decoded.byteLength);
      if (r) jobs[i].resolve(r);
      else jobs[i].resolve(decodeInline(jobs[i].bytes, jobs[i].contentType, jobs[i].contentEncoding));
    }
  }

  private settleInline(j: Pending): void {
    this.outstanding--;
    j.resolve(decodeInline(j.bytes, j.contentType, j.contentEncoding));
  }

  private fallback(why: string): void {
    if (!this.broken) this.fallbackReason = why;
    this.broken = true;
    this.ready = false;
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.removeAllListeners('message');
      void w.terminate().catch(() => undefined);
    }
    // Nothing submitted is lost: what the worker held, and what waited for it, is decoded here.
    const held = [...this.inFlight.values()].flat();
    this.inFlight.clear();
    const waiting = this.queued;
    this.queued = [];
    for (const j of [...held, ...waiting]) this.settleInline(j);
  }
}

let shared: DecodePool | undefined;

/**
 * The process-wide pool, created on first use. It decodes inline unless `CWMP_DECODE_WORKER=1`: a record
 * waits for its decode before it reaches the capture file, and a kill -9 must lose at most the exchange in
 * flight, not a worker's queue. On two busy cores the worker moved CPU off the main thread without raising
 * throughput, so durability wins by default.
 */
export function sharedDecodePool(): DecodePool {
  shared ??= new DecodePool({ useWorker: process.env.CWMP_DECODE_WORKER === '1' });
  return shared;
}
