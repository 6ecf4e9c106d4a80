import { describe, expect, it } from 'vitest';
import type { DeviceConformance, ExchangeConformance, Result } from '../../../src-shared/api/index';
import { CONFORMANCE_RULES } from '../../../src-shared/conformance/rules';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { createConformanceStore, EXCHANGE_CACHE } from '../../../src-renderer/src/state/conformance';
import { bySeverity, diagnosticCode, explainFinding, findingText, summarizeByRule } from '../../../src-renderer/src/features/conformance/findings';

interface Call {
  method: string;
  params: Record<string, unknown>;
}

/** A fake API: records calls and answers each method with the given function (or fails if none). */
function fakeApi(answers: Record<string, (params: Record<string, unknown>) => unknown>): Caller & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    call: ((method: string, params: Record<string, unknown>) => {
      calls.push({ method, params });
      const answer = answers[method];
      if (!answer) return Promise.reject(Object.assign(new Error(`no ${method} here`), { code: 'not-found' }));
      try {
        return Promise.resolve(answer(params));
      } catch (err) {
        return Promise.reject(err);
      }
    }) as Caller['call'],
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const exchangeResult = (exchangeId: string, errors = 0): ExchangeConformance => ({
  exchangeId,
  checked: { request: true, response: true },
  findings: Array.from({ length: errors }, () => ({
    exchangeId,
    direction: 'request' as const,
    ruleId: 'inform-max-envelopes',
    severity: 'error' as const,
    section: 'A.3.3.1',
    message: 'MaxEnvelopes is 2',
  })),
  counts: { error: errors, warning: 0, info: 0 },
});

describe('conformance slice', () => {
  it('loads the rules once and looks them up by id', async () => {
    const api = fakeApi({ 'conformance/rules': () => ({ rules: CONFORMANCE_RULES.map((r) => ({ ...r })) }) });
    const s = createConformanceStore(api);
    await Promise.all([s.getState().loadRules(), s.getState().loadRules()]);
    await s.getState().loadRules();
    expect(api.calls.filter((c) => c.method === 'conformance/rules')).toHaveLength(1);
    expect(s.getState().rule('inform-max-envelopes')).toMatchObject({ section: 'A.3.3.1', severity: 'error' });
    expect(s.getState().rule('no-such-rule')).toBeUndefined();
  });

  it('retries the rules after a failure', async () => {
    let fail = true;
    const api = fakeApi({
      'conformance/rules': () => {
        if (fail) throw new Error('down');
        return { rules: [] };
      },
    });
    const s = createConformanceStore(api);
    await s.getState().loadRules();
    expect(s.getState().rulesLoaded).toBe(false);
    fail = false;
    await s.getState().loadRules();
    expect(s.getState().rulesLoaded).toBe(true);
  });

  it('checks an exchange once, and again only when it has finished since or when forced', async () => {
    let errors = 0;
    const api = fakeApi({ 'conformance/check-exchange': (p) => exchangeResult(String(p.exchangeId), errors) });
    const s = createConformanceStore(api);
    await s.getState().checkExchange('x1', { final: false });
    await s.getState().checkExchange('x1', { final: false });
    expect(api.calls).toHaveLength(1);
    errors = 2;
    await s.getState().checkExchange('x1', { final: true });
    expect(api.calls).toHaveLength(2);
    expect(s.getState().exchanges.x1.result?.counts.error).toBe(2);
    await s.getState().checkExchange('x1', { final: true });
    expect(api.calls).toHaveLength(2);
    await s.getState().checkExchange('x1', { force: true });
    expect(api.calls).toHaveLength(3);
    expect(api.calls.every((c) => c.params.exchangeId === 'x1')).toBe(true);
  });

  it('keeps an exchange error and retries it on the next ask', async () => {
    const api = fakeApi({});
    const s = createConformanceStore(api);
    await s.getState().checkExchange('gone');
    expect(s.getState().exchanges.gone).toMatchObject({ loading: false, error: 'no conformance/check-exchange here' });
    await s.getState().checkExchange('gone');
    expect(api.calls).toHaveLength(2);
  });

  it('keeps only the newest exchange results', async () => {
    const api = fakeApi({ 'conformance/check-exchange': (p) => exchangeResult(String(p.exchangeId)) });
    const s = createConformanceStore(api);
    for (let i = 0; i < EXCHANGE_CACHE + 5; i++) await s.getState().checkExchange(`x${i}`);
    const ids = Object.keys(s.getState().exchanges);
    expect(ids).toHaveLength(EXCHANGE_CACHE);
    expect(ids).not.toContain('x0');
    expect(ids).toContain(`x${EXCHANGE_CACHE + 4}`);
  });

  it('checks a device with its limit; a late answer for an older run is dropped', async () => {
    const pending: Array<ReturnType<typeof deferred<DeviceConformance>>> = [];
    const api = fakeApi({
      'conformance/check-device': () => {
        const d = deferred<DeviceConformance>();
        pending.push(d);
        return d.promise;
      },
    });
    const s = createConformanceStore(api);
    const first = s.getState().checkDevice('dev-a');
    const second = s.getState().checkDevice('dev-b', 100);
    expect(api.calls.map((c) => c.params)).toEqual([
      { deviceId: 'dev-a', limit: 500 },
      { deviceId: 'dev-b', limit: 100 },
    ]);
    pending[1].resolve({ deviceId: 'dev-b', exchanges: 3, findings: [], counts: { error: 0, warning: 0, info: 0 } });
    await second;
    pending[0].resolve({ deviceId: 'dev-a', exchanges: 9, findings: [], counts: { error: 0, warning: 0, info: 0 } });
    await first;
    expect(s.getState().device).toMatchObject({ deviceId: 'dev-b', limit: 100, loading: false, result: { exchanges: 3 } });
  });

  it('reports a device check failure', async () => {
    const s = createConformanceStore(fakeApi({}));
    await s.getState().checkDevice('nobody');
    expect(s.getState().device).toMatchObject({ deviceId: 'nobody', loading: false, error: 'no conformance/check-device here' });
  });

  it('checks a message, passing sender and model only when chosen, and refuses empty input without a call', async () => {
    const answer: Result<'conformance/check-message'> = { decoded: true, findings: [], counts: { error: 0, warning: 0, info: 0 } };
    const api = fakeApi({ 'conformance/check-message': () => answer });
    const s = createConformanceStore(api);
    await s.getState().checkMessage('   ');
    expect(api.calls).toHaveLength(0);
    expect(s.getState().message?.error).toMatch(/Paste/);
    await s.getState().checkMessage('<a/>');
    await s.getState().checkMessage('<b/>', { sender: 'acs', model: 'tr-098' });
    await s.getState().checkMessage('<c/>', { sender: 'auto', model: 'auto' });
    expect(api.calls.map((c) => c.params)).toEqual([{ xml: '<a/>' }, { xml: '<b/>', sender: 'acs', name: 'tr-098' }, { xml: '<c/>' }]);
    expect(s.getState().message).toMatchObject({ xml: '<c/>', loading: false, result: answer });
    s.getState().clearMessage();
    expect(s.getState().message).toBeNull();
  });
});

describe('finding helpers', () => {
  it('finds and explains the decoder code at the end of a decode-warning finding', () => {
    const f = { message: 'value without xsi:type at Inform/ParameterList [missing-xsi-type]' };
    expect(diagnosticCode(f.message)).toBe('missing-xsi-type');
    expect(findingText(f.message)).toBe('value without xsi:type at Inform/ParameterList');
    expect(explainFinding(f)).toMatch(/xsi:type/);
    expect(diagnosticCode('MaxEnvelopes is 2; it must be 1')).toBeUndefined();
    expect(explainFinding({ message: 'something [not-a-decoder-code]' })).toBeUndefined();
    expect(explainFinding({ message: 'not a CWMP message: cut short [truncated]' })).toMatch(/ends in the middle/);
  });

  it('groups by rule, most severe then most frequent first, counting distinct exchanges', () => {
    const mk = (ruleId: string, severity: 'error' | 'warning' | 'info', exchangeId?: string) => ({ ruleId, severity, section: 's', message: 'm', exchangeId });
    const groups = summarizeByRule(
      [
        mk('soap-lexical', 'info', 'x1'),
        mk('device-required-missing', 'warning'),
        mk('device-required-missing', 'warning'),
        mk('soap-structure', 'warning', 'x1'),
        mk('inform-max-envelopes', 'error', 'x1'),
        mk('soap-structure', 'warning', 'x2'),
        mk('soap-structure', 'warning', 'x2'),
      ],
      CONFORMANCE_RULES,
    );
    expect(groups.map((g) => [g.ruleId, g.count, g.exchanges])).toEqual([
      ['inform-max-envelopes', 1, 1],
      ['soap-structure', 3, 2],
      ['device-required-missing', 2, 0],
      ['soap-lexical', 1, 1],
    ]);
    expect(groups[0].title).toBe('Inform MaxEnvelopes is 1');
    expect(groups[1].findings).toHaveLength(3);
  });

  it('orders findings by severity, stable within one', () => {
    const out = bySeverity([
      { ruleId: 'a', severity: 'info', section: '', message: '1' },
      { ruleId: 'b', severity: 'warning', section: '', message: '2' },
      { ruleId: 'c', severity: 'error', section: '', message: '3' },
      { ruleId: 'd', severity: 'warning', section: '', message: '4' },
    ]);
    expect(out.map((f) => f.message)).toEqual(['3', '2', '4', '1']);
  });
});
