import type { CwmpMessage, DecodeError } from '../cwmp/types';
import type { Exchange } from './exchange';

export type DecodedBody = { ok: true; message: CwmpMessage } | { ok: false; error: DecodeError } | null;

/** An exchange as `traffic/list` returns it; `searchText` is set when bodies are left out. */
export interface ListedExchange extends Exchange {
  /**
   * What the free-text filter searches, lowercased, one field a line: device id, RPC names, cwmp:IDs,
   * HTTP status, fault codes and strings, event codes, warnings, errors, notes, and the text content of
   * the CWMP bodies (parameter names and values, not tags). Computed once per exchange by the server.
   */
  searchText?: string;
}
