import type { Exchange } from '../../src-shared/traffic/exchange';

/** Where recorders hand their exchanges: the in-memory store, and (issue 5) the capture file. */
export interface TrafficSink {
  /** Called when an exchange starts and again, with the same id, when it ends. */
  record(exchange: Exchange): void;
}

/** Something that passes every exchange it records on to further sinks (the traffic store, to a capture writer). */
export interface TrafficFeed {
  /** Adds a sink; the returned function removes it again. */
  addSink(sink: TrafficSink): () => void;
}
