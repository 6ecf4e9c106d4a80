/**
 * The scenario engine: one test case as a pure state machine, `advance(state, event) → { state, action }`.
 *
 * It sits beside the ACS session machine (`../cwmp/session.ts`) and is driven by the same session events
 * seen from a test's side: a response or fault to the request it asked for, an Inform, the outcome of a
 * connection request. Its answer is always exactly one action: the next RPC to send, a connection request,
 * "wait for an Inform", a pause, a runner operation, or done with a verdict. No I/O, no clocks: the runner
 * (src-main/testing) carries the actions out on the real ACS and turns deadlines into `timeout` events, so
 * whole cases are unit-tested without sockets.
 *
 * Safety lives here too: a `restore` step reads values (or attributes) before changing them and the engine
 * puts them back, newest first, when the case ends — passed, failed, errored or aborted.
 */
import type { AcsRequest, CpeResponse, Fault, Inform, ParameterValueStruct, SetParameterAttributesStruct, UnknownRpc } from '../cwmp/types';
import { capture, checkEvents, checkFault, checkMatchers, fill, show, UnknownVariableError } from './match';
import type { Failure, Step } from './types';
import type { Verdict } from '../testing/report';

export const DEFAULT_INFORM_TIMEOUT_MS = 30_000;

export type EngineEvent =
  | { type: 'response'; rpc: CpeResponse | UnknownRpc }
  | { type: 'fault'; fault: Fault }
  /** The request got no answer (session timed out, device gone, request refused by the ACS). */
  | { type: 'no-response'; message: string }
  | { type: 'inform'; inform: Inform }
  /** The wait for an Inform ran out. */
  | { type: 'timeout' }
  | { type: 'cr'; outcome: string; message: string }
  | { type: 'slept' }
  /** A runner operation finished; `verdict` lets it end the case (e.g. skip: not possible on this device). */
  | { type: 'host'; ok: boolean; value?: string; message?: string; verdict?: Exclude<Verdict, 'pass'> };

export type EngineAction =
  | { type: 'send'; rpc: AcsRequest; purpose: 'step' | 'read-before' | 'restore' }
  /** Wait for the device's next Inform; `fresh` false: the same wait goes on (keep its deadline). */
  | { type: 'await-inform'; timeoutMs: number; fresh: boolean }
  | { type: 'connection-request'; credentials?: { username: string; password: string } }
  | { type: 'sleep'; ms: number }
  | { type: 'host'; op: string; args: Record<string, unknown> }
  | { type: 'done'; verdict: Verdict; reason: string; expected?: string; actual?: string };

type Waiting =
  | { on: 'response'; purpose: 'step' | 'read-before' | 'restore' }
  | { on: 'inform' }
  | { on: 'inform-cr' }
  | { on: 'cr' }
  | { on: 'sleep' }
  | { on: 'host' }
  | null;

export interface EngineState {
  readonly steps: readonly Step[];
  /** The step being carried out. */
  index: number;
  vars: Record<string, string>;
  waiting: Waiting;
  /** The filled-in current step (placeholders replaced once, when the step starts). */
  current: Step | null;
  /** Requests that undo what the case changed, oldest first (run newest first). */
  undo: AcsRequest[];
  /** Cleanup in progress: the requests left, and whether the case then goes on (a `restore` step) or ends. */
  cleanup: { queue: AcsRequest[]; then: 'continue' | 'finish'; problems: string[] } | null;
  /** How the case ends once cleaned up. */
  outcome: { verdict: Verdict; failure?: Failure } | null;
  done: boolean;
  /** Steps carried out, in words, for the report. */
  log: string[];
}

export interface EngineResult {
  state: EngineState;
  action: EngineAction;
}

/** Starts a case: the first action. */
export function startScenario(steps: readonly Step[], vars: Record<string, string> = {}): EngineResult {
  const state: EngineState = { steps, index: -1, vars: { ...vars }, waiting: null, current: null, undo: [], cleanup: null, outcome: null, done: false, log: [] };
  return nextStep(state);
}

/** Advances the case by one event. Never throws. */
export function advance(prev: EngineState, event: EngineEvent): EngineResult {
  if (prev.done) return { state: prev, action: finalAction(prev) };
  const state: EngineState = { ...prev, vars: { ...prev.vars }, undo: [...prev.undo], log: [...prev.log] };
  try {
    if (state.cleanup) return onCleanupEvent(state, event);
    return onEvent(state, event);
  } catch (err) {
    return endWith(state, 'error', { reason: `scenario error: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** Stops the case now (user abort, device gone): it ends as error after putting things back where it can. */
export function abortScenario(prev: EngineState, reason: string, cleanup = true): EngineResult {
  if (prev.done) return { state: prev, action: finalAction(prev) };
  const state: EngineState = { ...prev, undo: cleanup ? [...prev.undo] : [], log: [...prev.log] };
  if (state.cleanup) {
    // Already putting things back: the restore in flight is dropped by the runner; the rest still goes.
    state.outcome = { verdict: 'error', failure: { reason } };
    state.cleanup = { ...state.cleanup, queue: cleanup ? [...state.cleanup.queue] : [], then: 'finish' };
    return nextCleanup(state);
  }
  return endWith(state, 'error', { reason });
}

function finalAction(state: EngineState): EngineAction {
  const o = state.outcome ?? { verdict: 'pass' as const };
  const f = o.failure;
  const problems = state.cleanup?.problems ?? [];
  let verdict = o.verdict;
  let reason = f?.reason ?? '';
  if (problems.length) {
    const note = `could not put back what the case changed: ${problems.join('; ')}`;
    if (verdict === 'pass') verdict = 'error';
    reason = reason ? `${reason}; ${note}` : note;
  }
  return { type: 'done', verdict, reason, ...(f?.expected !== undefined ? { expected: f.expected } : {}), ...(f?.actual !== undefined ? { actual: f.actual } : {}) };
}

function nextStep(state: EngineState): EngineResult {
  state.index++;
  state.waiting = null;
  state.current = null;
  const raw = state.steps[state.index];
  if (!raw) return endWith(state, 'pass');
  let step: Step;
  try {
    step = fill(raw, state.vars);
  } catch (err) {
    if (err instanceof UnknownVariableError) return endWith(state, 'error', { reason: `step ${state.index + 1}: ${err.message}` });
    throw err;
  }
  state.current = step;
  switch (step.step) {
    case 'send':
      if (step.restore) {
        const read = readBefore(step.rpc);
        if (read) return wait(state, { on: 'response', purpose: 'read-before' }, { type: 'send', rpc: read, purpose: 'read-before' });
      }
      return wait(state, { on: 'response', purpose: 'step' }, { type: 'send', rpc: step.rpc, purpose: 'step' });
    case 'inform':
      if (step.connectionRequest) return wait(state, { on: 'inform-cr' }, { type: 'connection-request' });
      return wait(state, { on: 'inform' }, { type: 'await-inform', timeoutMs: step.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS, fresh: true });
    case 'connection-request':
      return wait(state, { on: 'cr' }, { type: 'connection-request', ...(step.credentials ? { credentials: step.credentials } : {}) });
    case 'wait':
      return wait(state, { on: 'sleep' }, { type: 'sleep', ms: step.ms });
    case 'set':
      state.vars[step.var] = step.value;
      return nextStep(state);
    case 'restore':
      return startCleanup(state, 'continue');
    case 'host':
      return wait(state, { on: 'host' }, { type: 'host', op: step.op, args: step.args ?? {} });
    default:
      return assertNever(step);
  }
}

function wait(state: EngineState, waiting: Waiting, action: EngineAction): EngineResult {
  state.waiting = waiting;
  return { state, action };
}

/** The read that must come before a change this step will undo. */
function readBefore(rpc: AcsRequest): AcsRequest | null {
  if (rpc.name === 'SetParameterValues') return { name: 'GetParameterValues', parameterNames: rpc.parameterList.map((p) => p.name) };
  if (rpc.name === 'SetParameterAttributes') return { name: 'GetParameterAttributes', parameterNames: rpc.parameterList.map((p) => p.name) };
  return null;
}

/** What undoes `rpc`, from what was read before it (or its response). */
function undoFor(rpc: AcsRequest, before: CpeResponse | UnknownRpc | null, response: CpeResponse | UnknownRpc | Fault, parameterKey: string): AcsRequest | null {
  if (rpc.name === 'SetParameterValues' && before?.name === 'GetParameterValuesResponse') {
    // Parameters the fault names were refused (read-only, say): writing them back would be refused too.
    const refused = new Set(response.name === 'Fault' ? (response.setParameterValuesFault ?? []).map((f) => f.parameterName) : []);
    const names = new Set(rpc.parameterList.map((p) => p.name).filter((n) => !refused.has(n)));
    // Each name once (a request that named one twice must not make the restore fail the same way).
    const byName = new Map(before.parameterList.filter((p) => names.has(p.name)).map((p) => [p.name, p] as const));
    const list: ParameterValueStruct[] = [...byName.values()].map((p) => ({ name: p.name, value: p.value, type: p.type || 'xsd:string' }));
    return list.length ? { name: 'SetParameterValues', parameterList: list, parameterKey } : null;
  }
  if (rpc.name === 'SetParameterAttributes' && before?.name === 'GetParameterAttributesResponse' && response.name !== 'Fault') {
    const list: SetParameterAttributesStruct[] = before.parameterList.map((p) => ({
      name: p.name,
      notificationChange: true,
      notification: p.notification,
      accessListChange: true,
      accessList: p.accessList,
    }));
    return list.length ? { name: 'SetParameterAttributes', parameterList: list } : null;
  }
  if (rpc.name === 'AddObject' && response.name === 'AddObjectResponse') {
    return { name: 'DeleteObject', objectName: `${rpc.objectName}${response.instanceNumber}.`, parameterKey };
  }
  return null;
}

function onEvent(state: EngineState, event: EngineEvent): EngineResult {
  const step = state.current;
  const w = state.waiting;
  if (!step || !w) return endWith(state, 'error', { reason: `unexpected ${event.type} event with nothing awaited` });

  if (event.type === 'no-response') {
    return endWith(state, 'error', { reason: `no answer from the device: ${event.message}` });
  }

  switch (w.on) {
    case 'response': {
      if (step.step !== 'send') break;
      if (w.purpose === 'read-before') {
        if (event.type === 'fault') return endWith(state, 'error', { reason: `could not read before changing (fault ${event.fault.faultCode}: ${event.fault.faultString})` });
        if (event.type !== 'response') break;
        state.vars.__before = JSON.stringify(event.rpc);
        return wait(state, { on: 'response', purpose: 'step' }, { type: 'send', rpc: step.rpc, purpose: 'step' });
      }
      if (event.type !== 'response' && event.type !== 'fault') break;
      const got = event.type === 'response' ? event.rpc : event.fault;
      state.log.push(`${step.rpc.name} → ${event.type === 'fault' ? `fault ${event.fault.faultCode}` : got.name}`);
      if (step.restore) {
        const before = state.vars.__before ? (JSON.parse(state.vars.__before) as CpeResponse) : null;
        // The restore also puts back the ParameterKey the device had (`restoreParameterKey`, when known).
        // After a fault too: a CPE that is not all-or-nothing may have applied part of the request.
        const undo = undoFor(step.rpc, before, event.type === 'response' ? event.rpc : event.fault, state.vars.restoreParameterKey ?? '');
        if (undo) state.undo.push(undo);
      }
      delete state.vars.__before;
      if (step.fault) {
        if (event.type === 'response') {
          return endWith(state, 'fail', { reason: `${step.rpc.name} was accepted (${got.name}); expected a fault${step.fault.code !== undefined ? ` ${[step.fault.code].flat().join(' or ')}` : ''}`, expected: `fault ${[step.fault.code ?? 'any'].flat().join(' or ')}`, actual: summary(got) });
        }
        const f = checkFault(event.fault, step.fault);
        if (f) return endWith(state, 'fail', f);
      } else if (event.type === 'fault') {
        return endWith(state, 'fail', { reason: `${step.rpc.name} failed with fault ${event.fault.faultCode}: ${event.fault.faultString}`, expected: `${step.rpc.name}Response`, actual: `fault ${event.fault.faultCode}` });
      } else if (event.rpc.name === 'Unknown' || event.rpc.name !== `${step.rpc.name}Response`) {
        return endWith(state, 'fail', { reason: `${step.rpc.name} was answered with ${summary(got)}`, expected: `${step.rpc.name}Response`, actual: summary(got) });
      }
      if (step.expect) {
        const f = checkMatchers(got, step.expect);
        if (f) return endWith(state, 'fail', f);
      }
      if (step.verify) {
        const f = step.verify(got as CpeResponse | Fault, state.vars);
        if (f) return endWith(state, f.verdict ?? 'fail', f);
      }
      if (step.capture) {
        const c = capture(got, step.capture);
        if ('missing' in c) return endWith(state, 'fail', { reason: `${summary(got)} has no ${c.missing} to capture` });
        Object.assign(state.vars, c.vars);
      }
      return nextStep(state);
    }
    case 'inform-cr':
    case 'cr': {
      if (event.type !== 'cr') break;
      if (step.step === 'inform') {
        if (event.outcome !== 'reached') return endWith(state, 'error', { reason: `connection request not accepted (${event.outcome}): ${event.message}` });
        return wait(state, { on: 'inform' }, { type: 'await-inform', timeoutMs: step.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS, fresh: true });
      }
      if (step.step !== 'connection-request') break;
      const want = step.expect ?? 'reached';
      state.log.push(`connection request → ${event.outcome}`);
      if (event.outcome !== want) {
        const verdict = want === 'reached' ? 'error' : 'fail';
        return endWith(state, verdict, { reason: `connection request ${event.outcome} (${event.message}); expected ${want}`, expected: want, actual: event.outcome });
      }
      return nextStep(state);
    }
    case 'inform': {
      if (step.step !== 'inform') break;
      if (event.type === 'timeout') {
        const what = step.events?.length ? `Inform with ${step.events.map((e) => (typeof e === 'string' ? e : e.code)).join(', ')}` : 'Inform';
        return endWith(state, 'fail', { reason: `no ${what} within ${Math.round((step.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS) / 1000)} s`, expected: what, actual: 'none' });
      }
      if (event.type !== 'inform') break;
      const inform = event.inform;
      const missing = step.events ? checkEvents(inform.event, step.events) : null;
      if (missing) {
        if (step.strict) return endWith(state, 'fail', missing);
        // Not the Inform awaited: keep waiting (same deadline).
        return wait(state, { on: 'inform' }, { type: 'await-inform', timeoutMs: step.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS, fresh: false });
      }
      state.log.push(`Inform [${inform.event.map((e) => e.eventCode).join(', ')}]`);
      for (const code of step.absent ?? []) {
        if (inform.event.some((e) => e.eventCode === code)) return endWith(state, 'fail', { reason: `the Inform carries ${code}, which it should not`, expected: `no ${code}`, actual: inform.event.map((e) => e.eventCode).join(', ') });
      }
      if (step.params) {
        const f = checkMatchers(inform, step.params);
        if (f) return endWith(state, 'fail', f);
      }
      if (step.verify) {
        const f = step.verify(inform, state.vars);
        if (f) return endWith(state, f.verdict ?? 'fail', f);
      }
      if (step.capture) {
        const c = capture(inform, step.capture);
        if ('missing' in c) return endWith(state, 'fail', { reason: `the Inform has no ${c.missing}` });
        Object.assign(state.vars, c.vars);
      }
      return nextStep(state);
    }
    case 'sleep':
      if (event.type !== 'slept') break;
      return nextStep(state);
    case 'host': {
      if (event.type !== 'host' || step.step !== 'host') break;
      if (!event.ok || event.verdict) {
        const verdict = event.verdict ?? 'error';
        return endWith(state, verdict, { reason: event.message ?? `${step.op} failed` });
      }
      if (step.capture && event.value !== undefined) state.vars[step.capture] = event.value;
      return nextStep(state);
    }
    default:
      return assertNever(w);
  }
  // An event that does not answer what is awaited: the runner must not send it; stay put.
  return { state, action: currentAction(state) };
}

/** The action the engine is waiting on (repeated when an unrelated event came in). */
function currentAction(state: EngineState): EngineAction {
  const step = state.current;
  const w = state.waiting;
  if (w?.on === 'inform' && step?.step === 'inform') return { type: 'await-inform', timeoutMs: step.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS, fresh: false };
  if (w?.on === 'sleep' && step?.step === 'wait') return { type: 'sleep', ms: step.ms };
  return { type: 'done', verdict: 'error', reason: 'the engine lost track of what it was waiting for' };
}

function endWith(state: EngineState, verdict: Verdict, failure?: Failure): EngineResult {
  state.outcome = { verdict, ...(failure ? { failure } : {}) };
  return startCleanup(state, 'finish');
}

function startCleanup(state: EngineState, then: 'continue' | 'finish'): EngineResult {
  state.cleanup = { queue: [...state.undo].reverse(), then, problems: state.cleanup?.problems ?? [] };
  state.undo = [];
  return nextCleanup(state);
}

function nextCleanup(state: EngineState): EngineResult {
  const c = state.cleanup!;
  const rpc = c.queue.shift();
  if (rpc) return wait(state, { on: 'response', purpose: 'restore' }, { type: 'send', rpc, purpose: 'restore' });
  if (c.then === 'continue') {
    state.cleanup = c.problems.length ? { queue: [], then: 'finish', problems: c.problems } : null;
    if (state.cleanup) return finish(state);
    return nextStep(state);
  }
  return finish(state);
}

function finish(state: EngineState): EngineResult {
  state.done = true;
  state.waiting = null;
  return { state, action: finalAction(state) };
}

function onCleanupEvent(state: EngineState, event: EngineEvent): EngineResult {
  const c = { ...state.cleanup!, queue: [...state.cleanup!.queue], problems: [...state.cleanup!.problems] };
  state.cleanup = c;
  const what = state.waiting?.on === 'response' ? 'restore' : 'cleanup';
  if (event.type === 'fault') c.problems.push(`${what} got fault ${event.fault.faultCode}: ${event.fault.faultString}`);
  else if (event.type === 'no-response') {
    c.problems.push(`${what} got no answer: ${event.message}`);
    c.queue = [];
    c.then = 'finish';
  } else if (event.type !== 'response') {
    return { state, action: state.waiting?.on === 'response' ? { type: 'done', verdict: 'error', reason: 'unexpected event during cleanup' } : finalAction(state) };
  }
  state.log.push(`restore → ${event.type === 'response' ? event.rpc.name : event.type}`);
  return nextCleanup(state);
}

function summary(rpc: CpeResponse | UnknownRpc | Fault): string {
  if (rpc.name === 'Fault') return `fault ${rpc.faultCode} (${rpc.faultString})`;
  if (rpc.name === 'Unknown') return rpc.method;
  return rpc.name;
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${show(x)}`);
}
