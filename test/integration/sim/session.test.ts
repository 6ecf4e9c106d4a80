/**
 * Simulator sessions over loopback: ACS authentication, connection requests with Digest, Download and
 * Upload with TransferComplete, Reboot, FactoryReset, ScheduleInform, HoldRequests, CWMP versions.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type SimOptions, type Simulator } from '../../../src-main/sim';
import { MiniAcs } from './mini-acs';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(options: Partial<SimOptions> = {}, prepare?: (acs: MiniAcs) => void): Promise<{ acs: MiniAcs; sim: Simulator }> {
  const acs = new MiniAcs();
  prepare?.(acs);
  await acs.listen();
  cleanup.push(() => acs.close());
  const sim = await createSimulator({ acsUrl: acs.url, count: 1, rebootDelayMs: 20, informIntervalSec: 3600, retryBaseMs: 60_000, ...options });
  cleanup.push(() => sim.stop());
  await sim.start();
  return { acs, sim };
}

function get(url: string, authorization?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: authorization ? { Authorization: authorization } : {}, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** An ACS-side Digest answer, computed here from RFC 7616 rather than with the simulator's code. */
function digest(challenge: string, url: string, username: string, password: string): string {
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const realm = /realm="([^"]*)"/.exec(challenge)?.[1] ?? '';
  const nonce = /nonce="([^"]*)"/.exec(challenge)?.[1] ?? '';
  const uri = new URL(url).pathname;
  const cnonce = 'abcdef0123456789';
  const nc = '00000001';
  const response = md5(`${md5(`${username}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

describe('ACS authentication', () => {
  it('answers a Basic challenge', async () => {
    const { acs, sim } = await setup({ acsAuth: { username: 'cpe', password: 'secret' } }, (a) => {
      a.auth = { scheme: 'basic', username: 'cpe', password: 'secret' };
    });
    expect(sim.devices[0].sessions[0]).toMatchObject({ ok: true });
    expect(acs.challenges).toBe(1);
    expect(acs.informs).toHaveLength(1);
  });

  it('answers a Digest challenge and reuses it for the rest of the session', async () => {
    const { acs, sim } = await setup({ acsAuth: { username: 'cpe', password: 'secret' } }, (a) => {
      a.auth = { scheme: 'digest', username: 'cpe', password: 'secret' };
    });
    const gpv = acs.queue('SIM000001', { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber'] });
    const s = await sim.inform(0);
    expect(s.ok).toBe(true);
    expect((await gpv).name).toBe('GetParameterValuesResponse');
    // One challenge per session (bootstrap and this one); later POSTs carried the Digest answer.
    expect(acs.challenges).toBe(2);
  });

  it('fails the session, keeping its events, when the credentials are wrong', async () => {
    const { acs, sim } = await setup({ acsAuth: { username: 'cpe', password: 'wrong' } }, (a) => {
      a.auth = { scheme: 'digest', username: 'cpe', password: 'secret' };
    });
    const boot = sim.devices[0].sessions[0];
    expect(boot.ok).toBe(false);
    expect(boot.error).toMatch(/rejected|401/);
    expect(acs.informs).toHaveLength(0);
    acs.auth = null;
    const retry = await sim.inform(0, ['2 PERIODIC']);
    expect(retry.ok).toBe(true);
    // The undelivered BOOTSTRAP goes along with the new event, and RetryCount says it is a retry.
    expect(acs.informs[0].event.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT', '2 PERIODIC']);
    expect(acs.informs[0].retryCount).toBe(1);
  });
});

describe('connection request', () => {
  it('requires Digest, then starts a session with 6 CONNECTION REQUEST', async () => {
    const { acs, sim } = await setup({ connectionRequestAuth: { username: 'acs', password: 'cr-pass' } });
    const d = sim.devices[0];
    const url = d.connectionRequestUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\w+$/);

    const anonymous = await get(url);
    expect(anonymous.status).toBe(401);
    const challenge = String(anonymous.headers['www-authenticate']);
    expect(challenge).toMatch(/^Digest .*qop="auth"/);

    const wrong = await get(url, digest(challenge, url, 'acs', 'nope'));
    expect(wrong.status).toBe(401);
    expect(await get(url.replace(/\/\w+$/, '/elsewhere'))).toMatchObject({ status: 404 });

    const session = d.nextSession((r) => r.events.includes('6 CONNECTION REQUEST'));
    const right = await get(url, digest(challenge, url, 'acs', 'cr-pass'));
    expect(right.status).toBe(200);
    const s = await session;
    expect(s.ok).toBe(true);
    expect(acs.informs.at(-1)?.event.map((e) => e.eventCode)).toEqual(['6 CONNECTION REQUEST']);
    expect(d.connectionRequests).toEqual({ accepted: 1, rejected: 1 });
  });

  it('uses credentials the ACS sets through SetParameterValues', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    const open = d.nextSession((r) => r.events.includes('6 CONNECTION REQUEST'));
    expect((await get(d.connectionRequestUrl)).status).toBe(200);
    await open;
    const spv = acs.queue('SIM000001', {
      name: 'SetParameterValues',
      parameterList: [
        { name: 'Device.ManagementServer.ConnectionRequestUsername', value: 'u2', type: 'xsd:string' },
        { name: 'Device.ManagementServer.ConnectionRequestPassword', value: 'p2', type: 'xsd:string' },
      ],
      parameterKey: 'cr',
    });
    await sim.inform(0);
    expect((await spv).name).toBe('SetParameterValuesResponse');
    const challenge = String((await get(d.connectionRequestUrl)).headers['www-authenticate']);
    expect(challenge).toMatch(/^Digest/);
    expect((await get(d.connectionRequestUrl, digest(challenge, d.connectionRequestUrl, 'u2', 'p2'))).status).toBe(200);
    // The password is hidden from GetParameterValues, as TR-181 requires.
    expect(d.getValue('Device.ManagementServer.ConnectionRequestPassword')).toBe('p2');
    const gpv = acs.queue('SIM000001', { name: 'GetParameterValues', parameterNames: ['Device.ManagementServer.ConnectionRequestPassword'] });
    await sim.inform(0);
    expect(await gpv).toMatchObject({ parameterList: [{ value: '' }] });
  });
});

describe('transfers', () => {
  const download = (acs: MiniAcs, file: string, commandKey: string) => ({
    name: 'Download' as const,
    commandKey,
    fileType: '1 Firmware Upgrade Image',
    url: `${acs.base}/files/${file}`,
    username: '',
    password: '',
    fileSize: 0,
    targetFileName: file,
    delaySeconds: 0,
    successURL: '',
    failureURL: '',
  });

  it('Download fetches the file and reports TransferComplete with 7 TRANSFER COMPLETE and M Download', async () => {
    const { acs, sim } = await setup();
    acs.files.set('fw-2.0.bin', Buffer.alloc(4096, 7));
    const d = sim.devices[0];
    const tcSession = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const answer = acs.queue('SIM000001', download(acs, 'fw-2.0.bin', 'dl-1'));
    await sim.inform(0);
    expect(await answer).toMatchObject({ name: 'DownloadResponse', status: 1 });
    const s = await tcSession;
    expect(acs.fileGets).toBe(1);
    expect(s.events).toEqual(expect.arrayContaining(['7 TRANSFER COMPLETE', 'M Download', '1 BOOT']));
    const inform = acs.informs.at(-1);
    expect(inform?.event).toContainEqual({ eventCode: 'M Download', commandKey: 'dl-1' });
    const tc = acs.cpeRequests.at(-1);
    expect(tc).toMatchObject({ name: 'TransferComplete', commandKey: 'dl-1', faultStruct: { faultCode: 0 } });
    expect(d.pendingRequests).toHaveLength(0);
  });

  it('reports a failed Download as a TransferComplete fault', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    const tcSession = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    await Promise.all([acs.queue('SIM000001', download(acs, 'missing.bin', 'dl-404')), sim.inform(0)]);
    await tcSession;
    expect(acs.cpeRequests.at(-1)).toMatchObject({ name: 'TransferComplete', commandKey: 'dl-404', faultStruct: { faultCode: 9016 } });
  });

  it('Upload PUTs the configuration to the URL', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    const tcSession = d.nextSession((r) => r.cpeRequests.includes('TransferComplete'));
    const answer = acs.queue('SIM000001', {
      name: 'Upload',
      commandKey: 'up-1',
      fileType: '1 Vendor Configuration File',
      url: `${acs.base}/upload/cfg.xml`,
      username: '',
      password: '',
      delaySeconds: 0,
    });
    await sim.inform(0);
    expect(await answer).toMatchObject({ name: 'UploadResponse', status: 1 });
    const s = await tcSession;
    expect(s.events).toContain('M Upload');
    const body = acs.uploads.get('cfg.xml')?.body.toString('utf8') ?? '';
    expect(body).toContain('<param name="Device.DeviceInfo.SerialNumber">SIM000001</param>');
    expect(body).not.toContain('ConnectionRequestPassword');
  });

  it('keeps TransferComplete for a later session while the ACS holds requests', async () => {
    const { acs, sim } = await setup();
    acs.files.set('cfg.xml', Buffer.from('<cfg/>'));
    acs.holdRequests = true;
    const d = sim.devices[0];
    const held = d.nextSession((r) => r.events.includes('7 TRANSFER COMPLETE'));
    await Promise.all([acs.queue('SIM000001', { ...download(acs, 'cfg.xml', 'held'), fileType: '3 Vendor Configuration File' }), sim.inform(0)]);
    const s = await held;
    expect(s.ok).toBe(true);
    expect(s.cpeRequests).toEqual([]);
    expect(d.pendingRequests.map((r) => r.name)).toEqual(['TransferComplete']);
    acs.holdRequests = false;
    const later = await sim.inform(0);
    expect(later.cpeRequests).toEqual(['TransferComplete']);
    expect(later.events).toContain('7 TRANSFER COMPLETE');
    expect(d.pendingRequests).toHaveLength(0);
  });
});

describe('reboot, factory reset, scheduled Inform', () => {
  it('Reboot: a new session with 1 BOOT and M Reboot', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    const boot = d.nextSession((r) => r.events.includes('M Reboot'));
    await Promise.all([acs.queue('SIM000001', { name: 'Reboot', commandKey: 'rb-7' }), sim.inform(0)]);
    const s = await boot;
    expect(s.events).toEqual(['1 BOOT', 'M Reboot']);
    expect(acs.informs.at(-1)?.event).toContainEqual({ eventCode: 'M Reboot', commandKey: 'rb-7' });
  });

  it('FactoryReset: values back to defaults and a 0 BOOTSTRAP session', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    await Promise.all([
      acs.queue('SIM000001', {
        name: 'SetParameterValues',
        parameterList: [{ name: 'Device.DeviceInfo.ProvisioningCode', value: 'LAB', type: 'xsd:string' }],
        parameterKey: 'pk',
      }),
      acs.queue('SIM000001', { name: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'pk2' }),
      sim.inform(0),
    ]);
    expect(d.getValue('Device.DeviceInfo.ProvisioningCode')).toBe('LAB');
    const bootstrap = d.nextSession((r) => r.events.includes('0 BOOTSTRAP'));
    await Promise.all([acs.queue('SIM000001', { name: 'FactoryReset' }), sim.inform(0)]);
    const s = await bootstrap;
    expect(s.events).toEqual(['1 BOOT', '0 BOOTSTRAP']);
    expect(d.getValue('Device.DeviceInfo.ProvisioningCode')).toBe('');
    expect(d.getValue('Device.ManagementServer.ParameterKey')).toBe('');
    expect(d.has('Device.NAT.PortMapping.1.')).toBe(false);
    expect(d.getValue('Device.DeviceInfo.SerialNumber')).toBe('SIM000001');
  });

  it('ScheduleInform: 3 SCHEDULED and M ScheduleInform after the delay', async () => {
    const { acs, sim } = await setup();
    const d = sim.devices[0];
    const scheduled = d.nextSession((r) => r.events.includes('3 SCHEDULED'), 5000);
    const [answer] = await Promise.all([acs.queue('SIM000001', { name: 'ScheduleInform', delaySeconds: 1, commandKey: 'si-1' }), sim.inform(0)]);
    expect(answer).toEqual({ name: 'ScheduleInformResponse' });
    const s = await scheduled;
    expect(s.events).toEqual(['3 SCHEDULED', 'M ScheduleInform']);
    expect(acs.informs.at(-1)?.event).toContainEqual({ eventCode: 'M ScheduleInform', commandKey: 'si-1' });
  });

  it('Informs periodically at PeriodicInformInterval', async () => {
    const { sim } = await setup({ informIntervalSec: 1 });
    const s = await sim.devices[0].nextSession((r) => r.events.includes('2 PERIODIC'), 5000);
    expect(s.ok).toBe(true);
  });
});

describe('CWMP versions and sessions', () => {
  it('CWMP 1.4 announces SupportedCWMPVersions and records UseCWMPVersion', async () => {
    const { acs, sim } = await setup({ cwmpVersion: '1.4' }, (a) => {
      a.useCwmpVersion = '1.4';
    });
    const first = acs.received[0].message;
    expect(first.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(first.header.supportedCwmpVersions).toBe('1.0,1.1,1.2,1.3,1.4');
    expect(sim.devices[0].sessions[0].useCwmpVersion).toBe('1.4');
  });

  it('CWMP 1.0 devices use the cwmp-1-0 namespace', async () => {
    const { acs } = await setup({ cwmpVersion: '1.0' });
    expect(acs.received[0].message.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(acs.received[0].message.header.supportedCwmpVersions).toBeUndefined();
  });

  it('reports an unreachable ACS as a failed session without throwing', async () => {
    const acs = new MiniAcs();
    await acs.listen();
    const url = acs.url;
    await acs.close();
    const sim = await createSimulator({ acsUrl: url, count: 2, retryBaseMs: 60_000 });
    cleanup.push(() => sim.stop());
    await sim.start();
    expect(sim.devices.map((d) => d.sessions[0].ok)).toEqual([false, false]);
    expect(sim.devices[0].sessions[0].error).toMatch(/ECONNREFUSED/);
  });

  it('rejects bad options with a clear error', async () => {
    await expect(createSimulator({ acsUrl: 'ftp://x', count: 1 })).rejects.toThrow(/http/);
    await expect(createSimulator({ acsUrl: 'http://127.0.0.1:1/', count: -1 })).rejects.toThrow(/count/);
  });

  it('survives an ACS that sends garbage or drops the connection mid-session', async () => {
    const { acs, sim } = await setup();
    const garbage = acs.queue('SIM000001', '<not-soap');
    const s1 = await sim.inform(0);
    expect(s1.ok).toBe(false);
    expect(s1.error).toMatch(/malformed/);
    void garbage;
    // The mini ACS destroys the socket instead of answering.
    const drop = (req: http.IncomingMessage): void => {
      if (req.headers['content-length'] !== '0') return;
      acs.server.off('request', drop);
      req.socket.destroy();
    };
    acs.server.prependListener('request', drop);
    const s2 = await sim.inform(0);
    expect(s2.ok).toBe(false);
    expect(s2.error).toMatch(/socket hang up|ECONNRESET/);
    const s3 = await sim.inform(0);
    expect(s3.ok).toBe(true);
  });
});
