/**
 * A plain-text account of CWMP sessions, for `capture show`, e-mail and tickets.
 */
import type { Exchange } from '../traffic/exchange';
import { bodyText } from './bytes';
import type { CwmpSession, SessionMessage } from './sessions';

function time(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function describe(m: SessionMessage): string {
  let s = m.rpc ?? '(empty)';
  if (m.cwmpId) s += ` [id ${m.cwmpId}]`;
  if (m.faultCode !== undefined) s += ` fault ${m.faultCode}${m.faultString ? ` ${m.faultString}` : ''}`;
  if (m.error) s += ` — not CWMP: ${m.error}`;
  return s;
}

/** One line per session: when, device, outcome, RPCs. */
export function sessionSummaryLine(s: CwmpSession): string {
  const rpcs = s.pairs.map((p) => p.request.rpc ?? '?');
  const shown = rpcs.length > 8 ? [...rpcs.slice(0, 8), `… +${rpcs.length - 8}`] : rpcs;
  return `${time(s.startedAt)}  ${s.deviceId ?? '(unknown device)'}  ${s.outcome}${s.reason ? ` (${s.reason})` : ''}  ${shown.join(', ')}`;
}

export interface TranscriptOptions {
  /** Include each message's body after its line. */
  bodies?: boolean;
}

/** The full transcript: a block per session, a line per message. */
export function sessionsTranscript(sessions: CwmpSession[], exchanges: Exchange[], options: TranscriptOptions = {}): string {
  const byId = new Map(exchanges.map((x) => [x.id, x]));
  const out: string[] = [];
  sessions.forEach((s, i) => {
    out.push(`Session ${i + 1}: ${s.deviceId ?? '(unknown device)'} via ${s.source}`);
    out.push(`  ${time(s.startedAt)} → ${time(s.endedAt)}  outcome: ${s.outcome}${s.reason ? ` (${s.reason})` : ''}`);
    if (s.events.length) out.push(`  events: ${s.events.join(', ')}`);
    for (const m of s.messages) {
      const arrow = m.from === 'cpe' ? 'CPE → ACS' : 'ACS → CPE';
      out.push(`  ${time(m.at).slice(11)}  ${arrow}  ${describe(m)}`);
      if (options.bodies) {
        const x = byId.get(m.exchangeId);
        const body = m.from === 'cpe' ? x?.request?.body : x?.response?.body;
        const text = bodyText(body).trim();
        if (text) out.push(...text.split('\n').map((l) => `      ${l}`));
      }
    }
    const errors = s.exchangeIds.map((id) => byId.get(id)).filter((x): x is Exchange => !!x?.error);
    for (const x of errors) out.push(`  ! ${time(x.finishedAt ?? x.startedAt).slice(11)}  ${x.error}`);
    out.push('');
  });
  const others = exchanges.filter((x) => x.kind !== 'cwmp');
  if (others.length) {
    out.push('Other exchanges:');
    for (const x of others) {
      out.push(`  ${time(x.startedAt)}  ${x.kind}  ${x.request?.method ?? ''} ${x.request?.url ?? ''} → ${x.response?.status ?? x.error ?? 'no response'}`);
    }
  }
  return out.join('\n');
}
