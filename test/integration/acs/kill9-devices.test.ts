import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCapture } from '../../../src-shared/capture/format';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { informXml } from '../../unit/capture/cwmp-bodies';

/**
 * `kill -9` of a loaded workbench (a separate `serve` process): every device whose InformResponse a CPE saw,
 * and every exchange it saw answered, is there after a restart on the same data directory.
 */

interface Serve {
  child: ChildProcess;
  out: () => string;
  exit: Promise<void>;
}

const root = join(__dirname, '../../..');
const running: Serve[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await s.exit;
  }
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function serve(dataDir: string, token: string): Serve {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli/index.ts', 'serve', '--data', dataDir, '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', '0', '--token', token],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  const s = { child, out: () => text, exit };
  running.push(s);
  return s;
}

async function urlsOf(s: Serve): Promise<{ acs: string; ui: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const acs = /^ACS (http:\/\/\S+)$/m.exec(s.out())?.[1];
    const ui = /^UI (http:\/\/[^/\s]+)/m.exec(s.out())?.[1];
    if (acs && ui) return { acs, ui };
    if (s.child.exitCode !== null) throw new Error(`serve exited: ${s.out()}`);
    if (Date.now() > deadline) throw new Error(`serve did not start: ${s.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function post(url: string, body: string | Buffer, agent: http.Agent, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function api<T>(ui: string, token: string, method: string, params: object = {}): Promise<T> {
  const r = await post(`${ui}/api/${method}`, JSON.stringify(params), new http.Agent(), { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as T;
}

async function capturedExchanges(dataDir: string): Promise<Exchange[]> {
  const dir = join(dataDir, 'captures');
  const out: Exchange[] = [];
  for (const name of await readdir(dir)) {
    if (name.endsWith('.ndjson')) out.push(...parseCapture(await readFile(join(dir, name), 'utf8')).exchanges);
  }
  return out;
}

describe('kill -9 under load', () => {
  it('keeps every device whose Inform was answered, and every answered exchange in the capture', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-kill9-devices-'));
    dirs.push(dataDir);
    const token = randomBytes(12).toString('hex');
    const first = serve(dataDir, token);
    const { acs } = await urlsOf(first);

    // CPEs informing back to back, a new device each time (the registry's worst case), until the kill.
    const answered: string[] = [];
    let stop = false;
    let sessions = 0;
    const cpe = async (w: number): Promise<void> => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; !stop; i++) {
          const serial = `K${w}x${i}`;
          const r = await post(acs, informXml({ serial, id: `i${i}` }), agent);
          if (r.status !== 200 || !r.body.includes('InformResponse')) throw new Error(`Inform answered ${r.status}: ${r.body}`);
          answered.push(serial);
          const cookie = String(r.headers['set-cookie']?.[0] ?? '').split(';')[0];
          const end = await post(acs, '', agent, cookie ? { Cookie: cookie } : {});
          if (end.status !== 204) throw new Error(`empty POST answered ${end.status}`);
          sessions++;
        }
      } catch (err) {
        // The kill cuts whatever was in flight; anything else is a failure of the test's load.
        if (!stop) throw err;
      } finally {
        agent.destroy();
      }
    };
    const load = Promise.all(Array.from({ length: 12 }, (_, w) => cpe(w)));
    // A few seconds of load (bounded: fewer than ~10,000 devices on this machine).
    const started = Date.now();
    while (Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 100));
    // Sessions in flight stay in flight: the kill cuts them (same tick), new ones are not started.
    stop = true;
    first.child.kill('SIGKILL');
    const killedAt = answered.length;
    await first.exit;
    await load;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(50);
    expect(sessions).toBeGreaterThan(25);

    const second = serve(dataDir, token);
    const { ui } = await urlsOf(second);
    const { devices } = await api<{ devices: Array<{ serialNumber: string }> }>(ui, token, 'devices/list');
    const present = new Set(devices.map((d) => d.serialNumber));
    const missing = answered.filter((s) => !present.has(s));
    expect(missing, `${missing.length} of ${answered.length} answered devices missing after kill -9`).toEqual([]);

    // The capture holds every Inform the CPEs saw answered, with the answer.
    const captured = await capturedExchanges(dataDir);
    const answeredInCapture = new Set(
      captured
        .filter((x) => x.response?.status === 200 && x.response.body.data.includes('InformResponse'))
        .map((x) => /<SerialNumber>([^<]+)</.exec(x.request?.body.data ?? '')?.[1]),
    );
    const notCaptured = answered.filter((s) => !answeredInCapture.has(s));
    expect(notCaptured, `${notCaptured.length} answered Informs missing from the capture`).toEqual([]);
    second.child.kill('SIGTERM');
    await second.exit;
  }, 120_000);

  it('has the message on disk when the ACS is killed before answering it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-kill9-unanswered-'));
    dirs.push(dataDir);
    const s = serve(dataDir, randomBytes(12).toString('hex'));
    const { acs } = await urlsOf(s);
    // An Inform big enough that the ACS works on it for a while after it has arrived.
    const params = Array.from({ length: 60_000 }, (_, i) => `<ParameterValueStruct><Name>Device.X.${i}.Value</Name><Value xsi:type="xsd:string">v${i}</Value></ParameterValueStruct>`).join('');
    const body = informXml({ serial: 'UNANSWERED' }).replace('</ParameterList>', `${params}</ParameterList>`).replace('ParameterValueStruct[2]', 'ParameterValueStruct[60002]');
    const answer = post(acs, body, new http.Agent()).then(
      (r) => `answered ${r.status}`,
      (err: Error) => `no answer: ${err.message}`,
    );
    // Kill the moment the request is in the capture (it is recorded before the ACS acts on it).
    const dir = join(dataDir, 'captures');
    const deadline = Date.now() + 60_000;
    const onDisk = async (): Promise<boolean> => {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if ((await stat(join(dir, name))).size > body.length) return true;
      }
      return false;
    };
    while (!(await onDisk())) {
      if (Date.now() > deadline) throw new Error(`the request never reached the capture: ${s.out()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    s.child.kill('SIGKILL');
    await s.exit;
    expect(await answer).toMatch(/^no answer/);

    const recorded = (await capturedExchanges(dataDir)).filter((x) => x.request?.body.data.includes('<SerialNumber>UNANSWERED<'));
    expect(recorded).toHaveLength(1);
    expect(recorded[0].request?.body.data).toBe(body);
    expect(recorded[0].finishedAt).toBeUndefined();
    expect(recorded[0].response).toBeUndefined();
  }, 120_000);
});
