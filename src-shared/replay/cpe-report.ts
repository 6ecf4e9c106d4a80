/**
 * What `replay cpe` reports: session by session, where the ACS now behaves differently from the trace —
 * requests it sent that the recorded ACS did not, and requests the recorded ACS sent that it did not.
 */
import type { AcsRequest, UnknownRpc } from '../cwmp/types';
import { requestKey } from './match';
import type { ScriptSession } from './script';

export interface LiveSession {
  events: string[];
  /** The ACS's requests in this session, in order. */
  requests: Array<AcsRequest | UnknownRpc>;
  /** How many were answered with the recorded answer, and how many from the rebuilt tree. */
  fromTrace: number;
  fromTree: number;
  ok: boolean;
  error?: string;
}

export interface RequestRef {
  name: string;
  request: AcsRequest | UnknownRpc;
}

export interface SessionComparison {
  /** 1-based. */
  session: number;
  recordedEvents: string[];
  events: string[];
  /** RPC names the recorded ACS sent, and the ACS now. */
  recorded: string[];
  sent: string[];
  /** Sent now, not in the recorded session. */
  unexpected: RequestRef[];
  /** In the recorded session, not sent now. */
  notSent: RequestRef[];
  fromTrace: number;
  fromTree: number;
  error?: string;
}

export interface ReplayCpeReport {
  /** The virtual CPE, `OUI-ProductClass-SerialNumber`. */
  device: string;
  acs: string;
  sessions: SessionComparison[];
  summary: {
    recordedSessions: number;
    sessions: number;
    requests: number;
    answeredFromTrace: number;
    answeredFromTree: number;
    unexpected: number;
    notSent: number;
    /** The recorded sessions the run never reached (it ended first). */
    notReached: number;
    warnings: string[];
  };
}

const nameOf = (r: AcsRequest | UnknownRpc): string => (r.name === 'Unknown' ? r.method : r.name);

/** Multiset difference by request key: what `a` has that `b` lacks. */
function minus(a: Array<AcsRequest | UnknownRpc>, b: Array<AcsRequest | UnknownRpc>): RequestRef[] {
  const left = new Map<string, number>();
  for (const r of b) left.set(requestKey(r), (left.get(requestKey(r)) ?? 0) + 1);
  const out: RequestRef[] = [];
  for (const r of a) {
    const k = requestKey(r);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push({ name: nameOf(r), request: r });
  }
  return out;
}

/** Lines up the live sessions with the recorded ones, in order. */
export function cpeReport(device: string, acs: string, recorded: ScriptSession[], live: LiveSession[], warnings: string[] = []): ReplayCpeReport {
  const sessions: SessionComparison[] = live.map((l, i) => {
    const r = recorded[i];
    const rec = r?.rpcs.map((x) => x.request) ?? [];
    return {
      session: i + 1,
      recordedEvents: r?.events ?? [],
      events: l.events,
      recorded: rec.map(nameOf),
      sent: l.requests.map(nameOf),
      unexpected: minus(l.requests, rec),
      notSent: minus(rec, l.requests),
      fromTrace: l.fromTrace,
      fromTree: l.fromTree,
      ...(l.error ? { error: l.error } : {}),
    };
  });
  return {
    device,
    acs,
    sessions,
    summary: {
      recordedSessions: recorded.length,
      sessions: live.length,
      requests: live.reduce((n, l) => n + l.requests.length, 0),
      answeredFromTrace: live.reduce((n, l) => n + l.fromTrace, 0),
      answeredFromTree: live.reduce((n, l) => n + l.fromTree, 0),
      unexpected: sessions.reduce((n, s) => n + s.unexpected.length, 0),
      notSent: sessions.reduce((n, s) => n + s.notSent.length, 0),
      notReached: Math.max(0, recorded.length - live.length),
      warnings,
    },
  };
}

/** 0: the ACS did what the trace shows; 1: it diverged (other requests, or fewer sessions than recorded). */
export function cpeReportExitCode(r: ReplayCpeReport): 0 | 1 {
  return r.summary.unexpected === 0 && r.summary.notSent === 0 && r.summary.notReached === 0 ? 0 : 1;
}

export function cpeReportText(r: ReplayCpeReport): string {
  const lines: string[] = [];
  for (const s of r.sessions) {
    const same = s.unexpected.length === 0 && s.notSent.length === 0;
    lines.push(`session ${s.session} [${s.events.join(', ')}]: ${s.sent.length} request(s)${same ? ', as recorded' : ''}${s.error ? ` — ${s.error}` : ''}`);
    for (const u of s.unexpected) lines.push(`    sent, not in the trace:   ${u.name} ${JSON.stringify(u.request)}`);
    for (const n of s.notSent) lines.push(`    in the trace, not sent:   ${n.name} ${JSON.stringify(n.request)}`);
  }
  const m = r.summary;
  lines.push('');
  lines.push(
    `${r.device} → ${r.acs}: ${m.sessions}/${m.recordedSessions} session(s), ${m.requests} request(s) (${m.answeredFromTrace} answered from the trace, ${m.answeredFromTree} from the rebuilt tree); ` +
      `${m.unexpected} unexpected, ${m.notSent} not sent${m.notReached ? `, ${m.notReached} recorded session(s) not reached` : ''}`,
  );
  for (const w of m.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
