/**
 * Runs one case: feeds the scenario engine the device's answers and carries out its actions on the ACS,
 * until it says done. Runner-level changes (ACS settings, helper listeners, files) are put back at the
 * end, as the engine puts back parameter values; a stopped run still puts things back (bounded).
 */
import { abortScenario, advance, startScenario, type EngineAction, type EngineEvent, type EngineResult } from '../../src-shared/scenario/engine';
import type { CaseResult, Verdict } from '../../src-shared/testing/report';
import type { TestBench } from './bench';
import type { CaseEnv, TestCase } from './case';
import { RunStopped, type DeviceLink, type SeenInform } from './device-link';
import { missingFacts, type DeviceFacts } from './facts';
import { HOST_OPS, type DeviceHooks, type HostContext } from './host-ops';

export interface DriveContext {
  bench: TestBench;
  link: DeviceLink;
  facts: DeviceFacts;
  env: CaseEnv;
  hooks: DeviceHooks;
  signal: AbortSignal;
  /** Multiplies Inform waits (a slow real CPE may need more than the defaults). */
  waitScale: number;
}

const CLEANUP_BOUND_MS = 20_000;

export function resultOf(tc: TestCase, verdict: Verdict, reason: string, extra: Partial<CaseResult> = {}): CaseResult {
  const { id, title, area, section, requirement, destructive } = tc;
  return { id, title, area, section, requirement, destructive, verdict, reason, durationMs: 0, exchanges: [], ...extra };
}

/** Runs `tc` against the device; never throws (RunStopped included: the case ends as error then). */
export async function runCase(ctx: DriveContext, tc: TestCase): Promise<CaseResult & { stopped?: boolean }> {
  const started = performance.now();
  const { link, facts } = ctx;
  const finishResult = (verdict: Verdict, reason: string, extra: Partial<CaseResult> = {}): CaseResult => {
    const ids = link.exchangeIds();
    const exchanges = ids.map((id) => ctx.bench.traffic.seqOf(id)).filter((n): n is number => n !== undefined);
    return resultOf(tc, verdict, reason, { durationMs: Math.round(performance.now() - started), exchanges, exchangeIds: ids, ...extra });
  };
  link.mark();
  if (link.gone) return finishResult('error', `the device is gone: ${link.gone}`);
  const skip = missingFacts(facts, tc.needs ?? []) ?? tc.when?.(facts, ctx.env) ?? null;
  if (skip) return finishResult('skip', skip);

  const cleanups: Array<() => Promise<void>> = [];
  const informs: SeenInform[] = [];
  let informWaiter: ((i: SeenInform) => void) | null = null;
  const offInform = link.onInform((i) => {
    if (informWaiter) informWaiter(i);
    else informs.push(i);
  });
  const host: HostContext = {
    bench: ctx.bench,
    link,
    facts,
    hooks: ctx.hooks,
    transfers: new Map(),
    startedAt: Date.now(),
    onCleanup: (fn) => cleanups.push(fn),
  };
  let informDeadline = 0;
  let sawInform = false;
  let stopped = false;

  const awaitInform = async (a: Extract<EngineAction, { type: 'await-inform' }>): Promise<EngineEvent> => {
    if (a.fresh) informDeadline = Date.now() + a.timeoutMs * ctx.waitScale;
    const queued = informs.shift();
    if (queued) return { type: 'inform', inform: queued.inform };
    const remaining = informDeadline - Date.now();
    if (remaining <= 0) return { type: 'timeout' };
    const got = await new Promise<SeenInform | null>((resolve, reject) => {
      const timer = setTimeout(() => finish(null), remaining);
      const onAbort = (): void => {
        clearTimeout(timer);
        informWaiter = null;
        reject(new RunStopped());
      };
      const finish = (i: SeenInform | null): void => {
        clearTimeout(timer);
        informWaiter = null;
        ctx.signal.removeEventListener('abort', onAbort);
        resolve(i);
      };
      if (ctx.signal.aborted) return onAbort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      informWaiter = finish;
    });
    if (!got) return { type: 'timeout' };
    sawInform = true;
    return { type: 'inform', inform: got.inform };
  };

  const perform = async (a: EngineAction): Promise<EngineEvent> => {
    switch (a.type) {
      case 'send': {
        const out = await link.request(a.rpc, a.purpose === 'restore' ? Math.min(link.rpcTimeoutMs, CLEANUP_BOUND_MS) : link.rpcTimeoutMs);
        const key = (a.rpc as { commandKey?: unknown }).commandKey;
        if (out.task && typeof key === 'string') host.transfers.set(key, out.task.id);
        if (out.type === 'response') return { type: 'response', rpc: out.rpc };
        if (out.type === 'fault') return { type: 'fault', fault: out.fault };
        return { type: 'no-response', message: out.message };
      }
      case 'await-inform':
        return awaitInform(a);
      case 'connection-request': {
        const cr = await link.connectionRequest(a.credentials);
        return { type: 'cr', outcome: cr.outcome, message: cr.message };
      }
      case 'sleep':
        await link.sleep(a.ms);
        return { type: 'slept' };
      case 'host': {
        const op = HOST_OPS[a.op];
        if (!op) return { type: 'host', ok: false, message: `unknown runner operation ${a.op}` };
        try {
          return { type: 'host', ...(await op(host, a.args)) };
        } catch (err) {
          if (err instanceof RunStopped) throw err;
          return { type: 'host', ok: false, message: `${a.op}: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      case 'done':
        throw new Error('done is not performed');
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  };

  let r: EngineResult = startScenario(tc.steps(facts), { ...tc.vars, ...facts.vars });
  let lastEvent: EngineEvent | null = null;
  try {
    while (r.action.type !== 'done') {
      let ev: EngineEvent;
      // Informs that came before this action are not what a later Inform step waits for; those that come
      // while it is carried out (the session a connection request opens) are.
      if (r.action.type !== 'await-inform') informs.length = 0;
      try {
        ev = await perform(r.action);
      } catch (err) {
        if (!(err instanceof RunStopped) || stopped) throw err;
        stopped = true;
        // Put back what was changed even though the run stops: the link ignores the stop from here on.
        link.stopping();
        r = abortScenario(r.state, 'the run was stopped', !link.gone);
        continue;
      }
      lastEvent = ev;
      r = advance(r.state, ev);
    }
  } catch (err) {
    offInform();
    await runCleanups(cleanups);
    return finishResult('error', `runner error: ${err instanceof Error ? err.message : String(err)}`);
  }
  offInform();
  const problems = await runCleanups(cleanups);
  const done = r.action;
  let verdict = done.verdict;
  let reason = done.reason;
  if (problems.length) {
    if (verdict === 'pass') verdict = 'error';
    reason = `${reason ? `${reason}; ` : ''}could not put back: ${problems.join('; ')}`;
  }
  // Nothing heard from the device in a wait that should have heard it: is it still there?
  const silent = lastEvent?.type === 'no-response' || (lastEvent?.type === 'timeout' && !sawInform);
  if (!stopped && silent && (verdict === 'fail' || verdict === 'error')) {
    const probe = await link.connectionRequest().catch((e: unknown) => ({ outcome: 'error', message: String(e) }));
    if (probe.outcome !== 'reached') {
      link.gone = `connection request ${probe.outcome}: ${probe.message}`;
      verdict = 'error';
      reason = `${reason}; the device no longer answers (${link.gone})`;
    }
  }
  const result = finishResult(verdict, stopped ? `the run was stopped${reason && reason !== 'the run was stopped' ? ` (${reason})` : ''}` : reason, {
    ...(done.expected !== undefined ? { expected: done.expected } : {}),
    ...(done.actual !== undefined ? { actual: done.actual } : {}),
  });
  return stopped ? { ...result, verdict: 'error', stopped } : result;
}

async function runCleanups(cleanups: Array<() => Promise<void>>): Promise<string[]> {
  const problems: string[] = [];
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return problems;
}
