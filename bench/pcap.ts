/**
 * pcap import throughput: a ~100 MB classic pcap of CWMP sessions (generated here: Ethernet, IPv4,
 * 1460-byte segments, keep-alive connections, Inform + a 500-parameter GetParameterValues each) imported
 * with `importCaptureBytes` (frames → TCP reassembly → HTTP → exchanges with every body decoded as CWMP),
 * beside a plain read of the same file. Also the packet layers alone (no CWMP decoding) and the pcapng
 * export of the imported exchanges.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCwmp, type Rpc } from '../src-shared/cwmp';
import { textBody } from '../src-shared/capture/bytes';
import { exchangesToPcapng, importPacketCapture, readPacketFile } from '../src-shared/capture/pcap/index';
import type { Exchange } from '../src-shared/traffic/exchange';
import { importCaptureBytes } from '../src-main/capture/export-import';
import type { BenchLine } from './types';

const TARGET_BYTES = 100 * 1024 * 1024;
const RUNS = 3;

function inform(serial: string): string {
  const rpc: Rpc = {
    name: 'Inform',
    deviceId: { manufacturer: 'Acme Networks', oui: '00D09E', productClass: 'HGW-5000', serialNumber: serial },
    event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
    maxEnvelopes: 1,
    currentTime: '2025-03-01T10:20:30+01:00',
    retryCount: 0,
    parameterList: Array.from({ length: 20 }, (_, i) => ({ name: `Device.DeviceInfo.X_ACME_Param${i}`, value: `value-${i}`, type: 'xsd:string' })),
  };
  return buildCwmp({ rpc, header: { id: `inf-${serial}` } });
}

function gpvResponse(n: number): string {
  const parameterList = Array.from({ length: n }, (_, i) => ({ name: `Device.Hosts.Host.${i + 1}.PhysAddress`, value: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, type: 'xsd:string' }));
  return buildCwmp({ rpc: { name: 'GetParameterValuesResponse', parameterList }, header: { id: 'g1' } });
}

/** CWMP sessions as recorded exchanges, enough to make about `bytes` of capture. */
function sessions(bytes: number): Exchange[] {
  const gpv = buildCwmp({ rpc: { name: 'GetParameterValues', parameterNames: ['Device.Hosts.Host.'] }, header: { id: 'g1' } });
  const gpvr = gpvResponse(500);
  const informResponse = buildCwmp({ rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header: { id: 'x' } });
  const out: Exchange[] = [];
  let size = 0;
  for (let s = 0; size < bytes; s++) {
    const t = 1_700_000_000_000 + s * 1000;
    const connection = { id: `c${s}`, remoteAddress: `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`, remotePort: 40000 + (s % 20000), localAddress: '192.0.2.1', localPort: 7547 };
    const pair = (i: number, req: string, res: string, status = 200): Exchange => {
      const x: Exchange = {
        id: `s${s}-${i}`,
        kind: 'cwmp',
        source: 'acs',
        startedAt: t + i * 10,
        finishedAt: t + i * 10 + 5,
        connection,
        request: { method: 'POST', url: '/acs', httpVersion: '1.1', headers: [['Host', 'acs.example:7547'], ['Content-Type', 'text/xml; charset="utf-8"'], ['SOAPAction', '']], body: textBody(req) },
        response: { status, statusText: status === 204 ? 'No Content' : 'OK', headers: [['Content-Type', 'text/xml; charset="utf-8"']], body: textBody(res) },
      };
      size += req.length + res.length + 400;
      return x;
    };
    out.push(pair(0, inform(`SN${s}`), informResponse), pair(1, '', gpv), pair(2, gpvr, '', 204));
  }
  return out;
}

/** The pcapng the exporter makes, rewritten as a classic pcap (µs, little-endian, Ethernet). */
function toPcap(pcapng: Uint8Array): Uint8Array {
  const { packets } = readPacketFile(pcapng);
  const size = 24 + packets.reduce((n, p) => n + 16 + p.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, 1, true);
  let at = 24;
  for (const p of packets) {
    const sec = Math.floor(p.ts / 1000);
    v.setUint32(at, sec, true);
    v.setUint32(at + 4, Math.round((p.ts - sec * 1000) * 1000), true);
    v.setUint32(at + 8, p.data.length, true);
    v.setUint32(at + 12, p.data.length, true);
    out.set(p.data, at + 16);
    at += 16 + p.data.length;
  }
  return out;
}

function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function bestAsync(fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function run(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pcap-'));
  try {
    const file = join(dir, 'bench.pcap');
    const recorded = sessions(TARGET_BYTES * 0.96);
    const pcap = toPcap(exchangesToPcapng(recorded));
    writeFileSync(file, pcap);
    const mb = pcap.length / (1024 * 1024);
    const packets = readPacketFile(pcap).packets.length;

    const readMs = await bestAsync(() => readFile(file));
    let exchanges = 0;
    const importMs = await bestAsync(async () => {
      const r = importCaptureBytes(await readFile(file));
      exchanges = r.exchanges.length;
    });
    if (exchanges !== recorded.length) throw new Error(`imported ${exchanges} exchanges, expected ${recorded.length}`);
    const none = { summary: { rpc: null, warnings: [] } };
    const layersMs = best(() => importPacketCapture(pcap, { summarize: () => none }));
    const imported = importCaptureBytes(pcap).exchanges;
    const exportMs = best(() => exchangesToPcapng(imported));

    const readRate = mb / (readMs / 1000);
    const rate = (ms: number): number => mb / (ms / 1000);
    const note = `${mb.toFixed(1)} MB, ${packets} packets, ${recorded.length} exchanges`;
    return [
      { name: 'plain read of the pcap file (baseline)', value: readRate, unit: 'MB/s', note },
      { name: 'pcap import, read + parse + CWMP decode', value: rate(importMs), unit: 'MB/s', baseline: readRate, ratio: rate(importMs) / readRate },
      { name: 'pcap import, packet layers only (no CWMP decode)', value: rate(layersMs), unit: 'MB/s', baseline: readRate, ratio: rate(layersMs) / readRate },
      { name: 'pcapng export of the imported exchanges', value: rate(exportMs), unit: 'MB/s', baseline: readRate, ratio: rate(exportMs) / readRate },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
