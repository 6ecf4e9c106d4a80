/**
 * CWMP sessions rebuilt from recorded exchanges. In CWMP the CPE speaks in HTTP requests and the ACS in
 * HTTP responses, so an ACS request (in a response body) is answered by the CPE in the *next* HTTP
 * request of the session, while a CPE request (Inform, TransferComplete) is answered in the same exchange.
 */
import type { CwmpSummary, Exchange } from '../traffic/exchange';

export type SessionOutcome = 'completed' | 'faulted' | 'timed-out' | 'broken-off' | 'in-progress';

/** One CWMP message of a session, in wire order. */
export interface SessionMessage {
  exchangeId: string;
  at: number;
  from: 'cpe' | 'acs';
  /** RPC name; null for an empty body (the CPE's empty POST, the ACS's empty response). */
  rpc: string | null;
  cwmpId?: string;
  faultCode?: number;
  faultString?: string;
  /** HTTP status of the response carrying an ACS message. */
  status?: number;
  /** The body did not decode as CWMP. */
  error?: string;
}

/** A request paired with its answer. */
export interface RpcPair {
  /** Who asked: `acs` for GetParameterValues & co., `cpe` for Inform, TransferComplete, GetRPCMethods. */
  requester: 'cpe' | 'acs';
  request: SessionMessage;
  response?: SessionMessage;
  outcome: 'ok' | 'fault' | 'unanswered';
}

export interface CwmpSession {
  /** The recorded session id, or a derived one (`s<N>`). */
  id: string;
  deviceId?: string;
  source: string;
  startedAt: number;
  endedAt: number;
  /** Inform event codes. */
  events: string[];
  exchangeIds: string[];
  connectionIds: string[];
  messages: SessionMessage[];
  pairs: RpcPair[];
  outcome: SessionOutcome;
  /** Why the outcome is not `completed`. */
  reason?: string;
  faults: number;
}

export interface ReconstructOptions {
  /** Reference "now" for deciding between in-progress and timed out (default: the last exchange's time). */
  now?: number;
  /** A session silent longer than this with a message unanswered counts as timed out. Default 30 s. */
  idleTimeoutMs?: number;
}

function isResponse(rpc: string | null): boolean {
  return rpc !== null && (rpc.endsWith('Response') || rpc === 'Fault');
}

function summaryMessage(x: Exchange, from: 'cpe' | 'acs', s: CwmpSummary | undefined, hasBody: boolean): SessionMessage | undefined {
  if (!s && !hasBody) {
    return { exchangeId: x.id, at: from === 'cpe' ? x.startedAt : (x.finishedAt ?? x.startedAt), from, rpc: null };
  }
  if (!s) return undefined;
  const m: SessionMessage = { exchangeId: x.id, at: from === 'cpe' ? x.startedAt : (x.finishedAt ?? x.startedAt), from, rpc: s.rpc };
  if (s.id !== undefined) m.cwmpId = s.id;
  if (s.faultCode !== undefined) m.faultCode = s.faultCode;
  if (s.faultString !== undefined) m.faultString = s.faultString;
  if (s.error !== undefined) m.error = s.error;
  return m;
}

/** Groups exchanges into sessions: by recorded session id, else an Inform opens a session on its connection. */
function group(exchanges: Exchange[]): Map<string, Exchange[]> {
  const sessions = new Map<string, Exchange[]>();
  const byConnection = new Map<string, string>();
  const byRemote = new Map<string, { key: string; last: number }>();
  let n = 0;
  for (const x of [...exchanges].sort((a, b) => a.startedAt - b.startedAt)) {
    if (x.kind !== 'cwmp') continue;
    let key = x.sessionId;
    if (!key) {
      const remote = `${x.source}|${x.connection.remoteAddress}`;
      if (x.cwmpRequest?.rpc === 'Inform') {
        key = `s${++n}`;
      } else {
        key = byConnection.get(x.connection.id);
        // A CPE may open a new TCP connection mid-session (no keep-alive): follow it by address.
        const recent = byRemote.get(remote);
        if (!key && recent && x.startedAt - recent.last < 30_000) key = recent.key;
        if (!key) key = `s${++n}`;
      }
      byConnection.set(x.connection.id, key);
      byRemote.set(remote, { key, last: x.finishedAt ?? x.startedAt });
    }
    let list = sessions.get(key);
    if (!list) sessions.set(key, (list = []));
    list.push(x);
  }
  return sessions;
}

/** Rebuilds CWMP sessions from exchanges (any order). Non-CWMP exchanges (connection requests, files) are left out. */
export function reconstructSessions(exchanges: Exchange[], options: ReconstructOptions = {}): CwmpSession[] {
  const idle = options.idleTimeoutMs ?? 30_000;
  const out: CwmpSession[] = [];
  const last = exchanges.reduce((m, x) => Math.max(m, x.finishedAt ?? x.startedAt), 0);
  const now = options.now ?? last;
  for (const [id, list] of group(exchanges)) {
    const messages: SessionMessage[] = [];
    const pairs: RpcPair[] = [];
    let pendingAcs: RpcPair | undefined;
    let events: string[] = [];
    let deviceId: string | undefined;
    let error: string | undefined;
    let faults = 0;
    for (const x of list) {
      deviceId ??= x.deviceId;
      if (x.cwmpRequest?.rpc === 'Inform' && x.cwmpRequest.events) events = x.cwmpRequest.events;
      if (x.error) error = x.error;
      const cpe = x.request ? summaryMessage(x, 'cpe', x.cwmpRequest, (x.request.body.size ?? 0) > 0) : undefined;
      const unauthorized = x.response?.status === 401;
      const acs =
        x.response && !unauthorized && x.response.status < 300
          ? summaryMessage(x, 'acs', x.cwmpResponse, (x.response.body.size ?? 0) > 0)
          : undefined;
      if (acs && x.response) acs.status = x.response.status;
      if (cpe && !unauthorized) {
        messages.push(cpe);
        if (cpe.rpc === 'Fault' || cpe.faultCode !== undefined) faults++;
        if (pendingAcs && (isResponse(cpe.rpc) || cpe.rpc === null)) {
          if (cpe.rpc !== null) {
            pendingAcs.response = cpe;
            pendingAcs.outcome = cpe.rpc === 'Fault' ? 'fault' : 'ok';
          }
          pendingAcs = undefined;
        }
      }
      if (acs) {
        messages.push(acs);
        if (acs.rpc === 'Fault') faults++;
        const cpeAsked = cpe !== undefined && cpe.rpc !== null && !isResponse(cpe.rpc);
        if (cpe && cpeAsked) {
          const answered = isResponse(acs.rpc);
          pairs.push({ requester: 'cpe', request: cpe, response: answered ? acs : undefined, outcome: acs.rpc === 'Fault' ? 'fault' : answered ? 'ok' : 'unanswered' });
        }
        if (acs.rpc !== null && !isResponse(acs.rpc)) {
          pendingAcs = { requester: 'acs', request: acs, outcome: 'unanswered' };
          pairs.push(pendingAcs);
        }
      } else if (cpe && cpe.rpc !== null && !isResponse(cpe.rpc) && !unauthorized) {
        pairs.push({ requester: 'cpe', request: cpe, outcome: 'unanswered' });
      }
    }
    const first = list[0];
    const lastX = list[list.length - 1];
    const endedAt = lastX.finishedAt ?? lastX.startedAt;
    const lastMsg = messages[messages.length - 1];
    let outcome: SessionOutcome;
    let reason: string | undefined;
    if (error && /time[d ]?\s*out|timeout/i.test(error)) {
      outcome = 'timed-out';
      reason = error;
    } else if (error) {
      outcome = 'broken-off';
      reason = error;
    } else if (lastX.response?.status === 401) {
      outcome = 'broken-off';
      reason = 'authentication was not completed (last answer was 401)';
    } else if (lastX.response && lastX.response.status >= 300) {
      outcome = 'broken-off';
      reason = `ACS answered HTTP ${lastX.response.status}`;
    } else if (lastMsg && lastMsg.from === 'acs' && lastMsg.rpc === null) {
      outcome = faults > 0 ? 'faulted' : 'completed';
      if (faults > 0) reason = `${faults} fault${faults > 1 ? 's' : ''}`;
    } else if (now - endedAt > idle) {
      outcome = 'timed-out';
      reason = lastMsg ? `no further message after ${lastMsg.rpc ?? 'empty message'} from the ${lastMsg.from.toUpperCase()}` : 'no message';
    } else {
      outcome = 'in-progress';
    }
    out.push({
      id,
      deviceId,
      source: first.source,
      startedAt: first.startedAt,
      endedAt,
      events,
      exchangeIds: list.map((x) => x.id),
      connectionIds: [...new Set(list.map((x) => x.connection.id))],
      messages,
      pairs,
      outcome,
      reason,
      faults,
    });
  }
  return out.sort((a, b) => a.startedAt - b.startedAt);
}
