import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rpc } from '../../../src-shared/cwmp/types';
import { deviceIdOf, makeInform, ScriptedCpe, startAcs, waitFor, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startAcs();
});
afterEach(async () => {
  await h.close();
});

describe('ACS: CWMP sessions over HTTP', () => {
  it('runs Inform → InformResponse → empty POST → 204, registers the device and records every exchange', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!, { path: '/any/path/acs' });
    const r1 = await cpe.send(makeInform('A1'), { id: 'inform-1' });
    expect(r1.status).toBe(200);
    expect(r1.message?.rpc).toEqual({ name: 'InformResponse', maxEnvelopes: 1 });
    expect(r1.message?.header.id).toBe('inform-1');
    expect(r1.message?.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(String(r1.headers['set-cookie'])).toMatch(/cwmpsid=[^;]+; Path=\//);

    const r2 = await cpe.send(null);
    expect(r2.status).toBe(204);
    expect(r2.text).toBe('');

    const { devices } = await h.acs.handlers['devices/list']({});
    expect(devices).toHaveLength(1);
    const d = devices[0];
    expect(d).toMatchObject({ id: deviceIdOf('A1'), oui: '00D09E', productClass: 'HGW', serialNumber: 'A1', manufacturer: 'Acme', softwareVersion: '1.2.3', hardwareVersion: 'hw1', modelName: 'Model X', ip: '127.0.0.1', root: 'Device', cwmpVersion: '1.2' });
    expect(d.lastEvents?.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    const detail = await h.acs.handlers['devices/get']({ deviceId: d.id });
    expect(detail.parameters.find((p) => p.path === 'Device.DeviceInfo.SoftwareVersion')).toMatchObject({ value: '1.2.3', type: 'xsd:string', object: false });
    expect(detail.parameters.find((p) => p.path === 'Device.DeviceInfo.')).toMatchObject({ object: true });

    // Two exchanges, each recorded at start and at end, with the path, the device and one session id.
    const finished = [...h.exchanges.values()];
    expect(finished).toHaveLength(2);
    expect(h.records.length).toBe(4);
    expect(finished.every((x) => x.kind === 'cwmp' && x.request?.url === '/any/path/acs' && x.deviceId === d.id && x.finishedAt)).toBe(true);
    expect(new Set(finished.map((x) => x.sessionId)).size).toBe(1);
    expect(finished[0].cwmpRequest).toMatchObject({ rpc: 'Inform', events: ['0 BOOTSTRAP', '1 BOOT'] });
    expect(finished[0].cwmpResponse?.rpc).toBe('InformResponse');
    expect(finished[0].request?.body.data).toContain('<cwmp:Inform>');
    expect(finished[0].response?.body.data).toContain('InformResponse');
    expect(finished[1].response?.status).toBe(204);
    expect(h.events.some((e) => e.event === 'devices/changed')).toBe(true);
    expect(h.events.some((e) => e.event === 'devices/parameters-changed')).toBe(true);
    cpe.destroy();
  });

  it('publishes the device once per Inform, already in session', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    await cpe.send(makeInform('ONCE'));
    const changed = h.events.filter((e) => e.event === 'devices/changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].data).toMatchObject({ id: deviceIdOf('ONCE'), online: true, serialNumber: 'ONCE' });
    await cpe.send(null);
    cpe.destroy();
  });

  it('answers in the CPE namespace and negotiates CWMP 1.4', async () => {
    const old = new ScriptedCpe(h.acs.urls().http!);
    old.namespace = 'urn:dslforum-org:cwmp-1-0';
    const r = await old.send(makeInform('NS0'));
    expect(r.message?.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(r.text).toContain('xmlns:cwmp="urn:dslforum-org:cwmp-1-0"');
    old.destroy();

    const modern = new ScriptedCpe(h.acs.urls().http!);
    const r2 = await modern.send(makeInform('NS4'), { id: '1', supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' });
    expect(r2.message?.header.useCwmpVersion).toBe('1.4');
    await modern.send(null);
    const dev = await h.acs.handlers['devices/get']({ deviceId: deviceIdOf('NS4') });
    expect(dev.cwmpVersion).toBe('1.4');
    modern.destroy();
  });

  it('answers every CPE-side request, and unknown methods with fault 8000', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    await cpe.send(makeInform('CPEREQ'));
    const fault = { faultCode: 0, faultString: '' };
    const requests: Array<[Rpc, string]> = [
      [{ name: 'GetRPCMethods' }, 'GetRPCMethodsResponse'],
      [{ name: 'TransferComplete', commandKey: 'none', faultStruct: fault, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:01Z' }, 'TransferCompleteResponse'],
      [{ name: 'AutonomousTransferComplete', announceURL: '', transferURL: 'http://x/fw.bin', isDownload: true, fileType: '1 Firmware Upgrade Image', fileSize: 10, targetFileName: 'fw.bin', faultStruct: fault, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:01Z' }, 'AutonomousTransferCompleteResponse'],
      [{ name: 'RequestDownload', fileType: '2 Web Content', fileTypeArg: [{ name: 'Version', value: '1' }] }, 'RequestDownloadResponse'],
      [{ name: 'Kicked', command: 'cmd', referer: 'http://r/', arg: 'a', next: 'http://next/' }, 'KickedResponse'],
      [{ name: 'DUStateChangeComplete', results: [], commandKey: 'du' }, 'DUStateChangeCompleteResponse'],
      [{ name: 'AutonomousDUStateChangeComplete', results: [] }, 'AutonomousDUStateChangeCompleteResponse'],
    ];
    let n = 0;
    for (const [rpc, answer] of requests) {
      const id = `req-${++n}`;
      const r = await cpe.send(rpc, { id });
      expect(r.status, rpc.name).toBe(200);
      expect(r.message?.rpc?.name, rpc.name).toBe(answer);
      expect(r.message?.header.id).toBe(id);
    }
    const unknown = await cpe.sendRaw(
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header><cwmp:ID soap:mustUnderstand="1">u1</cwmp:ID></soap:Header><soap:Body><cwmp:X_ACME_Hello><A>1</A></cwmp:X_ACME_Hello></soap:Body></soap:Envelope>',
    );
    expect(unknown.status).toBe(200);
    expect(unknown.message?.rpc).toMatchObject({ name: 'Fault', faultCode: 8000 });
    expect((await cpe.send(null)).status).toBe(204);
    // The TransferComplete for an unknown CommandKey is noted on its exchange.
    const tc = [...h.exchanges.values()].find((x) => x.cwmpRequest?.rpc === 'TransferComplete');
    expect(tc?.notes?.join(' ')).toContain('matches no waiting task');
    cpe.destroy();
  });

  it('keeps the session on the TCP connection when the CPE drops cookies', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!, { keepCookies: false });
    await cpe.send(makeInform('NOCOOKIE'));
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('NOCOOKIE'), rpc: { name: 'GetRPCMethods' } });
    const r = await cpe.send(null);
    expect(r.message?.rpc?.name).toBe('GetRPCMethods');
    const done = await cpe.send({ name: 'GetRPCMethodsResponse', methodList: ['GetParameterValues'] }, { id: r.message?.header.id });
    expect(done.status).toBe(204);
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('done');
    cpe.destroy();
  });

  it('follows a CPE that drops cookies and opens a new connection for every message', async () => {
    const url = h.acs.urls().http!;
    const first = new ScriptedCpe(url, { keepCookies: false });
    await first.send(makeInform('HTTP10'));
    first.destroy();
    await new Promise((r) => setTimeout(r, 20));
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('HTTP10'), rpc: { name: 'GetRPCMethods' } });
    const second = new ScriptedCpe(url, { keepCookies: false });
    const r = await second.send(null);
    expect(r.message?.rpc?.name).toBe('GetRPCMethods');
    second.destroy();
    await new Promise((r2) => setTimeout(r2, 20));
    const third = new ScriptedCpe(url, { keepCookies: false });
    expect((await third.send({ name: 'GetRPCMethodsResponse', methodList: [] }, { id: r.message?.header.id })).status).toBe(204);
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('done');
    third.destroy();

    // Another CPE from the same address informing does not take over (or end) a cookie-less session.
    const a = new ScriptedCpe(url, { keepCookies: false });
    await a.send(makeInform('NAT-A'));
    a.destroy();
    await new Promise((r3) => setTimeout(r3, 20));
    const b = new ScriptedCpe(url, { keepCookies: false });
    expect((await b.send(makeInform('NAT-B'))).status).toBe(200);
    expect((await b.send(null)).status).toBe(204);
    b.destroy();
    const c = new ScriptedCpe(url, { keepCookies: false });
    expect((await c.send(null)).status).toBe(204);
    c.destroy();
    const sessionsA = new Set([...h.exchanges.values()].filter((x) => x.deviceId === deviceIdOf('NAT-A')).map((x) => x.sessionId));
    expect(sessionsA.size).toBe(1);
    expect([...h.exchanges.values()].filter((x) => x.deviceId === deviceIdOf('NAT-A')).length).toBe(2);
  });

  it('refuses a session that does not start with an Inform, and malformed bodies, without dying', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    const empty = await cpe.send(null);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Inform');
    const garbage = await cpe.sendRaw('<Envelope><unclosed>');
    expect(garbage.status).toBe(400);
    const notSoap = await cpe.sendRaw('{"json": true}');
    expect(notSoap.status).toBe(400);
    // In a session, a SOAP envelope that carries no Body gets fault 8003 in the session's namespace.
    await cpe.send(makeInform('MAL'));
    const bad = await cpe.sendRaw(
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header><cwmp:ID soap:mustUnderstand="1">m1</cwmp:ID></soap:Header></soap:Envelope>',
    );
    expect(bad.status).toBe(200);
    expect(bad.message?.rpc).toMatchObject({ name: 'Fault', faultCode: 8003 });
    expect(bad.message?.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect((await cpe.send(null)).status).toBe(204);
    const errors = [...h.exchanges.values()].filter((x) => x.response?.status === 400);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors.every((x) => x.error)).toBe(true);
    cpe.destroy();
  });

  it('refuses a body over the size limit with 413 and a clear message', async () => {
    await h.acs.settings.update({ maxBodyBytes: 2048 });
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    const r = await cpe.sendRaw('x'.repeat(10_000));
    expect(r.status).toBe(413);
    expect(r.text).toContain('2048');
    const x = [...h.exchanges.values()].find((e) => e.response?.status === 413);
    expect(x?.error).toContain('limit');
    cpe.destroy();
  });

  it('handles many concurrent sessions from many CPEs', async () => {
    const cpes = Array.from({ length: 25 }, () => new ScriptedCpe(h.acs.urls().http!));
    await Promise.all(
      cpes.map(async (cpe, i) => {
        const r = await cpe.send(makeInform(`MANY${i}`), { id: `i${i}` });
        expect(r.message?.header.id).toBe(`i${i}`);
        expect((await cpe.send(null)).status).toBe(204);
      }),
    );
    expect(h.acs.stats().devicesTotal).toBe(25);
    expect(h.acs.stats().devicesOnline).toBe(25);
    const sessions = new Set([...h.exchanges.values()].map((x) => x.sessionId));
    expect(sessions.size).toBe(25);
    for (const cpe of cpes) cpe.destroy();
  });

  it('sets HoldRequests when the setting is on', async () => {
    await h.acs.settings.update({ holdRequests: true });
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    const r = await cpe.send(makeInform('HOLD'));
    expect(r.message?.header.holdRequests).toBe(true);
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('HOLD'), rpc: { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.'] } });
    const req = await cpe.send(null);
    expect(req.message?.header.holdRequests).toBe(true);
    // A CPE that sends a request anyway is answered, and the violation is noted.
    const tc = await cpe.send({ name: 'GetRPCMethods' }, { id: 'x' });
    expect(tc.message?.rpc?.name).toBe('GetRPCMethodsResponse');
    expect([...h.exchanges.values()].some((x) => x.notes?.some((n) => n.startsWith('request-after-empty-post')))).toBe(true);
    await cpe.send({ name: 'GetParameterValuesResponse', parameterList: [] }, { id: req.message?.header.id });
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('done');
    cpe.destroy();
  });

  it('times out the in-flight task when the CPE disconnects mid-session', async () => {
    await h.acs.settings.update({ sessionTimeoutMs: 300 });
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    await cpe.send(makeInform('GONE'));
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('GONE'), rpc: { name: 'Reboot', commandKey: 'r1' } });
    const r = await cpe.send(null);
    expect(r.message?.rpc?.name).toBe('Reboot');
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('sent');
    cpe.destroy();
    const final = await waitFor(() => {
      const events = h.events.filter((e) => e.event === 'tasks/changed' && e.data.id === taskId && e.data.status === 'timed-out');
      return events.length > 0 ? events : null;
    });
    expect(final.length).toBe(1);
    const info = await h.acs.handlers['tasks/get']({ taskId });
    expect(info.status).toBe('timed-out');
    expect(info.message).toContain('Reboot');
    // The device is no longer in session; a new session starts cleanly.
    const again = new ScriptedCpe(h.acs.urls().http!);
    expect((await again.send(makeInform('GONE'))).status).toBe(200);
    expect((await again.send(null)).status).toBe(204);
    again.destroy();
  });

  it('starts a fresh session when the CPE informs again mid-session, timing out the in-flight task', async () => {
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    await cpe.send(makeInform('AGAIN'));
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('AGAIN'), rpc: { name: 'GetRPCMethods' } });
    expect((await cpe.send(null)).message?.rpc?.name).toBe('GetRPCMethods');
    // Same connection, same cookie, a new Inform instead of the response.
    const r = await cpe.send(makeInform('AGAIN', [['2 PERIODIC', '']]));
    expect(r.message?.rpc?.name).toBe('InformResponse');
    const t = await h.acs.handlers['tasks/get']({ taskId });
    expect(t.status).toBe('timed-out');
    expect(t.message).toContain('new session');
    expect((await cpe.send(null)).status).toBe(204);
    const informs = [...h.exchanges.values()].filter((x) => x.cwmpRequest?.rpc === 'Inform');
    expect(new Set(informs.map((x) => x.sessionId)).size).toBe(2);

    // The same device informing on another connection supersedes a live session there too.
    const a = new ScriptedCpe(h.acs.urls().http!);
    await a.send(makeInform('AGAIN'));
    const second = (await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('AGAIN'), rpc: { name: 'FactoryReset' } })).taskId;
    expect((await a.send(null)).message?.rpc?.name).toBe('FactoryReset');
    const b = new ScriptedCpe(h.acs.urls().http!);
    expect((await b.send(makeInform('AGAIN'))).status).toBe(200);
    expect((await h.acs.handlers['tasks/get']({ taskId: second })).status).toBe('timed-out');
    // The old connection's session is gone: a late response there is refused, not mis-attributed.
    const late = await a.send({ name: 'FactoryResetResponse' });
    expect(late.status).toBe(400);
    expect((await b.send(null)).status).toBe(204);
    cpe.destroy();
    a.destroy();
    b.destroy();
  });
});

describe('ACS: an Inform without a usable DeviceId', () => {
  it('answers a SOAP fault 8003 and creates no device', async () => {
    const acs = h;
    const cpe = new ScriptedCpe(acs.acs.urls().http!);
    const inform = makeInform('');
    const r = await cpe.send(inform);
    expect(r.status).toBe(200);
    expect(r.message?.rpc).toMatchObject({ name: 'Fault', faultCode: 8003 });
    const noOui = await cpe.send({ ...makeInform('SN9'), deviceId: { ...makeInform('SN9').deviceId, oui: '' } });
    expect(noOui.message?.rpc).toMatchObject({ name: 'Fault', faultCode: 8003 });
    // Whatever comes next on that connection is not in a session.
    expect((await cpe.send(null)).status).toBe(400);
    cpe.destroy();
    expect((await acs.acs.handlers['devices/list']({})).devices).toEqual([]);
    const answered = [...acs.exchanges.values()].filter((x) => x.cwmpResponse?.rpc === 'Fault');
    expect(answered.length).toBe(2);
    expect(answered.every((x) => x.deviceId === undefined)).toBe(true);
  });
});
