import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCwmp } from '../../../src-shared/cwmp/index';
import { CpeAuthenticator } from '../../../src-main/acs/http-auth';
import { digestAuthorization, parseAuthHeader } from '../../../src-main/runtime/http-auth';
import { deviceIdOf, makeInform, ScriptedCpe, sleep, startAcs, type Harness } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CREDS = { username: 'cpe', password: 'secret' };

/** One POST on a fresh connection, with exactly these headers. */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'text/xml; charset="utf-8"', 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const authorizationOf = (x: { request?: { headers: Array<[string, string]> } }): string | undefined =>
  x.request?.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];

describe('ACS: Digest credentials cannot be replayed', () => {
  it('refuses an Authorization header sent again, under the same or another DeviceId', async () => {
    h = await startAcs();
    await h.acs.settings.update({ auth: { mode: 'digest', ...CREDS, realm: 'bench' } });
    const url = h.acs.urls().http!;
    const cpe = new ScriptedCpe(url, { credentials: CREDS });
    expect((await cpe.send(makeInform('REPLAY1'))).status).toBe(200);
    expect((await cpe.send(null)).status).toBe(204);
    cpe.destroy();
    const accepted = [...h.exchanges.values()].find((x) => x.response?.status === 200 && authorizationOf(x));
    const header = authorizationOf(accepted!)!;
    expect(header).toMatch(/^Digest /);

    const same = await post(url, buildCwmp({ rpc: makeInform('REPLAY1'), header: {} }), { Authorization: header });
    expect(same.status).toBe(401);
    const other = await post(url, buildCwmp({ rpc: makeInform('REPLAY2'), header: {} }), { Authorization: header });
    expect(other.status).toBe(401);
    expect((await h.acs.handlers['devices/list']({})).devices.map((d) => d.id)).toEqual([deviceIdOf('REPLAY1')]);
    const refusals = [...h.exchanges.values()].filter((x) => x.response?.status === 401 && x.error);
    expect(refusals.some((x) => /replay|nc/i.test(x.error!))).toBe(true);
  });

  it('counts nc per nonce: a higher nc on the same nonce is accepted, a repeated or lower one is not', () => {
    const auth = new CpeAuthenticator();
    const expected = { ...CREDS, realm: 'r' };
    const challenge = parseAuthHeader(auth.challenge('digest', 'r', false, 1000)).params;
    const at = (nc: number, cnonce = 'c1'): string => digestAuthorization(challenge, CREDS, 'POST', '/', nc, cnonce);
    expect(auth.verify('digest', at(1), 'POST', expected, 2000, '/').ok).toBe(true);
    expect(auth.verify('digest', at(1), 'POST', expected, 2000, '/').ok).toBe(false);
    expect(auth.verify('digest', at(3, 'c2'), 'POST', expected, 2000, '/').ok).toBe(true);
    expect(auth.verify('digest', at(2, 'c3'), 'POST', expected, 2000, '/').ok).toBe(false);
    expect(auth.verify('digest', at(4), 'POST', expected, 2000, '/').ok).toBe(true);
    // A wrong password does not use up a count.
    const wrong = digestAuthorization(challenge, { ...CREDS, password: 'x' }, 'POST', '/', 5, 'c4');
    expect(auth.verify('digest', wrong, 'POST', expected, 2000, '/').ok).toBe(false);
    expect(auth.verify('digest', at(5, 'c4'), 'POST', expected, 2000, '/').ok).toBe(true);
  });

  it('uses a nonce without qop (RFC 2069) once', () => {
    const auth = new CpeAuthenticator();
    const expected = { ...CREDS, realm: 'r' };
    const { qop: _qop, ...challenge } = parseAuthHeader(auth.challenge('digest', 'r', false, 1000)).params;
    const header = digestAuthorization(challenge, CREDS, 'POST', '/', 1, 'c');
    expect(header).not.toContain('nc=');
    expect(auth.verify('digest', header, 'POST', expected, 2000, '/').ok).toBe(true);
    expect(auth.verify('digest', header, 'POST', expected, 2000, '/').ok).toBe(false);
  });

  it('answers an expired nonce with stale=true', () => {
    const auth = new CpeAuthenticator({ nonceLifetimeMs: 60_000 });
    const expected = { ...CREDS, realm: 'r' };
    const challenge = parseAuthHeader(auth.challenge('digest', 'r', false, 1000)).params;
    const verdict = auth.verify('digest', digestAuthorization(challenge, CREDS, 'POST', '/', 1, 'c'), 'POST', expected, 1000 + 60_001, '/');
    expect(verdict).toMatchObject({ ok: false, stale: true });
    expect(auth.challenge('digest', 'r', true)).toContain('stale=true');
  });
});

describe('ACS: joining a session by address alone needs credentials', () => {
  it('does not hand another CPE\'s queued request to a request with no cookie and no credentials', async () => {
    h = await startAcs();
    await h.acs.settings.update({ auth: { mode: 'digest', ...CREDS, realm: 'bench' } });
    const url = h.acs.urls().http!;
    const owner = new ScriptedCpe(url, { credentials: CREDS });
    expect((await owner.send(makeInform('OWNER'))).status).toBe(200);
    owner.destroy();
    await sleep(20);
    await h.acs.handlers['tasks/create']({ deviceId: deviceIdOf('OWNER'), rpc: { name: 'GetParameterValues', parameterNames: ['Device.'] } });

    const intruder = await post(url, '', {});
    expect(intruder.status).toBe(401);
    expect(intruder.text).not.toContain('GetParameterValues');
    // Nor is it filed under that CPE's device or session.
    const refused = [...h.exchanges.values()].find((x) => x.response?.status === 401 && x.request?.body.size === 0);
    expect(refused).toBeDefined();
    expect(refused?.deviceId).toBeUndefined();
    expect(refused?.sessionId).toBeUndefined();
    const tasks = (await h.acs.handlers['tasks/list']({ deviceId: deviceIdOf('OWNER') })).tasks;
    expect(tasks[0].status).toBe('queued');

    // The CPE itself, dropping cookies and connections, authenticates again and gets its request.
    const again = new ScriptedCpe(url, { keepCookies: false, credentials: CREDS });
    const r = await again.send(null);
    expect(r.status).toBe(200);
    expect(r.message?.rpc?.name).toBe('GetParameterValues');
    again.destroy();
  });
});
