import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src-main/cli/certs';

const dir = mkdtempSync(join(tmpdir(), 'certs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the verb in-process, capturing what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const code = await run([...args, '--data', dir]);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('cwmp-workbench certs', () => {
  it('create-ca, issue, list, export, import — end to end in a data directory', async () => {
    const ca = await cli('create-ca', '--cn', 'CLI CA', '--key', 'ec-p256', '--json');
    expect(ca.code).toBe(0);
    const caId = (JSON.parse(ca.out) as { id: string }).id;
    const leaf = await cli('issue', '--ca', caId, '--profile', 'server', '--cn', 'acs.lab', '--dns', 'acs.lab,localhost', '--ip', '127.0.0.1', '--key', 'ec-p256', '--json');
    expect(leaf.code).toBe(0);
    const leafId = (JSON.parse(leaf.out) as { id: string; sans: string[] }).id;
    expect(JSON.parse(leaf.out).sans).toEqual(['DNS:acs.lab', 'DNS:localhost', 'IP:127.0.0.1']);

    const list = await cli('list');
    expect(list.out).toMatch(new RegExp(`${caId}\\s+ca\\s+CLI CA`));
    expect(list.out).toMatch(new RegExp(`${leafId}\\s+server\\s+acs.lab`));

    const pem = await cli('export', leafId, '--format', 'pem-chain');
    expect(pem.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const noOut = await cli('export', leafId, '--format', 'pem-key');
    expect(noOut.code).toBe(1);
    expect(noOut.err).toMatch(/only as a file/);
    const p12 = join(dir, 'leaf.p12');
    expect((await cli('export', leafId, '--format', 'pkcs12', '--password', 'pw', '--out', p12)).code).toBe(0);
    expect(statSync(p12).mode & 0o777).toBe(0o600);

    const bad = await cli('import', p12, '--password', 'wrong');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/wrong password/);
    const keyFile = join(dir, 'leaf.key');
    await cli('export', leafId, '--format', 'pem-key', '--out', keyFile);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);

    const show = await cli('show', leafId);
    expect(show.out).toMatch(/signature: +ecdsa-with-SHA256/);
    expect(show.out).toMatch(/chain: +CN=acs.lab <- CN=CLI CA/);
  });

  it('bad usage is a clear error, not a crash', async () => {
    expect((await cli('issue', '--profile', 'server')).err).toMatch(/missing --ca/);
    expect((await cli('frobnicate')).code).toBe(1);
    expect((await cli('show', 'nope')).err).toMatch(/No certificate with id nope/);
    expect((await cli('import', join(dir, 'missing.pem'))).code).toBe(1);
  });

  it('openssl reads a DER export', async () => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      console.warn('openssl not found: skipping');
      return;
    }
    const list = JSON.parse((await cli('list', '--json')).out) as Array<{ id: string; fingerprint256: string }>;
    const der = join(dir, 'c.cer');
    await cli('export', list[0].id, '--format', 'der', '--out', der);
    expect(execFileSync('openssl', ['x509', '-inform', 'DER', '-in', der, '-noout', '-fingerprint', '-sha256']).toString()).toContain(list[0].fingerprint256);
  });
});
