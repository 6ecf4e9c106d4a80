import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { api } from '../server/helpers';
import { handshake, sameFingerprint, waitFor } from './helpers';

/**
 * `cwmp-workbench serve` in its own process: the ACS's HTTPS listener presents the store's certificate
 * from the first start, and mutual TLS and the key log switched through the HTTP API take effect at once.
 */
const root = resolve(__dirname, '../../..');
const TOKEN = 'tls-serve-token';
let child: ChildProcess | undefined;
let dir: string | undefined;

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cwmp-workbench serve: TLS on the ACS', () => {
  it('first start issues the ACS certificate from the lab CA; mutual TLS and the key log follow the API', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-serve-tls-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', 'serve', '--data', dir, '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', '0', '--token', TOKEN, '--no-record'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const lines: string[] = [];
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const uiLine = await waitFor(`the UI line (stderr: ${stderr})`, () => lines.find((l) => l.startsWith('UI ')), 30_000);
    const uiPort = Number(new URL(uiLine.slice(3)).port);
    const tlsPort = Number(new URL((lines.find((l) => l.startsWith('ACS https://')) ?? '').slice(4)).port);
    const call = async (method: string, params: unknown = {}): Promise<any> => {
      const reply = await api(uiPort, method, params, TOKEN);
      expect(reply.status, `${method}: ${reply.body}`).toBe(200);
      return reply.json();
    };

    const settings = await call('certs/acs-tls-get');
    const ca = await call('certs/get', { id: settings.cert.issuerId });
    expect(ca.subject).toMatch(/Lab CA/);
    const h = await handshake(tlsPort, { ca: ca.pem });
    expect(h).toMatchObject({ ok: true, authorized: true });
    expect(sameFingerprint(h.fingerprint256, settings.cert.fingerprint256)).toBe(true);

    await call('certs/acs-tls-set', { mtlsMode: 'required', keyLog: true });
    await handshake(tlsPort, { ca: ca.pem }); // no client certificate: refused
    const refused = await (async (): Promise<Exchange> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const { exchanges } = (await call('traffic/list', {})) as { exchanges: Exchange[] };
        const f = exchanges.find((x) => x.kind === 'tls-failure');
        if (f) return f;
        if (Date.now() > deadline) throw new Error('no tls-failure recorded');
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(refused).toMatchObject({ source: 'acs', connection: { remoteAddress: '127.0.0.1' } });
    expect(refused.error).toMatch(/no (client )?certificate/i);

    expect(settings.keyLogPath.startsWith(dir)).toBe(true);
    const keyLog = await waitFor('key log lines', () => (existsSync(settings.keyLogPath) ? readFileSync(settings.keyLogPath, 'latin1') : '') || undefined);
    expect(keyLog).toMatch(/^(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} /m);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
