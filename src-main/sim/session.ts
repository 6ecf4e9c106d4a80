/**
 * One CWMP session from the CPE side (TR-069 3.7.1): Inform → InformResponse → the CPE's own requests
 * (unless the ACS holds them) → empty POST → answer each ACS request → until the ACS sends an empty reply.
 */
import { buildCwmp, parseCwmp } from '../../src-shared/cwmp';
import type {
  AcsRequest,
  CpeRequest,
  CwmpHeader,
  CwmpMessage,
  CwmpNamespace,
  EventStruct,
  Inform,
  UnknownRpc,
} from '../../src-shared/cwmp/types';
import { cpeFault } from './faults';
import type { SimFaults } from './fault-switches';
import { answer, CPE_RPC_METHODS, type AfterSession, type RpcContext, type RpcOutcome } from './rpc';
import { SessionHttp, type HttpReply, type SessionHttpOptions } from './session-http';

/** What one session did; returned by `Simulator.inform` and kept in each device's history. */
export interface SimSessionResult {
  ok: boolean;
  deviceId: string;
  /** Event codes sent in the Inform. */
  events: string[];
  /** The ACS requests answered, in order (`GetParameterValues`, ...). */
  acsRequests: string[];
  /** Fault codes the device returned to them. */
  faults: number[];
  /** The device's own requests the ACS acknowledged (`TransferComplete`, ...). */
  cpeRequests: string[];
  /** The CWMP version the ACS chose (`UseCWMPVersion`), when it said. */
  useCwmpVersion?: string;
  /** HTTP round trips, including 401 challenges. */
  httpExchanges: number;
  startedAt: string;
  durationMs: number;
  error?: string;
}

export interface SessionInput {
  deviceId: string;
  inform: Inform;
  namespace: CwmpNamespace;
  /** CWMP 1.4 devices announce the versions they speak. */
  supportedCwmpVersions?: string;
  /** The device's own pending requests; delivered ones are removed from this array. */
  pending: CpeRequest[];
  ctx: RpcContext;
  /** Deliberate faults (fault-switches.ts). */
  faults?: SimFaults;
  http: SessionHttpOptions;
  /** Called for each answered request that changed parameter values. */
  onChanged: (names: string[]) => void;
  /** How to answer an ACS request; default the simulator's `answer` over `ctx` (a replayed device answers from its trace first). */
  respond?: (rpc: AcsRequest | UnknownRpc) => RpcOutcome;
}

export interface SessionOutput {
  result: SimSessionResult;
  after: AfterSession[];
  /** The Inform reached the ACS and was acknowledged (its events count as delivered). */
  informed: boolean;
}

const CPE_METHODS = new Set<string>(CPE_RPC_METHODS);
const MAX_EXCHANGES = 100_000;

let idCounter = 0;
const nextId = (): string => `sim-${(++idCounter).toString(36)}`;

class SessionError extends Error {}

function decodeReply(reply: HttpReply, what: string): CwmpMessage | null {
  if (reply.status === 204 || (reply.status === 200 && reply.body.length === 0)) return null;
  if (reply.status !== 200) throw new SessionError(`ACS answered ${what} with HTTP ${reply.status}`);
  const decoded = parseCwmp(reply.body, { contentType: reply.headers['content-type'] });
  if (!decoded.ok) throw new SessionError(`ACS sent a malformed message after ${what}: ${decoded.error.message}`);
  // A whitespace-only body is an empty reply too.
  return decoded.message.rpc === null && decoded.message.namespace === null ? null : decoded.message;
}

function expectResponse(msg: CwmpMessage | null, expected: string, what: string): CwmpMessage {
  if (!msg?.rpc) throw new SessionError(`ACS ended the session instead of answering ${what}`);
  if (msg.rpc.name === 'Fault') throw new SessionError(`ACS answered ${what} with fault ${msg.rpc.faultCode} ${msg.rpc.faultString}`);
  if (msg.rpc.name !== expected) throw new SessionError(`ACS answered ${what} with ${msg.rpc.name}, expected ${expected}`);
  return msg;
}

export async function runSession(input: SessionInput): Promise<SessionOutput> {
  const started = performance.now();
  const result: SimSessionResult = {
    ok: false,
    deviceId: input.deviceId,
    events: input.inform.event.map((e: EventStruct) => e.eventCode),
    acsRequests: [],
    faults: [],
    cpeRequests: [],
    httpExchanges: 0,
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
  const after: AfterSession[] = [];
  const http = new SessionHttp(input.http);
  const ns = input.namespace;
  let informed = false;
  try {
    const informHeader: CwmpHeader = { id: nextId() };
    if (input.supportedCwmpVersions) informHeader.supportedCwmpVersions = input.supportedCwmpVersions;
    const ir = expectResponse(
      decodeReply(await http.post(buildCwmp({ rpc: input.inform, header: informHeader, namespace: ns })), 'the Inform'),
      'InformResponse',
      'the Inform',
    );
    informed = true;
    if (ir.header.useCwmpVersion) result.useCwmpVersion = ir.header.useCwmpVersion;
    const ignoresHold = input.faults?.has('ignores-hold-requests') === true;
    let hold = ir.header.holdRequests === true && !ignoresHold;

    // The device's own requests, one per POST, while the ACS does not hold them.
    while (!hold && input.pending.length > 0) {
      const request = input.pending[0];
      const reply = decodeReply(await http.post(buildCwmp({ rpc: request, header: { id: nextId() }, namespace: ns })), request.name);
      const msg = expectResponse(reply, `${request.name}Response`, request.name);
      input.pending.shift();
      result.cpeRequests.push(request.name);
      hold = msg.header.holdRequests === true && !ignoresHold;
    }

    // Empty POST: the ACS's turn. Each reply is a request to answer, or empty to end the session.
    let msg = decodeReply(await http.post(null), 'the empty POST');
    while (msg) {
      if (http.exchanges > MAX_EXCHANGES) throw new SessionError('session too long');
      const rpc = msg.rpc;
      let response;
      if (rpc === null) {
        throw new SessionError('ACS sent an envelope without a body element');
      } else if (rpc.name === 'Unknown' || CPE_METHODS.has(rpc.name)) {
        const outcome = input.respond ? input.respond(rpc as AcsRequest | UnknownRpc) : answer(input.ctx, rpc as AcsRequest | UnknownRpc);
        response = outcome.response;
        if (outcome.after) after.push(outcome.after);
        if (outcome.changed) input.onChanged(outcome.changed);
        result.acsRequests.push(rpc.name === 'Unknown' ? rpc.method : rpc.name);
      } else {
        // A response or CPE-side method where a request belongs.
        response = cpeFault(9000, `${rpc.name} is not a CPE method`);
        result.acsRequests.push(rpc.name);
      }
      if (response.name === 'Fault') result.faults.push(response.faultCode);
      const id = msg.header.id !== undefined && input.faults?.has('wrong-cwmp-id') ? `${msg.header.id}-x` : msg.header.id;
      const header: CwmpHeader = id !== undefined ? { id } : {};
      msg = decodeReply(await http.post(buildCwmp({ rpc: response, header, namespace: ns })), rpc.name);
    }
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    http.close();
    result.httpExchanges = http.exchanges;
    result.durationMs = performance.now() - started;
  }
  // Effects of requests answered in a session that failed later still happened, as on a real CPE.
  return { result, after, informed };
}
