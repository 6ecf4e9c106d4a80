import type { CwmpMessage, EventStruct, Inform } from '../cwmp/types';
import { missingInformParameters, requiredInformParameters as requiredFor } from '../datamodel/check-message';
import { isDateTime } from '../datamodel/validate';
import { quote, type FindingCollector } from './collector';
import type { ConformanceContext } from './types';

/** The schema's limit on EventStruct entries (maxOccurs="64"). */
export const MAX_EVENTS = 64;

/** `M <method>` events and the numbered event each comes with (TR-069 Table of Inform event codes). */
const METHOD_EVENT_COMPANION: Record<string, string> = {
  'M Reboot': '1 BOOT',
  'M ScheduleInform': '3 SCHEDULED',
  'M Download': '7 TRANSFER COMPLETE',
  'M ScheduleDownload': '7 TRANSFER COMPLETE',
  'M Upload': '7 TRANSFER COMPLETE',
  'M ChangeDUState': '11 DU STATE CHANGE COMPLETE',
};

/** Numbered events that report the completion of an ACS request, and the M events that name it. */
const NUMBERED_NEEDS_METHOD: Record<string, string[]> = {
  '3 SCHEDULED': ['M ScheduleInform'],
  '7 TRANSFER COMPLETE': ['M Download', 'M ScheduleDownload', 'M Upload'],
  '11 DU STATE CHANGE COMPLETE': ['M ChangeDUState'],
};

/** ACS requests whose CommandKey an `M <method>` event echoes: what `ConformanceContext.history` needs to hold. */
export const COMMAND_KEY_METHODS: ReadonlySet<string> = new Set(['Reboot', 'ScheduleInform', 'Download', 'ScheduleDownload', 'Upload', 'ChangeDUState']);

/** Checks the Inform-specific rules (the header, events, counts and forced parameters). */
export function checkInform(rpc: Inform, message: CwmpMessage, ctx: ConformanceContext, out: FindingCollector): void {
  if (message.header.id === undefined) {
    out.add('header-id-missing', 'the Inform has no cwmp:ID header, so the InformResponse cannot be matched to it');
  }
  if (rpc.maxEnvelopes !== 1) {
    out.add('inform-max-envelopes', `MaxEnvelopes is ${rpc.maxEnvelopes}; CWMP allows one envelope per message, so it must be 1`, 'Inform/MaxEnvelopes');
  }
  if (!isDateTime(rpc.currentTime)) {
    out.add('inform-current-time', `CurrentTime ${quote(rpc.currentTime)} is not a valid dateTime`, 'Inform/CurrentTime');
  }
  if (ctx.previousSession === 'completed' && rpc.retryCount !== 0) {
    out.add(
      'inform-retry-count',
      `RetryCount is ${rpc.retryCount} although the previous session completed; the first attempt of a session carries 0`,
      'Inform/RetryCount',
    );
  }
  checkEvents(rpc.event, ctx, out);
  checkForcedParameters(rpc, ctx, out);
}

function checkEvents(events: readonly EventStruct[], ctx: ConformanceContext, out: FindingCollector): void {
  if (events.length > MAX_EVENTS) {
    out.add('inform-event-count', `the Inform carries ${events.length} events; at most ${MAX_EVENTS} are allowed`, 'Inform/Event');
  }
  const codes = new Set(events.map((e) => e.eventCode));
  const seen = new Map<string, number>();
  events.forEach((e, i) => {
    const path = `Inform/Event/EventStruct[${i + 1}]`;
    // Numbered events are single: the CPE folds repeats into one. M events may repeat, once per CommandKey.
    const key = /^\d+ /.test(e.eventCode) ? e.eventCode : `${e.eventCode}\u0000${e.commandKey}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 2) {
      out.add(
        'event-duplicate',
        /^\d+ /.test(e.eventCode)
          ? `event ${quote(e.eventCode)} appears more than once; a numbered event is sent once per Inform`
          : `event ${quote(e.eventCode)} with CommandKey ${quote(e.commandKey)} appears more than once`,
        path,
      );
    }
    if (e.commandKey.length > 32) {
      out.add('command-key-length', `the CommandKey of ${quote(e.eventCode)} has ${e.commandKey.length} characters; at most 32 are allowed`, `${path}/CommandKey`);
    }
    const companion = METHOD_EVENT_COMPANION[e.eventCode];
    if (companion && !codes.has(companion) && n === 1) {
      out.add('event-pairing', `${quote(e.eventCode)} is sent without ${quote(companion)}`, path);
    }
  });
  for (const [code, methods] of Object.entries(NUMBERED_NEEDS_METHOD)) {
    if (codes.has(code) && !methods.some((m) => codes.has(m))) {
      out.add('event-pairing', `${quote(code)} is sent without ${methods.map((m) => quote(m)).join(' or ')} naming the request's CommandKey`, 'Inform/Event');
    }
  }
  checkCommandKeys(events, ctx, out);
}

/** An `M <method>` event must echo the CommandKey of a request for that method the ACS sent earlier. */
function checkCommandKeys(events: readonly EventStruct[], ctx: ConformanceContext, out: FindingCollector): void {
  if (!ctx.history?.length) return;
  const sentKeys = new Map<string, Set<string>>();
  for (const m of ctx.history) {
    const rpc = m.rpc;
    if (!rpc || !COMMAND_KEY_METHODS.has(rpc.name) || !('commandKey' in rpc) || typeof rpc.commandKey !== 'string') continue;
    let keys = sentKeys.get(rpc.name);
    if (!keys) sentKeys.set(rpc.name, (keys = new Set()));
    keys.add(rpc.commandKey);
  }
  events.forEach((e, i) => {
    if (!e.eventCode.startsWith('M ')) return;
    const method = e.eventCode.slice(2);
    const keys = sentKeys.get(method);
    if (!keys || keys.has(e.commandKey)) return;
    out.add(
      'event-command-key',
      `${quote(e.eventCode)} carries CommandKey ${quote(e.commandKey)}, but the ${method} requests sent to this device had ${[...keys].map((k) => quote(k)).join(', ')}`,
      `Inform/Event/EventStruct[${i + 1}]/CommandKey`,
    );
  });
}

/** Schema paths of the forced Inform parameters an Inform of this model must carry (single-instance, current). */
export function requiredInformParameters(ctx: ConformanceContext): string[] {
  return ctx.model ? requiredFor(ctx.model) : [];
}

function checkForcedParameters(rpc: Inform, ctx: ConformanceContext, out: FindingCollector): void {
  const model = ctx.model;
  if (!model) return;
  // An Inform that speaks another root is judged against the other model, not this one.
  for (const sp of missingInformParameters(rpc.parameterList, model)) {
    out.add('inform-forced-parameters', `${sp} is a forced Inform parameter of ${model.name} but is missing from the ParameterList`, sp);
  }
}
