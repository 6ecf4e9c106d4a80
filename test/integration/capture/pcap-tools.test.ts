/**
 * pcap import and pcapng export against the real tools: tcpdump records the loopback traffic of the
 * built-in simulator talking to the workbench's ACS, and what we import from that file must equal, byte
 * for byte, what the ACS itself recorded; editcap's pcapng conversion imports the same; tshark reads every
 * pcapng we write and finds the HTTP requests, with valid checksums and no TCP anomalies. Skipped (saying
 * so) where tcpdump/tshark/editcap are missing or capturing is not permitted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbench, type Workbench } from '../../../src-main/app/workbench';
import { createSimulator, type Simulator } from '../../../src-main/sim/index';
import { buildExport, importCaptureBytes } from '../../../src-main/capture/export-import';
import { parseCapture } from '../../../src-shared/capture/format';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { loopbackOptions } from '../workbench-helpers';
import { waitFor } from '../acs/helpers';

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const tcpdumpMissing = !has('tcpdump') ? 'tcpdump is not installed' : !isRoot ? 'capturing on lo needs root' : '';
const tsharkMissing = !has('tshark') || !has('editcap') ? 'tshark/editcap are not installed' : '';
if (tcpdumpMissing) console.warn(`pcap-tools: skipping the tcpdump tests: ${tcpdumpMissing} (.ci/run installs it)`);
if (tsharkMissing) console.warn(`pcap-tools: skipping the tshark tests: ${tsharkMissing} (.ci/run installs them)`);

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src-main/cli/index.ts', ...args]);
}

/** tshark's view of a pcapng we wrote: the HTTP request lines, and any packet it finds fault with. */
async function tsharkCheck(file: string): Promise<{ requests: string[]; faults: string }> {
  const req = await run('tshark', ['-r', file, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.request.uri']);
  expect(req.code, req.stderr).toBe(0);
  const bad = await run('tshark', [
    '-r',
    file,
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'tcp.check_checksum:TRUE',
    '-Y',
    'ip.checksum.status == 0 || tcp.checksum.status == 0 || tcp.analysis.flags || _ws.malformed || _ws.expert.severity >= "warning"',
  ]);
  expect(bad.code, bad.stderr).toBe(0);
  return { requests: req.stdout.split('\n').filter(Boolean), faults: bad.stdout.trim() };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwmp-pcap-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What must survive the trip through the wire: request line, raw request headers, bodies, status. */
function wireView(x: Exchange): unknown {
  return {
    method: x.request?.method,
    url: x.request?.url,
    requestHeaders: x.request?.headers,
    requestBody: x.request?.body.data,
    requestEncoding: x.request?.body.encoding,
    status: x.response?.status,
    responseBody: x.response?.body.data,
    cwmpRequest: x.cwmpRequest?.rpc ?? null,
    cwmpResponse: x.cwmpResponse?.rpc ?? null,
    deviceId: x.deviceId,
  };
}

describe.skipIf(tcpdumpMissing !== '')('tcpdump capture of the simulator talking to the ACS', () => {
  let pcap: string;
  let recorded: Exchange[];
  let w: Workbench | undefined;
  let sim: Simulator | undefined;

  beforeAll(async () => {
    w = await createWorkbench(loopbackOptions(join(dir, 'data'), { serveUi: false }));
    await w.start();
    const acsUrl = w.acs.urls().http!;
    const port = new URL(acsUrl).port;
    pcap = join(dir, 'lo.pcap');
    const dump = spawn('tcpdump', ['-i', 'lo', '-U', '-s', '0', '-w', pcap, `tcp port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    dump.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((r) => dump.on('exit', () => r()));
    await waitFor(() => /listening on/.test(err) || dump.exitCode !== null, 10_000);
    if (dump.exitCode !== null) throw new Error(`tcpdump did not start: ${err}`);
    try {
      const { username, password } = w.acs.settings.get().auth;
      sim = await createSimulator({ acsUrl, count: 2, host: '127.0.0.1', acsAuth: { username, password } });
      await sim.start();
      await waitFor(() => sim!.devices.every((d) => d.sessions.some((s) => s.ok)), 15_000);
      // One more session per device, opened by the ACS (connection request), carrying an ACS request.
      for (const d of sim.devices) {
        const { taskId } = await w.acs.handlers['tasks/create']({
          deviceId: d.deviceId,
          rpc: { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SoftwareVersion'] },
          connectionRequest: true,
        });
        const until = Date.now() + 15_000;
        for (;;) {
          const t = await w.acs.handlers['tasks/get']({ taskId });
          if (t.status === 'done') break;
          if (t.status !== 'queued' && t.status !== 'sent') throw new Error(`task ended ${t.status}`);
          if (Date.now() > until) throw new Error('task not done in time');
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      await sim.stop();
      sim = undefined;
      const file = w.captures.status().file!;
      await w.captures.stop();
      recorded = parseCapture(await readFile(file, 'utf8')).exchanges.filter((x) => x.kind === 'cwmp');
      // tcpdump hands packets over in kernel-buffered batches: wait until the file holds every exchange
      // the ACS recorded before stopping it.
      for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const seen = importCaptureBytes(await readFile(pcap)).exchanges.filter((x) => x.response).length;
        if (seen >= recorded.length) break;
      }
    } finally {
      dump.kill('SIGINT');
      await exited;
    }
    await w.stop();
    w = undefined;
  }, 60_000);

  afterAll(async () => {
    await sim?.stop();
    await w?.stop();
  });

  it('imports the pcap with exchanges equal to the ACS capture file', async () => {
    const r = importCaptureBytes(await readFile(pcap));
    expect(r.format).toBe('pcap');
    expect(r.warnings).toEqual([]);
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    expect(recorded.some((x) => x.cwmpResponse?.rpc === 'GetParameterValues')).toBe(true);
    expect(r.exchanges.map(wireView)).toEqual(recorded.map(wireView));
    // Recorded response headers all went on the wire as recorded.
    r.exchanges.forEach((x, i) => {
      for (const [n, v] of recorded[i].response?.headers ?? []) {
        expect(x.response?.headers.find(([m]) => m.toLowerCase() === n.toLowerCase())?.[1]).toBe(v);
      }
      expect(x.connection.localPort).toBe(recorded[i].connection.localPort);
      expect(x.connection.remotePort).toBe(recorded[i].connection.remotePort);
      // Times within the same millisecond give or take the ACS's own bookkeeping.
      expect(Math.abs(x.startedAt - recorded[i].startedAt)).toBeLessThan(1000);
    });
  });

  it('the CLI shows the pcap and exports it as pcapng that imports the same', async () => {
    const show = await cli(['capture', 'show', '--brief', pcap]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`${recorded.length} exchange\\(s\\), 4 CWMP session\\(s\\) \\(4 completed\\)`));
    const out = join(dir, 'from-pcap.pcapng');
    const exp = await cli(['capture', 'export', pcap, '--pcapng', out]);
    expect(exp.code, exp.stderr).toBe(0);
    const again = importCaptureBytes(await readFile(out));
    expect(again.format).toBe('pcapng');
    expect(again.exchanges.map(wireView)).toEqual(recorded.map(wireView));
  });

  it.skipIf(tsharkMissing !== '')('editcap -F pcapng converts it and the conversion imports the same', async () => {
    const ng = join(dir, 'lo.pcapng');
    const conv = await run('editcap', ['-F', 'pcapng', pcap, ng]);
    expect(conv.code, conv.stderr).toBe(0);
    const r = importCaptureBytes(await readFile(ng));
    expect(r.format).toBe('pcapng');
    expect(r.exchanges.map(wireView)).toEqual(recorded.map(wireView));
  });

  it.skipIf(tsharkMissing !== '')('tshark reads the pcapng exported from the ACS capture and sees every HTTP request', async () => {
    const out = join(dir, 'acs.pcapng');
    const b = buildExport(recorded, 'pcapng').bytes!;
    await writeFile(out, b);
    const t = await tsharkCheck(out);
    expect(t.requests).toEqual(recorded.map((x) => `${x.request!.method}\t${x.request!.url}`));
    expect(t.faults).toBe('');
  });
});

describe.skipIf(tsharkMissing !== '')('tshark reads every pcapng we export', () => {
  it('IPv6, large bodies across many segments, gzip, chunked, no response, addresses missing', async () => {
    const { exchange } = await import('../../unit/capture/fixtures');
    const { informXml, informResponse, gpvResponse } = await import('../../unit/capture/cwmp-bodies');
    const big = gpvResponse('g'.repeat(1)).replace('1.2.3', 'x'.repeat(200_000));
    const xs = [
      exchange({ cpe: informXml({ serial: 'T1' }), acs: informResponse(), at: 1_700_000_000_000, conn: 'a' }),
      exchange({ cpe: big, acs: '', at: 1_700_000_000_050, conn: 'a' }),
      exchange({ cpe: informXml({ serial: 'T2' }), at: 1_700_000_001_000, conn: 'b', noResponse: true }),
      exchange({ cpe: informXml({ serial: 'T3' }), acs: informResponse(), at: 1_700_000_002_000, conn: 'c' }),
    ];
    xs[0].connection = { ...xs[0].connection, remoteAddress: '2001:db8::5', localAddress: '2001:db8::1', remotePort: 40000, localPort: 7547 };
    xs[1].connection = xs[0].connection;
    xs[1].request!.headers.push(['Transfer-Encoding', 'chunked']);
    xs[3].connection = { id: 'c', remoteAddress: '', remotePort: 0, localAddress: '', localPort: 0 };
    xs[3].response!.body.contentEncoding = 'gzip';
    xs[3].response!.headers.push(['Content-Encoding', 'gzip']);
    const out = join(dir, 'synthetic.pcapng');
    await writeFile(out, buildExport(xs, 'pcapng').bytes!);
    const t = await tsharkCheck(out);
    expect(t.requests).toHaveLength(4);
    expect(t.faults).toBe('');
    const back = importCaptureBytes(await readFile(out));
    expect(back.exchanges.map((x) => x.request?.body.data)).toEqual(xs.map((x) => x.request?.body.data));
    expect(back.exchanges[0].connection.remoteAddress).toBe('2001:db8::5');
    expect(back.exchanges[2].response).toBeUndefined();
  });
});
