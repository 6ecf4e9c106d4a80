import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { unavailableHandlers } from '../../../src-main/app/unavailable';
import { createDataModelService } from '../../../src-main/datamodel/handlers';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import type { ApiHandlers } from '../../../src-shared/api/client';
import type { DeviceDetail } from '../../../src-shared/api/devices';
import { dispatch } from '../../../src-shared/api/dispatch';
import { ApiError } from '../../../src-shared/api/errors';
import { CONFORMANCE_RULES } from '../../../src-shared/conformance/index';
import { buildCwmp, faultRpc, type CwmpHeader, type Rpc } from '../../../src-shared/cwmp/index';
import { DataModel } from '../../../src-shared/datamodel/data-model';
import type { DataModelJson } from '../../../src-shared/datamodel/schema';
import type { Exchange, RecordedBody } from '../../../src-shared/traffic/exchange';
import { api } from '../server/helpers';
import { loopbackOptions } from '../workbench-helpers';

const DEVICE = '001122-Box-SN1';

function body(rpc: Rpc | null, header: CwmpHeader = {}): RecordedBody {
  const data = rpc ? buildCwmp({ rpc, header }) : '';
  return { encoding: 'utf8', data, size: Buffer.byteLength(data) };
}

let seq = 0;
/** One recorded CPE → ACS exchange, bodies made by the real serialiser. */
function exchange(sessionId: string, cpe: [Rpc | null, CwmpHeader?], acs: [Rpc | null, CwmpHeader?], status = 200): Exchange {
  seq++;
  return {
    id: `x${seq}`,
    kind: 'cwmp',
    source: 'acs',
    startedAt: 1_000 + seq,
    finishedAt: 1_000 + seq,
    connection: { id: `c-${sessionId}`, remoteAddress: '127.0.0.1', remotePort: 40000, localAddress: '127.0.0.1', localPort: 7547 },
    deviceId: DEVICE,
    sessionId,
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Content-Type', 'text/xml; charset="utf-8"']], body: body(cpe[0], cpe[1]) },
    response: { status, statusText: 'OK', headers: [['Content-Type', 'text/xml; charset="utf-8"']], body: body(acs[0], acs[1]) },
  };
}

const inform = (event: Array<[string, string]>, retryCount: number): Rpc => ({
  name: 'Inform',
  deviceId: { manufacturer: 'Acme', oui: '001122', productClass: 'Box', serialNumber: 'SN1' },
  event: event.map(([eventCode, commandKey]) => ({ eventCode, commandKey })),
  maxEnvelopes: 1,
  currentTime: '2026-11-27T10:00:00Z',
  retryCount,
  parameterList: [
    { name: 'Device.RootDataModelVersion', value: '2.17', type: 'xsd:string' },
    { name: 'Device.DeviceInfo.HardwareVersion', value: 'hw1', type: 'xsd:string' },
    { name: 'Device.DeviceInfo.SoftwareVersion', value: 'sw1', type: 'xsd:string' },
    { name: 'Device.DeviceInfo.ProvisioningCode', value: '', type: 'xsd:string' },
    { name: 'Device.ManagementServer.ParameterKey', value: '', type: 'xsd:string' },
    { name: 'Device.ManagementServer.ConnectionRequestURL', value: 'http://127.0.0.1:7000/cr', type: 'xsd:string' },
  ],
});

// Session 1: BOOT, a GetParameterValues answered badly, a Reboot, then a clean end.
// Session 2: after the reboot, with a wrong CommandKey and a RetryCount although session 1 completed.
const s1a = exchange('s1', [inform([['1 BOOT', '']], 0), { id: 'i1' }], [{ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'i1' }]);
const s1b = exchange('s1', [null], [{ name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.'] }, { id: 'g1' }]);
const s1c = exchange(
  's1',
  [
    {
      name: 'GetParameterValuesResponse',
      parameterList: [
        { name: 'Device.DeviceInfo.Manufacturer', value: 'Acme', type: 'xsd:string' },
        { name: 'Device.ManagementServer.PeriodicInformInterval', value: '0', type: 'xsd:unsignedInt' },
      ],
    },
    { id: 'g2' },
  ],
  [{ name: 'Reboot', commandKey: 'rb-1' }, { id: 'r1' }],
);
const s1d = exchange('s1', [{ name: 'RebootResponse' }, { id: 'r1' }], [null], 204);
const s1e = exchange('s1', [null], [null], 204);
const s2a = exchange('s2', [inform([['1 BOOT', ''], ['M Reboot', 'other']], 2), { id: 'i2' }], [{ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'i2' }]);
const s2b = exchange('s2', [faultRpc(8002), { id: 'q' }], [null], 204);
const cr: Exchange = { ...exchange('cr', [null], [null]), kind: 'connection-request', sessionId: undefined };

const device: DeviceDetail = {
  id: DEVICE,
  manufacturer: 'Acme',
  oui: '001122',
  productClass: 'Box',
  serialNumber: 'SN1',
  root: 'Device',
  firstSeen: 1,
  online: true,
  pendingTasks: 0,
  parameters: [
    { path: 'Device.', object: true },
    { path: 'Device.DeviceInfo.', object: true },
    { path: 'Device.DeviceInfo.Manufacturer', object: false, value: 'Acme', writable: false },
    { path: 'Device.DeviceInfo.SerialNumber', object: false, value: 'SN1', writable: true },
    { path: 'Device.DeviceInfo.X_ACME_Color', object: false, value: 'red', writable: true },
  ],
};

const store = new TrafficStore();
for (const x of [s1a, s1b, s1c, s1d, s1e, cr, s2a, s2b]) store.record(x);

const handlers: ApiHandlers = {
  ...unavailableHandlers(),
  ...createDataModelService({
    getDevice: (id) => {
      if (id !== DEVICE) throw new ApiError('not-found', `No device ${id}`);
      return device;
    },
    getExchange: (id) => store.get(id),
    listExchanges: (deviceId, limit) => store.list({ deviceId, limit }).exchanges,
  }).handlers,
};

async function call(method: string, params: unknown): Promise<any> {
  const r = await dispatch(handlers, method, params);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result;
}
async function callError(method: string, params: unknown): Promise<string> {
  const r = await dispatch(handlers, method, params);
  return r.ok ? 'ok' : r.error.code;
}

describe('datamodel/* through dispatch', () => {
  it('datamodel/get returns the compact JSON the renderer wraps', async () => {
    const json = (await call('datamodel/get', { name: 'tr-181' })) as DataModelJson;
    const model = DataModel.fromJSON(json);
    expect(model.name).toBe('Device:2.17');
    expect(model.parameter('Device.WiFi.SSID.4.SSID')?.type).toBe('string');
    expect(((await call('datamodel/get', { name: 'tr-098' })) as DataModelJson).root).toBe('InternetGatewayDevice');
    expect(await callError('datamodel/get', { name: 'tr-999' })).toBe('bad-request');
  });

  it('datamodel/lookup picks the model by the root and lists children on request', async () => {
    const p = await call('datamodel/lookup', { path: 'Device.WiFi.SSID.3.SSID' });
    expect(p).toMatchObject({ model: 'Device:2.17', definition: { kind: 'parameter', path: 'Device.WiFi.SSID.{i}.SSID', writable: true } });
    expect(p.children).toBeUndefined();
    const o = await call('datamodel/lookup', { path: 'InternetGatewayDevice.DeviceInfo.', children: true });
    expect(o.model).toMatch(/^InternetGatewayDevice:1\./);
    expect(o.children.map((c: { path: string }) => c.path)).toContain('InternetGatewayDevice.DeviceInfo.Manufacturer');
    expect((await call('datamodel/lookup', { path: 'Device.Nope.Thing' })).definition).toBeNull();
    expect(await callError('datamodel/lookup', { path: '' })).toBe('bad-request');
  });

  it('datamodel/validate', async () => {
    const bad = await call('datamodel/validate', { path: 'Device.ManagementServer.PeriodicInformInterval', value: '0' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/1/);
    expect(await call('datamodel/validate', { path: 'Device.ManagementServer.PeriodicInformInterval', value: '300' })).toEqual({ ok: true });
    expect((await call('datamodel/validate', { path: 'Device.WiFi.SSID.1.', value: 'x' })).ok).toBe(false);
    expect((await call('datamodel/validate', { path: 'Device.Nope', value: 'x' })).ok).toBe(false);
    expect(await call('datamodel/validate', { path: 'Device.X_ACME_Thing', value: 'x' })).toMatchObject({ ok: true, message: expect.stringMatching(/vendor/) });
    expect(await callError('datamodel/validate', { path: 'Device.X', value: 3 })).toBe('bad-request');
  });

  it('datamodel/compare compares the device tree with its model', async () => {
    const r = await call('datamodel/compare', { deviceId: DEVICE });
    expect(r).toMatchObject({ deviceId: DEVICE, model: 'Device:2.17', nodes: 5 });
    expect(r.writableButReadOnly).toEqual(['Device.DeviceInfo.SerialNumber']);
    expect(r.vendor).toEqual(['Device.DeviceInfo.X_ACME_Color']);
    expect(r.missing.some((m: { path: string; required: boolean }) => m.path === 'Device.DeviceInfo.SoftwareVersion' && m.required)).toBe(true);
    expect(await callError('datamodel/compare', { deviceId: 'nobody' })).toBe('not-found');
  });
});

describe('conformance/* through dispatch', () => {
  it('conformance/rules lists the rule table', async () => {
    const { rules } = await call('conformance/rules', {});
    expect(rules).toHaveLength(CONFORMANCE_RULES.length);
    expect(rules.find((r: { id: string }) => r.id === 'inform-max-envelopes')).toMatchObject({ section: 'A.3.3.1', severity: 'error' });
  });

  it('check-message: XML from a script, decoded and checked against the model of its root', async () => {
    const xml = buildCwmp({ rpc: { ...inform([['1 BOOT', '']], 0), maxEnvelopes: 5 } as Rpc, header: { id: 'm1' } });
    const r = await call('conformance/check-message', { xml });
    expect(r).toMatchObject({ decoded: true, model: 'Device:2.17', counts: { error: 1 } });
    expect(r.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['inform-max-envelopes']);
    // The other root's model does not apply, and says so by its absence.
    const other = await call('conformance/check-message', { xml, name: 'tr-098' });
    expect(other.model).toBeUndefined();
    const fault = await call('conformance/check-message', { xml: buildCwmp({ rpc: faultRpc(9005) }), sender: 'acs' });
    expect(fault.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['fault-code-range']);
    const junk = await call('conformance/check-message', { xml: 'not xml at all' });
    expect(junk).toMatchObject({ decoded: false, counts: { error: 1 } });
    expect(junk.findings[0].ruleId).toBe('soap-undecodable');
    expect(await callError('conformance/check-message', { xml: '' })).toBe('bad-request');
  });

  it('check-exchange: a clean Inform exchange has no findings', async () => {
    const r = await call('conformance/check-exchange', { exchangeId: s1a.id });
    expect(r).toMatchObject({ exchangeId: s1a.id, deviceId: DEVICE, model: 'Device:2.17', checked: { request: true, response: true } });
    expect(r.findings).toEqual([]);
    expect(r.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('check-exchange: a response judged against the request the ACS sent before it', async () => {
    const r = await call('conformance/check-exchange', { exchangeId: s1c.id });
    const byRule = new Map(r.findings.map((f: { ruleId: string }) => [f.ruleId, f]));
    expect(byRule.get('response-id-mismatch')).toMatchObject({ direction: 'request', exchangeId: s1c.id, severity: 'error' });
    expect(byRule.get('gpv-unrequested')).toMatchObject({ path: expect.stringContaining('ParameterValueStruct[2]') });
    expect(byRule.get('data-model-value')).toMatchObject({ path: 'Device.ManagementServer.PeriodicInformInterval' });
    expect(r.counts.error).toBeGreaterThanOrEqual(3);
  });

  it('check-exchange: RetryCount after a completed session, CommandKey of the earlier Reboot', async () => {
    const r = await call('conformance/check-exchange', { exchangeId: s2a.id });
    const rules = r.findings.map((f: { ruleId: string }) => f.ruleId).sort();
    expect(rules).toEqual(['event-command-key', 'inform-retry-count']);
    expect(r.findings.find((f: { ruleId: string }) => f.ruleId === 'event-command-key').message).toContain('rb-1');
  });

  it('check-exchange: faults, non-CWMP exchanges, unknown ids', async () => {
    const f = await call('conformance/check-exchange', { exchangeId: s2b.id });
    expect(f.findings.map((x: { ruleId: string }) => x.ruleId)).toEqual(['fault-acs-code-from-cpe']);
    const c = await call('conformance/check-exchange', { exchangeId: cr.id });
    expect(c).toMatchObject({ checked: { request: false, response: false }, findings: [] });
    expect(await callError('conformance/check-exchange', { exchangeId: 'nope' })).toBe('not-found');
  });

  it('check-device: the traffic in order plus the parameter tree', async () => {
    const r = await call('conformance/check-device', { deviceId: DEVICE });
    expect(r).toMatchObject({ deviceId: DEVICE, model: 'Device:2.17', exchanges: 7 });
    const rules = new Set(r.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['response-id-mismatch', 'gpv-unrequested', 'inform-retry-count', 'event-command-key', 'fault-acs-code-from-cpe', 'device-writable-read-only']) {
      expect(rules.has(id), id).toBe(true);
    }
    const treeFinding = r.findings.find((f: { ruleId: string }) => f.ruleId === 'device-writable-read-only');
    expect(treeFinding.exchangeId).toBeUndefined();
    expect(r.counts.error + r.counts.warning + r.counts.info).toBe(r.findings.length);
    // The limit keeps the newest exchanges: the two of session 2 alone carry no completed-session context.
    const last = await call('conformance/check-device', { deviceId: DEVICE, limit: 2 });
    expect(last.exchanges).toBe(2);
    expect(last.findings.some((f: { ruleId: string }) => f.ruleId === 'inform-retry-count')).toBe(false);
    expect(await callError('conformance/check-device', { deviceId: 'nobody' })).toBe('not-found');
  });
});

describe('conformance/check-device counts only what the CPE sent', () => {
  it('an invalid SetParameterValues from the ACS is a finding on the exchange, not on the device', async () => {
    const id = '001122-Box-SN9';
    const mine = (x: Exchange): Exchange => ({ ...x, deviceId: id });
    const spv: Rpc = { name: 'SetParameterValues', parameterList: [{ name: 'Device.ManagementServer.PeriodicInformInterval', value: 'soon', type: 'xsd:unsignedInt' }], parameterKey: 'k' };
    const t1 = mine(exchange('t1', [inform([['1 BOOT', '']], 0), { id: 'j1' }], [{ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'j1' }]));
    const t2 = mine(exchange('t1', [null], [spv, { id: 'j2' }]));
    const t3 = mine(exchange('t1', [faultRpc(9007), { id: 'j2' }], [null], 204));
    const own = new TrafficStore();
    for (const x of [t1, t2, t3]) own.record(x);
    const svc: ApiHandlers = {
      ...unavailableHandlers(),
      ...createDataModelService({
        getDevice: (d) => {
          throw new ApiError('not-found', `No device ${d}`);
        },
        getExchange: (x) => own.get(x),
        listExchanges: (d, limit) => own.list({ deviceId: d, limit }).exchanges,
      }).handlers,
    };
    const ex = await dispatch(svc, 'conformance/check-exchange', { exchangeId: t2.id });
    if (!ex.ok) throw new Error(ex.error.message);
    const onExchange = (ex.result as { findings: Array<{ ruleId: string; direction: string }> }).findings;
    expect(onExchange).toContainEqual(expect.objectContaining({ ruleId: 'data-model-value', direction: 'response' }));
    const dev = await dispatch(svc, 'conformance/check-device', { deviceId: id });
    if (!dev.ok) throw new Error(dev.error.message);
    const r = dev.result as { exchanges: number; findings: Array<{ direction?: string }>; counts: { error: number; warning: number; info: number } };
    expect(r.exchanges).toBe(3);
    expect(r.findings.filter((f) => f.direction === 'response')).toEqual([]);
    expect(r.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });
});

describe('completion rules over a device\'s sessions', () => {
  it('catches TransferCompletes in a session that did not announce them, and an announced one never sent', async () => {
    const id = '001122-Box-SN8';
    const mine = (x: Exchange): Exchange => ({ ...x, deviceId: id });
    const tc: Rpc = { name: 'TransferComplete', commandKey: 'fw', faultStruct: { faultCode: 0, faultString: '' }, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:01Z' };
    const u = [
      // Session 1 opened for a DU state change only, yet a TransferComplete comes (and no DUStateChangeComplete).
      exchange('u1', [inform([['11 DU STATE CHANGE COMPLETE', ''], ['M ChangeDUState', 'du']], 0), { id: 'k1' }], [{ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'k1' }]),
      exchange('u1', [tc, { id: 'k2' }], [{ name: 'TransferCompleteResponse' }, { id: 'k2' }]),
      exchange('u1', [null], [null], 204),
      // Session 2 announces a transfer completion it never delivers.
      exchange('u2', [inform([['7 TRANSFER COMPLETE', ''], ['M Download', 'fw']], 0), { id: 'k3' }], [{ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'k3' }]),
      exchange('u2', [null], [null], 204),
    ].map(mine);
    const own = new TrafficStore();
    for (const x of u) own.record(x);
    const svc: ApiHandlers = {
      ...unavailableHandlers(),
      ...createDataModelService({
        getDevice: (d) => {
          throw new ApiError('not-found', `No device ${d}`);
        },
        getExchange: (x) => own.get(x),
        listExchanges: (d, limit) => own.list({ deviceId: d, limit }).exchanges,
      }).handlers,
    };
    const dev = await dispatch(svc, 'conformance/check-device', { deviceId: id });
    if (!dev.ok) throw new Error(dev.error.message);
    const found = (dev.result as { findings: Array<{ ruleId: string; exchangeId?: string; message: string }> }).findings.filter((f) => f.ruleId.startsWith('completion-'));
    expect(found.map((f) => [f.ruleId, f.exchangeId])).toEqual([
      ['completion-event', u[1].id],
      ['completion-missing', u[2].id],
      ['completion-missing', u[4].id],
    ]);
    expect(found[1].message).toContain('DUStateChangeComplete');
    expect(found[2].message).toContain('TransferComplete');
    // One exchange alone, with its session found through the device's history.
    const one = await dispatch(svc, 'conformance/check-exchange', { exchangeId: u[1].id });
    if (!one.ok) throw new Error(one.error.message);
    expect((one.result as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toEqual(['completion-event']);
  });
});

describe('conformance/check-exchange on narrow dependencies', () => {
  // The whole tree and the whole traffic list are off limits: checking one exchange must not need them.
  const narrow: ApiHandlers = {
    ...unavailableHandlers(),
    ...createDataModelService({
      getDevice: () => {
        throw new Error('check-exchange asked for the whole parameter tree');
      },
      getExchange: (id) => store.get(id),
      listExchanges: () => {
        throw new Error('check-exchange listed all of the device traffic');
      },
      deviceRoot: (id) => (id === DEVICE ? 'Device' : undefined),
      exchangeHistory: (id, count) => store.deviceHistory(id, count),
    }).handlers,
  };
  async function narrowCall(exchangeId: string): Promise<any> {
    const r = await dispatch(narrow, 'conformance/check-exchange', { exchangeId });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  }

  it('gives the same verdicts as the full path, history included', async () => {
    for (const x of [s1a, s1c, s2a, s2b, cr]) {
      expect(await narrowCall(x.id)).toEqual(await call('conformance/check-exchange', { exchangeId: x.id }));
    }
    // The earlier Reboot's CommandKey is found through the device's history, so history was used.
    const r = await narrowCall(s2a.id);
    expect(r.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['event-command-key', 'inform-retry-count']);
  });

  it('TrafficStore.deviceHistory: the exchange and its device\'s earlier ones, oldest first, bounded', () => {
    const ids = store.deviceHistory(s2a.id, 3).map((x) => x.id);
    expect(ids.at(-1)).toBe(s2a.id);
    expect(ids.length).toBeLessThanOrEqual(4);
    const all = store.list({ deviceId: DEVICE }).exchanges.map((x) => x.id);
    expect(ids).toEqual(all.slice(all.indexOf(s2a.id) - (ids.length - 1), all.indexOf(s2a.id) + 1));
    expect(store.deviceHistory('nope', 3)).toEqual([]);
  });
});

describe('through the workbench with a simulated CPE', () => {
  let dataDir: string;
  let w: Workbench;
  let port: number;
  const TOKEN = 'dm-token';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cwmp-dm-'));
    w = await createWorkbench(loopbackOptions(dataDir, { token: TOKEN, sim: 1, record: false, staticDir: join(dataDir, 'no-ui') }));
    const urls = await w.start();
    port = Number(new URL(urls.ui!).port);
    // The simulated CPE bootstraps on start; wait for its session to be recorded.
    for (let i = 0; i < 100 && !w.traffic.list().exchanges.some((x) => x.cwmpRequest?.rpc === 'Inform' && x.finishedAt); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await w?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers datamodel/* and conformance/* over HTTP for the simulated device', async () => {
    const deviceId = w.simulator()!.devices[0].deviceId;
    const cmp = (await api(port, 'datamodel/compare', { deviceId }, TOKEN)).json();
    expect(cmp).toMatchObject({ deviceId, model: 'Device:2.17' });
    expect(cmp.nodes).toBeGreaterThan(0);

    const inform = w.traffic.list({ deviceId }).exchanges.find((x) => x.cwmpRequest?.rpc === 'Inform');
    expect(inform).toBeDefined();
    const r = (await api(port, 'conformance/check-exchange', { exchangeId: inform!.id }, TOKEN)).json();
    expect(r).toMatchObject({ exchangeId: inform!.id, deviceId, checked: { request: true, response: true } });
    // The simulator and the embedded ACS speak the protocol as written: no errors on the bootstrap Inform.
    expect(r.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);

    const dev = (await api(port, 'conformance/check-device', { deviceId }, TOKEN)).json();
    expect(dev.exchanges).toBeGreaterThan(0);
    expect(dev.findings.filter((f: { severity: string; exchangeId?: string }) => f.severity === 'error' && f.exchangeId)).toEqual([]);

    const v = (await api(port, 'datamodel/validate', { path: 'Device.ManagementServer.PeriodicInformInterval', value: 'soon' }, TOKEN)).json();
    expect(v.ok).toBe(false);
  });

  it('says which required parameters were never read, and reading the offered paths settles them', async () => {
    const deviceId = w.simulator()!.devices[0].deviceId;
    const before = (await api(port, 'conformance/check-device', { deviceId }, TOKEN)).json();
    // Only the Inform was seen: DeviceInfo's other required parameters were never asked for.
    expect(before.unread.parameters).toContain('Device.DeviceInfo.Manufacturer');
    expect(before.unread.readPaths).toContain('Device.DeviceInfo.');
    const unreadFinding = before.findings.find((f: { path?: string }) => f.path === 'Device.DeviceInfo.Manufacturer');
    expect(unreadFinding).toMatchObject({ ruleId: 'device-required-unread', severity: 'info' });
    expect(before.findings.some((f: { ruleId: string }) => f.ruleId === 'device-required-missing')).toBe(false);

    const ids: string[] = [];
    for (const path of before.unread.readPaths as string[]) {
      ids.push((await api(port, 'tasks/create', { deviceId, rpc: { name: 'GetParameterValues', parameterNames: [path] }, connectionRequest: path === before.unread.readPaths.at(-1) }, TOKEN)).json().taskId);
    }
    for (let i = 0; i < 200; i++) {
      const states = await Promise.all(ids.map(async (taskId) => (await api(port, 'tasks/get', { taskId }, TOKEN)).json().status));
      if (states.every((s) => s !== 'queued' && s !== 'sent')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = (await api(port, 'conformance/check-device', { deviceId }, TOKEN)).json();
    expect(after.unread?.readPaths ?? []).not.toContain('Device.DeviceInfo.');
    expect(after.findings.some((f: { path?: string }) => f.path === 'Device.DeviceInfo.Manufacturer')).toBe(false);
  });
});
