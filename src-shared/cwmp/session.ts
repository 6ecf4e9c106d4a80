/**
 * The ACS side of one CWMP session as a pure state machine: `step(state, event) → { state, commands }`.
 *
 * The HTTP layer decodes each CPE POST, feeds it here as an event (with the head of the device's task
 * queue), and carries out the commands (answer with an envelope, send a queued request, end with 204,
 * update tasks and the device). No I/O, no clocks, no timers: tests drive whole sessions without sockets.
 *
 * Session shape (TR-069 §3.7): Inform → InformResponse → the CPE's own requests, each answered → empty
 * POST → the ACS's queued requests, one per HTTP response, each CPE response matched by `cwmp:ID` →
 * empty 204 ends the session.
 */
import type {
  AcsRequest,
  AcsResponse,
  CpeResponse,
  CwmpHeader,
  CwmpMessage,
  CwmpNamespace,
  CwmpVersion,
  DecodeError,
  DeviceIdStruct,
  Fault,
  Inform,
  Rpc,
  UnknownRpc,
} from './types';
import { CWMP_VERSIONS } from './types';
import { namespaceVersion } from './namespaces';
import { CPE_REQUEST_NAMES, CPE_RESPONSE_NAMES } from './rpc-names';

/** A request waiting in the device's queue, handed to `step` by the HTTP layer. */
export type OutgoingRequest =
  | { taskId: string; rpc: AcsRequest }
  /** Hand-written XML sent as-is; its answer is whatever the CPE sends next. */
  | { taskId: string; raw: string };

export type SessionPhase =
  /** Waiting for the Inform that opens the session. */
  | 'awaiting-inform'
  /** After InformResponse: the CPE sends its own requests until its empty POST. */
  | 'cpe-requests'
  /** After the CPE's empty POST: the ACS sends its queued requests. */
  | 'acs-requests'
  | 'ended';

export interface SessionConfig {
  /** Send `HoldRequests` true in every ACS message. */
  holdRequests: boolean;
  /** The highest version offered in CWMP 1.4 negotiation. */
  maxCwmpVersion: CwmpVersion;
}

export interface SessionState {
  phase: SessionPhase;
  config: SessionConfig;
  /** The namespace the CPE used in its Inform; every ACS message uses it too. */
  namespace: CwmpNamespace | null;
  /** The version in effect: negotiated (`UseCWMPVersion`) or the namespace's. */
  cwmpVersion: CwmpVersion | null;
  /** What the ACS sent as `UseCWMPVersion`, if the CPE offered `SupportedCWMPVersions`. */
  useCwmpVersion?: CwmpVersion;
  deviceId?: DeviceIdStruct;
  /** The ACS request waiting for its response. */
  inflight?: { taskId: string; cwmpId?: string; method: string };
  /** Counter for the `cwmp:ID`s of ACS requests. */
  nextId: number;
  /** A prefix that keeps `cwmp:ID`s distinct across sessions (the session id). */
  idPrefix: string;
}

export type SessionEvent =
  /** A decoded CPE POST. `next` is the first queued (not yet sent) request for this device, if any. */
  | { type: 'message'; message: CwmpMessage; next: OutgoingRequest | null }
  /** A POST whose body did not decode. */
  | { type: 'malformed'; error: DecodeError }
  /** No message within the session timeout, or the session was superseded. */
  | { type: 'timeout'; reason?: string };

export type SessionCommand =
  /** Answer the current HTTP request with this envelope (200). */
  | { type: 'reply'; rpc: AcsResponse | Fault; header: CwmpHeader; namespace: CwmpNamespace }
  /** Answer the current HTTP request with a queued ACS request (200); mark the task sent. */
  | { type: 'send-request'; taskId: string; rpc: AcsRequest; header: CwmpHeader; namespace: CwmpNamespace }
  /** Answer with hand-written XML (200); mark the task sent. */
  | { type: 'send-raw'; taskId: string; xml: string }
  /** Answer with an empty 204: the session ends. */
  | { type: 'end' }
  /** Answer with an HTTP error (malformed or out-of-place message). */
  | { type: 'http-error'; status: number; message: string }
  /** The session's Inform: update the device registry (events, parameters, connection request URL). */
  | { type: 'inform'; inform: Inform; header: CwmpHeader; namespace: CwmpNamespace; cwmpVersion: CwmpVersion }
  /** A CPE request other than Inform (TransferComplete, RequestDownload, ...), already answered. */
  | { type: 'cpe-request'; rpc: Exclude<Rpc, Inform> | UnknownRpc }
  /** The in-flight task got its response. */
  | { type: 'task-result'; taskId: string; result: CpeResponse | UnknownRpc }
  /** The in-flight task got a SOAP Fault. */
  | { type: 'task-fault'; taskId: string; fault: Fault }
  /** The in-flight task will get no response (timeout, disconnect, new session). */
  | { type: 'task-timeout'; taskId: string; message: string }
  /** A protocol deviation worth showing beside the exchange. */
  | { type: 'warning'; code: string; message: string }
  | { type: 'session-ended'; reason: 'complete' | 'timeout' | 'error' | 'superseded' };

export interface StepResult {
  state: SessionState;
  commands: SessionCommand[];
}

const CPE_RESPONSES: ReadonlySet<string> = new Set(CPE_RESPONSE_NAMES);

/** Decode-error codes that mean "not a SOAP message at all": answered with HTTP 400, not a SOAP Fault. */
const HTTP_400_ERRORS: ReadonlySet<string> = new Set(['not-xml', 'too-large', 'too-deep', 'dtd-forbidden', 'not-soap']);

export const DEFAULT_SESSION_CONFIG: SessionConfig = { holdRequests: false, maxCwmpVersion: '1.4' };

/** A fresh session waiting for its Inform. `idPrefix` keeps this session's `cwmp:ID`s unique. */
export function initialSession(config: Partial<SessionConfig> = {}, idPrefix = 'acs'): SessionState {
  return { phase: 'awaiting-inform', config: { ...DEFAULT_SESSION_CONFIG, ...config }, namespace: null, cwmpVersion: null, nextId: 1, idPrefix };
}

/** A CWMP Fault the ACS sends (8xxx codes are ACS faults). */
export function acsFault(faultCode: number, faultString: string): Fault {
  return { name: 'Fault', soapFaultCode: faultCode === 8002 ? 'Server' : 'Client', soapFaultString: 'CWMP fault', faultCode, faultString };
}

/**
 * Picks the version for `UseCWMPVersion`: the highest listed by the CPE that the ACS supports, capped
 * at `max`. Returns null when the list names none the ACS knows.
 */
export function negotiateVersion(supported: string, max: CwmpVersion): CwmpVersion | null {
  const offered = new Set(supported.split(',').map((v) => v.trim()));
  const cap = CWMP_VERSIONS.indexOf(max);
  for (let i = cap; i >= 0; i--) {
    if (offered.has(CWMP_VERSIONS[i])) return CWMP_VERSIONS[i];
  }
  return null;
}

/** Advances the session by one event. Never throws for any CPE input. */
export function step(state: SessionState, event: SessionEvent): StepResult {
  switch (event.type) {
    case 'timeout':
      return onTimeout(state, event.reason);
    case 'malformed':
      return onMalformed(state, event.error);
    case 'message':
      return onMessage(state, event.message, event.next);
    default:
      return assertNever(event);
  }
}

function onTimeout(state: SessionState, reason: string | undefined): StepResult {
  const commands: SessionCommand[] = [];
  if (state.inflight) {
    commands.push({
      type: 'task-timeout',
      taskId: state.inflight.taskId,
      message: reason ?? `No response to ${state.inflight.method} before the session timed out`,
    });
  }
  commands.push({ type: 'session-ended', reason: reason ? 'superseded' : 'timeout' });
  return { state: { ...state, phase: 'ended', inflight: undefined }, commands };
}

function onMalformed(state: SessionState, error: DecodeError): StepResult {
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ''})` : '';
  const text = `Malformed CWMP message: ${error.message}${where}`;
  if (HTTP_400_ERRORS.has(error.code) || !state.namespace) {
    // Not SOAP (or no session yet to pick a namespace): a SOAP Fault would not be understood either.
    return { state, commands: [{ type: 'warning', code: `malformed-${error.code}`, message: text }, { type: 'http-error', status: 400, message: text }] };
  }
  return {
    state,
    commands: [
      { type: 'warning', code: `malformed-${error.code}`, message: text },
      { type: 'reply', rpc: acsFault(8003, `Invalid arguments: ${error.message}`), header: {}, namespace: state.namespace },
    ],
  };
}

function onMessage(state: SessionState, message: CwmpMessage, next: OutgoingRequest | null): StepResult {
  const rpc = message.rpc;
  if (rpc?.name === 'Inform') return onInform(state, message, rpc);

  if (state.phase === 'awaiting-inform' || state.phase === 'ended') {
    const what = rpc ? rpc.name === 'Unknown' ? rpc.method : rpc.name : 'An empty POST';
    const text = `${what} outside a session: a CWMP session starts with an Inform`;
    return { state, commands: [{ type: 'warning', code: 'no-session', message: text }, { type: 'http-error', status: 400, message: text }] };
  }
  const namespace = state.namespace ?? message.namespace ?? 'urn:dslforum-org:cwmp-1-0';
  const commands: SessionCommand[] = [];

  if (rpc === null) return onEmptyPost(state, next, commands);

  if (rpc.name === 'Fault' || CPE_RESPONSES.has(rpc.name) || (rpc.name === 'Unknown' && rpc.method.endsWith('Response'))) {
    if (!state.inflight) {
      commands.push({ type: 'warning', code: 'unexpected-response', message: `${rpc.name === 'Unknown' ? rpc.method : rpc.name} arrived but no ACS request is waiting for one; treated as an empty POST` });
      return onEmptyPost(state, next, commands);
    }
    const inflight = state.inflight;
    const gotId = message.header.id;
    if (inflight.cwmpId !== undefined) {
      if (gotId === undefined) {
        commands.push({ type: 'warning', code: 'missing-id', message: `Response to ${inflight.method} has no cwmp:ID (expected ${inflight.cwmpId})` });
      } else if (gotId !== inflight.cwmpId) {
        commands.push({ type: 'warning', code: 'id-mismatch', message: `Response cwmp:ID ${gotId} does not match the request's ${inflight.cwmpId}` });
      }
    }
    if (rpc.name === 'Fault') {
      commands.push({ type: 'task-fault', taskId: inflight.taskId, fault: rpc });
    } else {
      const got = rpc.name === 'Unknown' ? rpc.method : rpc.name;
      if (inflight.method !== 'Raw' && got !== `${inflight.method}Response`) {
        commands.push({ type: 'warning', code: 'response-mismatch', message: `${got} received in answer to ${inflight.method}` });
      }
      commands.push({ type: 'task-result', taskId: inflight.taskId, result: rpc as CpeResponse | UnknownRpc });
    }
    return sendNextOrEnd({ ...state, phase: 'acs-requests', inflight: undefined }, next, commands);
  }

  // A request from the CPE.
  if (state.phase === 'acs-requests') {
    commands.push({ type: 'warning', code: 'request-after-empty-post', message: `The CPE sent ${rpcLabel(rpc)} after its empty POST; answered anyway` });
  } else if (state.config.holdRequests) {
    commands.push({ type: 'warning', code: 'hold-requests-ignored', message: `The CPE sent ${rpcLabel(rpc)} although the ACS set HoldRequests` });
  }
  const answer = answerCpeRequest(rpc);
  commands.push({ type: 'cpe-request', rpc });
  commands.push({ type: 'reply', rpc: answer, header: replyHeader(state, message.header.id), namespace });
  return { state, commands };
}

/** What is missing from an Inform's DeviceId for it to name a device (OUI and SerialNumber), or null. */
export function missingDeviceIdentity(inform: Inform): string | null {
  const missing = [['OUI', inform.deviceId.oui], ['SerialNumber', inform.deviceId.serialNumber]].filter(([, v]) => v.trim() === '').map(([k]) => k);
  return missing.length ? missing.join(' and ') : null;
}

function onInform(state: SessionState, message: CwmpMessage, inform: Inform): StepResult {
  const commands: SessionCommand[] = [];
  const missing = missingDeviceIdentity(inform);
  if (missing) {
    // No device to attach a session to: refused (TR-069 fault 8003), and nothing is registered.
    const text = `Inform without a DeviceId ${missing}: no device can be identified`;
    const namespace = message.namespace ?? state.namespace ?? 'urn:dslforum-org:cwmp-1-0';
    commands.push({ type: 'warning', code: 'invalid-device-id', message: text });
    if (state.inflight) {
      commands.push({ type: 'task-timeout', taskId: state.inflight.taskId, message: `The CPE sent an Inform before answering ${state.inflight.method}` });
    }
    commands.push({ type: 'reply', rpc: acsFault(8003, `Invalid arguments: ${text}`), header: message.header.id !== undefined ? { id: message.header.id } : {}, namespace });
    commands.push({ type: 'session-ended', reason: 'error' });
    return { state: { ...state, phase: 'ended', inflight: undefined }, commands };
  }
  let base = state;
  if (state.phase !== 'awaiting-inform' && state.phase !== 'ended') {
    // A second Inform means the CPE gave up on the old session and started over on this connection.
    commands.push({ type: 'warning', code: 'inform-mid-session', message: 'Inform received inside a session: the previous session is abandoned' });
    if (state.inflight) {
      commands.push({ type: 'task-timeout', taskId: state.inflight.taskId, message: `The CPE started a new session before answering ${state.inflight.method}` });
    }
    commands.push({ type: 'session-ended', reason: 'superseded' });
    base = initialSession(state.config, state.idPrefix);
    base.nextId = state.nextId;
  }
  const namespace = message.namespace ?? 'urn:dslforum-org:cwmp-1-0';
  let cwmpVersion: CwmpVersion = message.version ?? namespaceVersion(namespace);
  let useCwmpVersion: CwmpVersion | undefined;
  if (message.header.supportedCwmpVersions !== undefined) {
    const chosen = negotiateVersion(message.header.supportedCwmpVersions, base.config.maxCwmpVersion);
    if (chosen) {
      useCwmpVersion = chosen;
      cwmpVersion = chosen;
    } else {
      commands.push({ type: 'warning', code: 'no-common-version', message: `SupportedCWMPVersions "${message.header.supportedCwmpVersions}" names no version this ACS supports` });
    }
  }
  const next: SessionState = {
    ...base,
    phase: 'cpe-requests',
    namespace,
    cwmpVersion,
    useCwmpVersion,
    deviceId: inform.deviceId,
    inflight: undefined,
  };
  const header = replyHeader(next, message.header.id);
  if (useCwmpVersion) header.useCwmpVersion = useCwmpVersion;
  commands.push({ type: 'inform', inform, header: message.header, namespace, cwmpVersion });
  commands.push({ type: 'reply', rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header, namespace });
  return { state: next, commands };
}

function onEmptyPost(state: SessionState, next: OutgoingRequest | null, commands: SessionCommand[]): StepResult {
  if (state.inflight) {
    commands.push({ type: 'task-timeout', taskId: state.inflight.taskId, message: `The CPE sent an empty POST instead of answering ${state.inflight.method}` });
  }
  return sendNextOrEnd({ ...state, phase: 'acs-requests', inflight: undefined }, next, commands);
}

function sendNextOrEnd(state: SessionState, next: OutgoingRequest | null, commands: SessionCommand[]): StepResult {
  if (!next) {
    commands.push({ type: 'end' }, { type: 'session-ended', reason: 'complete' });
    return { state: { ...state, phase: 'ended' }, commands };
  }
  if ('raw' in next) {
    commands.push({ type: 'send-raw', taskId: next.taskId, xml: next.raw });
    return { state: { ...state, inflight: { taskId: next.taskId, method: 'Raw' } }, commands };
  }
  const cwmpId = `${state.idPrefix}-${state.nextId}`;
  const header = replyHeader(state, cwmpId);
  commands.push({ type: 'send-request', taskId: next.taskId, rpc: next.rpc, header, namespace: state.namespace ?? 'urn:dslforum-org:cwmp-1-0' });
  return { state: { ...state, nextId: state.nextId + 1, inflight: { taskId: next.taskId, cwmpId, method: next.rpc.name } }, commands };
}

function answerCpeRequest(rpc: Exclude<Rpc, Inform> | UnknownRpc): AcsResponse | Fault {
  switch (rpc.name) {
    case 'GetRPCMethods':
      // The methods the ACS implements: every CPE request.
      return { name: 'GetRPCMethodsResponse', methodList: [...CPE_REQUEST_NAMES] };
    case 'TransferComplete':
      return { name: 'TransferCompleteResponse' };
    case 'AutonomousTransferComplete':
      return { name: 'AutonomousTransferCompleteResponse' };
    case 'DUStateChangeComplete':
      return { name: 'DUStateChangeCompleteResponse' };
    case 'AutonomousDUStateChangeComplete':
      return { name: 'AutonomousDUStateChangeCompleteResponse' };
    case 'RequestDownload':
      return { name: 'RequestDownloadResponse' };
    case 'Kicked':
      // No web portal here: send the browser where the CPE said it wanted to go next.
      return { name: 'KickedResponse', nextURL: rpc.next };
    case 'Unknown':
      return acsFault(8000, `Method not supported: ${rpc.method}`);
    default:
      // ACS requests and ACS responses sent by a CPE: not something the ACS implements.
      return acsFault(8000, `Method not supported: ${rpc.name}`);
  }
}

function replyHeader(state: SessionState, id: string | undefined): CwmpHeader {
  const header: CwmpHeader = {};
  if (id !== undefined) {
    header.id = id;
    header.idMustUnderstand = true;
  }
  if (state.config.holdRequests) header.holdRequests = true;
  return header;
}

function rpcLabel(rpc: Rpc | UnknownRpc): string {
  return rpc.name === 'Unknown' ? rpc.method : rpc.name;
}

function assertNever(x: never): never {
  throw new Error(`Unexpected session event: ${JSON.stringify(x)}`);
}
