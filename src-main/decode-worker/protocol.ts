import type { CwmpSummary } from '../../src-shared/traffic/exchange';

/** One body to decode: its bytes are `buf[off, off + len)` of the batch's buffer. */
export interface DecodeJobWire {
  off: number;
  len: number;
  contentType?: string;
  contentEncoding?: string;
}

/** A batch sent to the worker: every body packed into one transferred buffer (no per-body copies). */
export interface DecodeBatch {
  seq: number;
  buf: ArrayBuffer;
  jobs: DecodeJobWire[];
}

/** What the proxy keeps of a decode: the summary, the device (for an Inform) and the body with its Content-Encoding undone. */
export interface DecodeOutcome {
  summary: CwmpSummary;
  deviceId?: string;
  decoded?: Uint8Array;
}

export interface DecodeReply {
  seq: number;
  results: DecodeOutcome[];
}

/** The worker's first message, once its code (the codec) is loaded. */
export interface ReadyMessage {
  ready: true;
}
