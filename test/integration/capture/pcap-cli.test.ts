import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCaptureBytes } from '../../../src-main/capture/export-import';
import { gpv, gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';
import { conversation, frame, httpRequest, httpResponse, ipOf, NgBuilder, pcapFile } from '../../unit/capture/pcap/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'cwmp-pcap-cli-'));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const pkts = conversation({
  client: '192.0.2.10',
  server: '192.0.2.1',
  pairs: [
    [httpRequest(informXml({ serial: 'CLI' })), httpResponse(informResponse())],
    [httpRequest(''), httpResponse(gpv('g1'))],
    [httpRequest(gpvResponse('g1')), httpResponse('')],
  ],
});

describe('cwmp-workbench capture with packet captures', () => {
  it('shows a pcap and a pcapng whatever they are called, and exports pcapng', async () => {
    // Named .ndjson and .har on purpose: the content decides.
    const pcap = join(dir, 'looks-like.ndjson');
    await writeFile(pcap, pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(113, ipOf(p)) })), { linkType: 113, little: false, nano: true }));
    const ng = new NgBuilder().shb().idb(1);
    for (const p of pkts) ng.epb(0, p.ts, frame(1, ipOf(p)));
    const pcapng = join(dir, 'looks-like.har');
    await writeFile(pcapng, ng.bytes());
    for (const f of [pcap, pcapng]) {
      const r = await cli(['capture', 'show', f]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/3 exchange\(s\), 1 CWMP session\(s\) \(1 completed\)/);
      expect(r.stdout).toMatch(/ACS → CPE {2}GetParameterValues \[id g1\]/);
    }
    const out = join(dir, 'out.pcapng');
    const e = await cli(['capture', 'export', pcap, '--pcapng', out, '--session', 's1']);
    expect(e.code, e.stderr).toBe(0);
    const back = importCaptureBytes(await readFile(out));
    expect(back.format).toBe('pcapng');
    expect(back.exchanges.map((x) => x.cwmpRequest?.rpc ?? null)).toEqual(['Inform', null, 'GetParameterValuesResponse']);
    const missing = await cli(['capture', 'export', pcap, '--pcapng', out, '--session', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no session nope in this capture/);
  });

  it('a truncated pcap shows what is whole and warns about the rest', async () => {
    const whole = pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) })), { linkType: 1 });
    const f = join(dir, 'cut.pcap');
    await writeFile(f, whole.subarray(0, whole.length - 200));
    const r = await cli(['capture', 'show', '--brief', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*cut\.pcap: the file ends inside packet \d+/);
    // The last answer (204) was in the lost tail: the session shows as broken off, not completed.
    expect(r.stdout).toMatch(/3 exchange\(s\), 1 CWMP session\(s\) \(1 broken-off\)/);
  });

  it('a file in no known format is one clear error and exit 2', async () => {
    const f = join(dir, 'photo.pcap');
    await writeFile(f, Buffer.from('\x89PNG\r\n\x1a\n not a capture at all\nline two\n', 'binary'));
    for (const cmd of [['show'], ['export', '--pcapng', join(dir, 'x.pcapng')]]) {
      const r = await cli(['capture', ...cmd.slice(0, 1), f, ...cmd.slice(1)]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`cwmp-workbench capture: ${f}: not a capture file: the content is none of a cwmp-workbench capture (NDJSON), HAR, pcap or pcapng`]);
      expect(r.stdout).toBe('');
    }
  });
});
