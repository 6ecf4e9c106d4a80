import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CpeAuthenticator } from '../../../src-main/acs/http-auth';
import { createSelfSigned } from '../../../src-main/acs/tls-identity';
import tls from 'node:tls';
import { deviceIdOf, makeInform, ScriptedCpe, startAcs, type Harness } from './helpers';

let h: Harness | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await h?.close();
  h = undefined;
});

function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https') ? https : http;
    const req = lib.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A CPE's connection-request listener on 127.0.0.1 demanding Digest (or Basic) auth. */
async function crListener(mode: 'digest' | 'basic', username: string, password: string): Promise<{ url: string; hits: () => number }> {
  const auth = new CpeAuthenticator();
  let hits = 0;
  const server = http.createServer((req, res) => {
    const v = auth.verify(mode, req.headers.authorization, 'GET', { username, password, realm: 'cpe' });
    if (!v.ok) {
      res.writeHead(401, { 'WWW-Authenticate': auth.challenge(mode, 'cpe') }).end();
      return;
    }
    hits++;
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/cr?x=1`, hits: () => hits };
}

async function informWithCr(serial: string, crUrl: string): Promise<void> {
  const cpe = new ScriptedCpe(h!.acs.urls().http!);
  await cpe.send(makeInform(serial, [['0 BOOTSTRAP', '']], [{ name: 'Device.ManagementServer.ConnectionRequestURL', value: crUrl, type: 'xsd:string' }]));
  expect((await cpe.send(null)).status).toBe(204);
  cpe.destroy();
}

describe('ACS: CPE authentication', () => {
  for (const mode of ['basic', 'digest'] as const) {
    it(`demands ${mode} auth, records the 401 challenge, and accepts the right credentials`, async () => {
      h = await startAcs();
      await h.acs.settings.update({ auth: { mode, username: 'acsuser', password: 'acspass', realm: 'bench' } });
      const stranger = new ScriptedCpe(h.acs.urls().http!);
      const refused = await stranger.send(makeInform('AUTH0'));
      expect(refused.status).toBe(401);
      expect(String(refused.headers['www-authenticate'])).toMatch(mode === 'basic' ? /^Basic realm="bench"/ : /^Digest realm="bench", qop="auth", nonce="/);
      expect((await h.acs.handlers['devices/list']({})).devices).toHaveLength(0);
      stranger.destroy();

      const wrong = new ScriptedCpe(h.acs.urls().http!, { credentials: { username: 'acsuser', password: 'nope' } });
      expect((await wrong.send(makeInform('AUTH0'))).status).toBe(401);
      wrong.destroy();
      const failed = [...h.exchanges.values()].filter((x) => x.response?.status === 401);
      expect(failed.every((x) => x.notes?.includes('auth-challenge'))).toBe(true);
      expect(failed.some((x) => x.error?.includes('Authentication failed'))).toBe(true);
      // The challenge itself is part of the recorded traffic, header and all.
      const challenge = failed[0]?.response?.headers.find(([name]) => name.toLowerCase() === 'www-authenticate');
      expect(challenge?.[1]).toMatch(mode === 'basic' ? /^Basic realm="bench"/ : /^Digest realm="bench"/);

      const good = new ScriptedCpe(h.acs.urls().http!, { credentials: { username: 'acsuser', password: 'acspass' } });
      const r = await good.send(makeInform('AUTH1'));
      expect(r.status).toBe(200);
      expect(r.message?.rpc?.name).toBe('InformResponse');
      const informExchange = [...h.exchanges.values()].find((x) => x.cwmpResponse?.rpc === 'InformResponse' && x.response?.status === 200);
      const sent = new Map(informExchange?.response?.headers.map(([n, v]) => [n.toLowerCase(), v]));
      expect(sent.get('content-type')).toMatch(/xml/);
      expect(sent.get('set-cookie')).toMatch(/Path=\//);
      // Authenticated once per session: the empty POST needs no new challenge.
      expect((await good.send(null)).status).toBe(204);
      good.destroy();
    });
  }

  it('uses per-device credentials over the global ones', async () => {
    h = await startAcs();
    // Register the device first, then demand auth.
    const first = new ScriptedCpe(h.acs.urls().http!);
    await first.send(makeInform('PER'));
    await first.send(null);
    first.destroy();
    await h.acs.handlers['devices/set-credentials']({ deviceId: deviceIdOf('PER'), cpeAuth: { username: 'dev', password: 'devpass' } });
    await h.acs.settings.update({ auth: { mode: 'digest', username: 'global', password: 'globalpass' } });
    const globalCreds = new ScriptedCpe(h.acs.urls().http!, { credentials: { username: 'global', password: 'globalpass' } });
    expect((await globalCreds.send(makeInform('PER'))).status).toBe(401);
    globalCreds.destroy();
    const own = new ScriptedCpe(h.acs.urls().http!, { credentials: { username: 'dev', password: 'devpass' } });
    expect((await own.send(makeInform('PER'))).status).toBe(200);
    own.destroy();
    // Other devices still use the global credentials.
    const other = new ScriptedCpe(h.acs.urls().http!, { credentials: { username: 'global', password: 'globalpass' } });
    expect((await other.send(makeInform('OTHER'))).status).toBe(200);
    other.destroy();
    // Settings persist (owner-only file).
    expect((await stat(join(h.dataDir, 'acs-settings.json'))).mode & 0o777).toBe(0o600);
  });
});

describe('ACS: connection request', () => {
  it('reaches a CPE with Digest credentials, and reports auth-failed, refused and timed-out', async () => {
    h = await startAcs();
    const cr = await crListener('digest', 'crUser', 'crPass');
    await informWithCr('CR1', cr.url);
    const id = deviceIdOf('CR1');

    const noCreds = await h.acs.handlers['devices/connection-request']({ deviceId: id });
    expect(noCreds.outcome).toBe('auth-failed');

    await h.acs.handlers['devices/set-credentials']({ deviceId: id, connectionRequest: { username: 'crUser', password: 'bad' } });
    expect((await h.acs.handlers['devices/connection-request']({ deviceId: id })).outcome).toBe('auth-failed');

    await h.acs.handlers['devices/set-credentials']({ deviceId: id, connectionRequest: { username: 'crUser', password: 'crPass' } });
    const ok = await h.acs.handlers['devices/connection-request']({ deviceId: id });
    expect(ok).toMatchObject({ outcome: 'reached', status: 200 });
    expect(cr.hits()).toBe(1);
    const recorded = [...h.exchanges.values()].filter((x) => x.kind === 'connection-request' && x.deviceId === id);
    expect(recorded.some((x) => x.response?.status === 401 && x.notes?.includes('auth-challenge'))).toBe(true);
    expect(recorded.some((x) => x.response?.status === 200 && x.request?.headers.some(([k, v]) => k === 'Authorization' && v.startsWith('Digest ')))).toBe(true);

    // Refused: a port nobody listens on.
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await informWithCr('CR2', `http://127.0.0.1:${deadPort}/`);
    expect((await h.acs.handlers['devices/connection-request']({ deviceId: deviceIdOf('CR2') })).outcome).toBe('refused');

    // Timed out: accepts the connection, never answers.
    const silent = net.createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => silent.close(() => r())));
    await h.acs.settings.update({ connectionRequestTimeoutMs: 200 });
    await informWithCr('CR3', `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/`);
    expect((await h.acs.handlers['devices/connection-request']({ deviceId: deviceIdOf('CR3') })).outcome).toBe('timed-out');
    silent.close();
    await expect(h.acs.handlers['devices/connection-request']({ deviceId: 'unknown' })).rejects.toThrow(/No device/);
  });

  it('"run now" queues the task and pokes the CPE with Basic auth', async () => {
    h = await startAcs();
    const cr = await crListener('basic', 'u', 'p');
    await informWithCr('RUN', cr.url);
    const id = deviceIdOf('RUN');
    await h.acs.handlers['devices/set-credentials']({ deviceId: id, connectionRequest: { username: 'u', password: 'p' } });
    const { taskId } = await h.acs.handlers['tasks/create']({ deviceId: id, rpc: { name: 'GetRPCMethods' }, connectionRequest: true });
    expect((await h.acs.handlers['tasks/get']({ taskId })).status).toBe('queued');
    const until = Date.now() + 5000;
    while (cr.hits() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(cr.hits()).toBe(1);
  });
});

describe('ACS: file store and HTTPS', () => {
  it('serves files with HEAD and Range, takes uploads, and refuses path tricks', async () => {
    h = await startAcs();
    const base = h.acs.urls().http!;
    const content = Buffer.from('0123456789abcdefghij');
    const put = await request(`${base}upload/fw.bin`, { method: 'PUT', body: content });
    expect(put.status).toBe(201);
    expect((await h.acs.files.list()).map((f) => f.name)).toEqual(['fw.bin']);

    const full = await request(`${base}files/fw.bin`);
    expect(full.status).toBe(200);
    expect(full.body.equals(content)).toBe(true);
    expect(full.headers['accept-ranges']).toBe('bytes');

    const head = await request(`${base}files/fw.bin`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('20');
    expect(head.body.length).toBe(0);

    const part = await request(`${base}files/fw.bin`, { headers: { Range: 'bytes=5-9' } });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe('56789');
    expect(part.headers['content-range']).toBe('bytes 5-9/20');
    const suffix = await request(`${base}files/fw.bin`, { headers: { Range: 'bytes=-3' } });
    expect(suffix.body.toString()).toBe('hij');
    expect((await request(`${base}files/fw.bin`, { headers: { Range: 'bytes=50-60' } })).status).toBe(416);

    const post = await request(`${base}upload/config.xml`, { method: 'POST', body: '<cfg/>' });
    expect(post.status).toBe(201);
    expect((await request(`${base}files/config.xml`)).body.toString()).toBe('<cfg/>');

    // The file store's own URL takes uploads too, as the UI's transfer dialog builds them.
    expect(h.acs.urls().files).toBe(`${base}files/`);
    expect((await request(`${h.acs.urls().files}upload/ui.cfg`, { method: 'PUT', body: 'u' })).status).toBe(201);
    expect((await request(`${h.acs.urls().files}ui.cfg`)).body.toString()).toBe('u');

    expect((await request(`${base}files/missing.bin`)).status).toBe(404);
    expect((await request(`${base}files/..%2Facs-settings.json`)).status).toBe(400);
    expect((await request(`${base}upload/..%2Fevil`, { method: 'PUT', body: 'x' })).status).toBe(400);

    const fileExchanges = [...h.exchanges.values()].filter((x) => x.kind === 'file');
    expect(fileExchanges.length).toBeGreaterThanOrEqual(9);
    expect(fileExchanges.every((x) => x.finishedAt && x.response)).toBe(true);
  });

  it('serves CWMP over HTTPS with a self-signed certificate kept in the data dir (key 0600)', async () => {
    h = await startAcs({ httpsPort: 0 });
    const url = h.acs.urls().https!;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const keyStat = await stat(join(h.dataDir, 'tls', 'acs-key.pem'));
    expect(keyStat.mode & 0o777).toBe(0o600);
    const cpe = new ScriptedCpe(url);
    const r = await cpe.send(makeInform('TLS1'));
    expect(r.message?.rpc?.name).toBe('InformResponse');
    expect((await cpe.send(null)).status).toBe(204);
    cpe.destroy();
    const x = [...h.exchanges.values()].find((e) => e.cwmpRequest?.rpc === 'Inform');
    expect(x?.connection.tls?.protocol).toMatch(/^TLS/);

    // The identity survives a restart unchanged.
    const before = await readFile(join(h.dataDir, 'tls', 'acs-cert.pem'), 'utf8');
    await h.restart();
    expect(await readFile(join(h.dataDir, 'tls', 'acs-cert.pem'), 'utf8')).toBe(before);
    expect(h.acs.urls().https).toBeTruthy();
  });

  it('swaps the HTTPS identity and the client-certificate policy without a restart', async () => {
    h = await startAcs({ httpsPort: 0 });
    const port = Number(new URL(h.acs.urls().https!).port);
    const peerFingerprint = (options: tls.ConnectionOptions = {}): Promise<{ fp?: string; error?: string; answered?: boolean }> =>
      new Promise((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () => {
          const fp = socket.getPeerCertificate().fingerprint256;
          // TLS 1.3 reports a rejected client certificate after the handshake: give it a moment.
          socket.once('error', (err) => resolve({ error: err.message }));
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
          socket.once('data', () => {
            socket.destroy();
            resolve({ fp, answered: true });
          });
          socket.once('close', () => resolve({ fp, answered: false }));
        });
        socket.once('error', (err) => resolve({ error: err.message }));
      });
    const first = await peerFingerprint();
    expect(first.fp).toBeTruthy();

    const next = createSelfSigned('127.0.0.1');
    h.acs.setTlsOptions({ key: next.key, cert: next.cert });
    const second = await peerFingerprint();
    expect(second.fp).toBeTruthy();
    expect(second.fp).not.toBe(first.fp);

    // Demand a client certificate signed by a CA the client does not have: the handshake fails and is recorded.
    const ca = createSelfSigned('127.0.0.1');
    h.acs.setTlsOptions({ key: next.key, cert: next.cert, ca: [ca.cert], requestCert: true, rejectUnauthorized: true });
    const refused = await peerFingerprint();
    expect(refused.answered).not.toBe(true);
    expect([...h.exchanges.values()].some((x) => x.kind === 'tls-failure' && /certificate/i.test(x.error ?? ''))).toBe(true);
  });
});
