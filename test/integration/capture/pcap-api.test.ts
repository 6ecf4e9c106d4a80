import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { TrafficStore } from '../../../src-main/traffic/traffic-store';
import { createCaptureService, type CaptureService } from '../../../src-main/capture/index';
import { importCaptureBytes } from '../../../src-main/capture/export-import';
import { capturesMethods } from '../../../src-shared/api/captures';
import { gpv, gpvResponse, informResponse, informXml } from '../../unit/capture/cwmp-bodies';
import { conversation, frame, httpRequest, httpResponse, ipOf, pcapFile } from '../../unit/capture/pcap/synthetic';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function service(): Promise<{ svc: CaptureService; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cwmp-pcap-api-'));
  const hub = new EventHub();
  const svc = await createCaptureService({ dataDir, hub, traffic: new TrafficStore(hub) });
  cleanups.push(async () => {
    await svc.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { svc, dataDir };
}

const pcap = pcapFile(
  conversation({
    client: '2001:db8::10',
    server: '2001:db8::1',
    pairs: [
      [httpRequest(informXml({ serial: 'API' })), httpResponse(informResponse())],
      [httpRequest(''), httpResponse(gpv('g1'))],
      [httpRequest(gpvResponse('g1')), httpResponse('')],
    ],
  }).map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) })),
  { linkType: 1 },
);

describe('captures API with packet captures', () => {
  it('imports a pcap sent as base64 content and by path, and exports pcapng (returned or written)', async () => {
    const { svc, dataDir } = await service();
    const params = capturesMethods['captures/import'].params.parse({ content: Buffer.from(pcap).toString('base64'), contentEncoding: 'base64', name: 'from-ui' });
    const imported = await svc.handlers['captures/import'](params);
    expect(imported.exchanges).toBe(3);
    expect(imported.warnings).toEqual([]);
    const file = join(dataDir, 'sent.pcap');
    await writeFile(file, pcap);
    const byPath = await svc.handlers['captures/import']({ path: file });
    expect(byPath.capture.name).toBe('sent-import.ndjson');

    const opened = await svc.handlers['captures/open']({ name: imported.capture.name });
    expect(opened.sessions.map((s) => [s.deviceId, s.outcome])).toEqual([['00259E-Router-API', 'completed']]);
    const exp = await svc.handlers['captures/export'](capturesMethods['captures/export'].params.parse({ name: imported.capture.name, format: 'pcapng' }));
    const back = importCaptureBytes(Buffer.from(exp.data!, 'base64'));
    expect(back.exchanges.map((x) => x.request?.body.data)).toEqual(opened.exchanges.map((x) => x.request?.body.data));
    expect(back.exchanges[0].connection.remoteAddress).toBe('2001:db8::10');

    // A selection: only the exchange carrying GetParameterValues.
    const one = opened.exchanges[1].id;
    const out = join(dataDir, 'sel.pcapng');
    await svc.handlers['captures/export']({ name: imported.capture.name, format: 'pcapng', exchangeIds: [one], destination: out });
    const sel = importCaptureBytes(await readFile(out));
    expect(sel.exchanges.map((x) => x.cwmpResponse?.rpc)).toEqual(['GetParameterValues']);
  });

  it('opens a pcap by path (a file a customer sent) without importing it first', async () => {
    const { svc, dataDir } = await service();
    const file = join(dataDir, 'customer.cap');
    await writeFile(file, pcap.subarray(0, pcap.length - 100));
    const opened = await svc.handlers['captures/open']({ path: file });
    expect(opened.total).toBeGreaterThanOrEqual(2);
    expect(opened.exchanges[0].cwmpRequest?.rpc).toBe('Inform');
    expect(opened.warnings).toEqual([{ message: expect.stringMatching(/the file ends inside packet/) }]);
    const sessions = await svc.handlers['captures/sessions']({ path: file });
    expect(sessions.sessions[0].deviceId).toBe('00259E-Router-API');
  });

  it('refuses content in no known format with a bad-request error', async () => {
    const { svc } = await service();
    await expect(svc.handlers['captures/import']({ content: Buffer.from('just text').toString('base64'), contentEncoding: 'base64' })).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/not a capture file/),
    });
  });

});
