import type { CwmpMessage, EventStruct } from '../cwmp/types';
import { quote, type FindingCollector } from './collector';

/** The CPE requests that report an ACS request's completion, the numbered event their session's Inform must carry, and the M events naming the request. */
const COMPLETIONS: Record<string, { event: string; methods: string[] }> = {
  TransferComplete: { event: '7 TRANSFER COMPLETE', methods: ['M Download', 'M Upload', 'M ScheduleDownload'] },
  DUStateChangeComplete: { event: '11 DU STATE CHANGE COMPLETE', methods: ['M ChangeDUState'] },
};

/**
 * A TransferComplete (DUStateChangeComplete) belongs in a session whose Inform announced it: `7 TRANSFER
 * COMPLETE` (`11 DU STATE CHANGE COMPLETE`) and an `M Download`/`M Upload`/`M ScheduleDownload`
 * (`M ChangeDUState`) event with the same CommandKey. `sessionEvents`: the events of that session's Inform.
 */
export function checkCompletionEvents(message: CwmpMessage, sessionEvents: readonly EventStruct[], out: FindingCollector): void {
  const rpc = message.rpc;
  if (!rpc || (rpc.name !== 'TransferComplete' && rpc.name !== 'DUStateChangeComplete')) return;
  const { event, methods } = COMPLETIONS[rpc.name];
  const codes = new Set(sessionEvents.map((e) => e.eventCode));
  if (!codes.has(event)) {
    out.add('completion-event', `a ${rpc.name} was sent in a session whose Inform did not carry ${quote(event)} (it had ${[...codes].map((c) => quote(c)).join(', ') || 'no events'})`);
    return;
  }
  const named = sessionEvents.filter((e) => methods.includes(e.eventCode));
  if (!named.some((e) => e.commandKey === rpc.commandKey)) {
    out.add(
      'completion-event',
      named.length
        ? `the ${rpc.name} carries CommandKey ${quote(rpc.commandKey)}, but the session's Inform named ${named.map((e) => `${e.eventCode} ${quote(e.commandKey)}`).join(', ')}`
        : `the ${rpc.name} is not named by any ${methods.map((m) => quote(m)).join(' / ')} event of the session's Inform`,
    );
  }
}

/**
 * At the CPE's empty POST (it has nothing more to send): every completion its Inform announced must have
 * been delivered in the session. `sent`: the names of the CPE requests sent since the Inform.
 */
export function checkAnnouncedCompletions(sessionEvents: readonly EventStruct[], sent: ReadonlySet<string>, out: FindingCollector): void {
  const codes = new Set(sessionEvents.map((e) => e.eventCode));
  for (const [name, { event }] of Object.entries(COMPLETIONS)) {
    if (codes.has(event) && !sent.has(name)) {
      out.add('completion-missing', `the session's Inform carried ${quote(event)}, but the CPE sent its empty POST without a ${name}`);
    }
  }
}
