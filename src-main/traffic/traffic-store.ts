import type { Exchange } from '../../src-shared/traffic/exchange';
import type { EventHub } from '../app/event-hub';

/** Where recorders hand their exchanges: the in-memory store, and (issue 5) the capture file. */
export interface TrafficSink {
  /** Called when an exchange starts and again, with the same id, when it ends. */
  record(exchange: Exchange): void;
}

/**
 * The live traffic: the newest `capacity` exchanges in memory, for the traffic list and the API.
 * Durable recording is the capture writer's job, which sits beside this store as another sink.
 */
export class TrafficStore implements TrafficSink {
  private readonly byId = new Map<string, Exchange>();
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
    // Map insertion order is arrival order; an update keeps its place.
    this.byId.set(exchange.id, exchange);
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
    this.hub?.publish({ event: 'traffic/exchange', data: exchange });
  }

  get(id: string): Exchange | undefined {
    return this.byId.get(id);
  }

  /** Newest `limit` exchanges, oldest first, optionally for one device or after a known id. */
  list(options: { deviceId?: string; limit?: number; after?: string } = {}): { exchanges: Exchange[]; total: number } {
    const all = [...this.byId.values()];
    let selected = options.deviceId ? all.filter((x) => x.deviceId === options.deviceId) : all;
    if (options.after) {
      const at = selected.findIndex((x) => x.id === options.after);
      if (at >= 0) selected = selected.slice(at + 1);
    }
    const limit = options.limit ?? 1000;
    return { exchanges: selected.slice(-limit), total: selected.length };
  }

  clear(): void {
    this.byId.clear();
    this.hub?.publish({ event: 'traffic/cleared', data: {} });
  }

  get size(): number {
    return this.byId.size;
  }
}
