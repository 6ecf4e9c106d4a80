/**
 * One recorded HTTP exchange: the unit the ACS and the capture proxy publish, the capture file stores
 * (one per NDJSON line) and the traffic view lists. In CWMP the CPE sends its messages in HTTP request
 * bodies and the ACS answers in response bodies, so one exchange carries up to two CWMP messages.
 */

export type HttpHeaders = Array<[name: string, value: string]>;

/** Raw body bytes: UTF-8 text when the bytes are valid UTF-8, else base64. */
export interface RecordedBody {
  encoding: 'utf8' | 'base64';
  data: string;
  /** Size in bytes on the wire (after any transfer decoding). */
  size: number;
  /** True when only the first part was kept (size limit). */
  truncated?: boolean;
  /**
   * Set when the wire bytes carried this Content-Encoding (gzip, deflate, br) and `data` holds the body
   * with it undone, for display; what was forwarded was the encoded bytes (`size` counts those).
   */
  contentEncoding?: string;
  /**
   * True when the bytes were left out on purpose (`traffic/list` with `bodies: false`): `data` is empty,
   * `size` still counts the real body, and `traffic/get` returns it in full.
   */
  omitted?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  httpVersion: string;
  headers: HttpHeaders;
  body: RecordedBody;
}

export interface RecordedResponse {
  status: number;
  statusText: string;
  headers: HttpHeaders;
  body: RecordedBody;
}

export interface TlsPeerCertificate {
  subject: string;
  issuer: string;
  fingerprint256: string;
  validTo: string;
  /** The ACS's verdict on the client certificate. */
  verdict: 'trusted' | 'untrusted' | 'expired' | 'none';
  reason?: string;
}

export interface TlsInfo {
  protocol?: string;
  cipher?: string;
  servername?: string;
  peerCertificate?: TlsPeerCertificate;
}

export interface ConnectionInfo {
  /** Unique per TCP connection, so a CPE's keep-alive session can be followed. */
  id: string;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
  tls?: TlsInfo;
}

/** What the traffic list needs of one CWMP message without decoding the body again. */
export interface CwmpSummary {
  /** RPC name (`Inform`, `GetParameterValuesResponse`, `Fault`, or the unknown method's name); null for an empty body. */
  rpc: string | null;
  id?: string;
  namespace?: string | null;
  faultCode?: number;
  faultString?: string;
  /** Inform event codes. */
  events?: string[];
  /** Number of parameters in a ParameterList, if any. */
  parameterCount?: number;
  warnings: string[];
  /** Set when the body did not decode as CWMP. */
  error?: string;
}

export type ExchangeKind =
  /** A CPE → ACS HTTP exchange (the ACS's own, or one passing through the proxy). */
  | 'cwmp'
  /** The ACS's connection request (HTTP GET) to a CPE. */
  | 'connection-request'
  /** A file fetch or upload against the file store. */
  | 'file'
  /** A TLS handshake that failed: no HTTP took place. */
  | 'tls-failure';

export interface Exchange {
  id: string;
  kind: ExchangeKind;
  /** Who recorded it: `acs` or `proxy:<profile>`. */
  source: string;
  startedAt: number;
  finishedAt?: number;
  connection: ConnectionInfo;
  /** The device, as `OUI-ProductClass-SerialNumber`, once known. */
  deviceId?: string;
  /** The CWMP session this exchange belongs to. */
  sessionId?: string;
  request?: RecordedRequest;
  response?: RecordedResponse;
  cwmpRequest?: CwmpSummary;
  cwmpResponse?: CwmpSummary;
  /** What went wrong, in words: hang-up mid-message, upstream unreachable, TLS reason, auth failure. */
  error?: string;
  /** Free-form marks, e.g. `rewritten-connection-request-url`, `auth-challenge`, `intercepted`. */
  notes?: string[];
  /**
   * Set when a message was edited at a proxy breakpoint: `request` / `response` above hold the bytes that
   * were forwarded, and this holds each edited message as it arrived, before the edit.
   */
  original?: { request?: OriginalMessage; response?: OriginalMessage };
}

/** A message as it arrived at the proxy, before it was edited at a breakpoint. */
export interface OriginalMessage {
  body: RecordedBody;
  cwmp?: CwmpSummary;
}
