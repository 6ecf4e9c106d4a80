/**
 * TR-111 Part 2 on loopback: the ACS's STUN server, a simulated CPE that learns its binding from it,
 * and signed UDP connection requests — acted on once, copies and replays and bad signatures ignored.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../src-shared/api/tasks';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { createAcsService, type AcsService } from '../../../src-main/acs';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createSimulator } from '../../../src-main/sim';
import { buildUdpConnectionRequest } from '../../../src-main/stun/udp-connection-request';
import { ATTR, BINDING_REQUEST, CONNECTION_REQUEST_BINDING_VALUE, decodeStun, encodeStun } from '../../../src-main/stun/stun-message';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends one datagram from a fresh socket and resolves with the first answer. */
function exchangeDatagram(bytes: Buffer, port: number): Promise<Buffer> {
  const s = createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (s.close(), reject(new Error('no answer'))), 5000);
    s.once('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m);
    });
    s.send(bytes, port, '127.0.0.1');
  });
}

function sendDatagram(text: string, port: number): Promise<void> {
  const s = createSocket('udp4');
  return new Promise((resolve, reject) => s.send(Buffer.from(text, 'latin1'), port, '127.0.0.1', (err) => (s.close(), err ? reject(err) : resolve())));
}

describe('UDP connection requests (TR-111 Part 2) on loopback', () => {
  it('the CPE learns its binding from the STUN server; a signed UDP request opens a session, copies, replays and bad signatures do not', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'udp-cr-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const exchanges: Exchange[] = [];
    const acs: AcsService = await createAcsService({ dataDir, host: '127.0.0.1', httpPort: 0, httpsPort: null, stunPort: 0, hub: new EventHub(), traffic: { record: (x) => void exchanges.push(x) } });
    await acs.start();
    cleanup.push(() => acs.stop());
    const stun = /^stun:127\.0\.0\.1:(\d+)$/.exec(acs.urls().stun ?? '');
    expect(stun).not.toBeNull();
    const cr = { username: 'udp-user', password: 'udp-secret' };
    const sim = await createSimulator({ acsUrl: `${acs.urls().http}cwmp`, count: 1, rebootDelayMs: 20, informIntervalSec: 3600, retryBaseMs: 60_000, connectionRequestAuth: cr });
    cleanup.push(() => sim.stop());
    await sim.start();
    const d = sim.devices[0];
    await acs.handlers['devices/set-credentials']({ deviceId: d.deviceId, connectionRequest: cr });

    // The ACS turns STUN on (as an operator would, by SetParameterValues); the CPE then asks the STUN server.
    const { taskId } = await acs.handlers['tasks/create']({
      deviceId: d.deviceId,
      connectionRequest: true,
      rpc: {
        name: 'SetParameterValues',
        parameterKey: 'stun',
        parameterList: [
          { name: 'Device.ManagementServer.STUNServerAddress', value: '127.0.0.1', type: 'xsd:string' },
          { name: 'Device.ManagementServer.STUNServerPort', value: stun![1], type: 'xsd:unsignedInt' },
          { name: 'Device.ManagementServer.STUNUsername', value: 'stun-cpe-1', type: 'xsd:string' },
          { name: 'Device.ManagementServer.STUNPassword', value: 'stun-pw', type: 'xsd:string' },
          { name: 'Device.ManagementServer.STUNEnable', value: 'true', type: 'xsd:boolean' },
        ],
      },
    });
    await until('the SPV', async () => (await acs.handlers['tasks/get']({ taskId })).status === 'done');
    const binding = await until('the STUN binding', () => acs.stunBinding('stun-cpe-1'));
    expect(binding.address).toBe('127.0.0.1');
    // The CPE reported it too, with a value change, so the ACS's tree has it.
    const reported = await until('UDPConnectionRequestAddress', async () => {
      const dev = await acs.handlers['devices/get']({ deviceId: d.deviceId });
      return dev.parameters.find((p) => p.path === 'Device.ManagementServer.UDPConnectionRequestAddress' && p.value)?.value;
    });
    expect(reported).toBe(`127.0.0.1:${binding.port}`);

    // With a STUNPassword set, a binding announced without (or with a wrong) MESSAGE-INTEGRITY is refused: 401, nothing learned.
    for (const key of [undefined, 'not-the-password']) {
      const forged = encodeStun(
        { type: BINDING_REQUEST, transactionId: randomBytes(12), attributes: [{ type: ATTR.USERNAME, value: Buffer.from('stun-cpe-1') }, { type: ATTR.CONNECTION_REQUEST_BINDING, value: Buffer.from(CONNECTION_REQUEST_BINDING_VALUE, 'latin1') }] },
        key,
      );
      const answer = decodeStun(await exchangeDatagram(forged, Number(stun![1])));
      expect(answer.type).toBe(0x0111);
      expect(answer.attributes.find((a) => a.type === ATTR.ERROR_CODE)?.value.subarray(2, 4)).toEqual(Buffer.from([4, 1]));
    }
    expect(acs.stunBinding('stun-cpe-1')).toMatchObject({ port: binding.port });

    // A signed UDP connection request: one session, the ACS's extra copies ignored as such.
    const sessions = d.sessions.length;
    const result = await acs.handlers['devices/connection-request']({ deviceId: d.deviceId, transport: 'udp' });
    expect(result).toMatchObject({ outcome: 'reached' });
    expect(result.message).toContain('STUN binding');
    await until('the session', () => d.sessions.length > sessions && d.sessions.at(-1)!.events.includes('6 CONNECTION REQUEST'));
    await until('the copies', () => d.udpConnectionRequests.duplicates === 2);
    expect(d.udpConnectionRequests).toMatchObject({ accepted: 1, duplicates: 2, replayed: 0, badSignature: 0 });
    const recorded = exchanges.filter((x) => x.kind === 'connection-request' && x.finishedAt && x.notes?.includes('udp'));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ deviceId: d.deviceId, connection: { remoteAddress: '127.0.0.1', remotePort: binding.port } });
    expect(recorded[0].request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\?ts=\d+&id=\d+&un=udp-user&cn=[0-9A-F]+&sig=[0-9A-F]{40}$/);

    // A replay of an older request, and a badly signed one: neither opens a session.
    const settled = d.sessions.length;
    await sendDatagram(buildUdpConnectionRequest({ host: '127.0.0.1', port: binding.port }, cr, Date.now() - 3_600_000, '777').text, binding.port);
    await sendDatagram(buildUdpConnectionRequest({ host: '127.0.0.1', port: binding.port }, { ...cr, password: 'guess' }, Date.now() + 1000, '778').text, binding.port);
    await until('both ignored', () => d.udpConnectionRequests.replayed === 1 && d.udpConnectionRequests.badSignature === 1);
    // A fresh, correctly signed one still works afterwards (and proves the two above were seen and dropped).
    await sendDatagram(buildUdpConnectionRequest({ host: '127.0.0.1', port: binding.port }, cr, Date.now() + 2000, '779').text, binding.port);
    await until('the fresh request', () => d.udpConnectionRequests.accepted === 2);
    await until('its session', () => d.sessions.length === settled + 1);
    expect(d.sessions.length).toBe(settled + 1);

    // The HTTP path is unchanged beside it.
    expect((await acs.handlers['devices/connection-request']({ deviceId: d.deviceId, transport: 'http' })).outcome).toBe('reached');
    const tasks: TaskInfo[] = (await acs.handlers['tasks/list']({ deviceId: d.deviceId })).tasks;
    expect(tasks.every((t) => t.status === 'done')).toBe(true);
  });
});
