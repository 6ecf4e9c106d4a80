import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { createCapturesStore, importedName } from '../../../src-renderer/src/state/captures';
import { fromBase64, textBody, toBase64 } from '../../../src-shared/capture/bytes';
import { exchangesToPcapng, importPacketCapture } from '../../../src-shared/capture/pcap/index';
import { parseCwmp, summarize } from '../../../src-shared/cwmp/index';
import type { Exchange } from '../../../src-shared/traffic/exchange';

const INFORM = `<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">1</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:Inform><DeviceId><Manufacturer>A</Manufacturer><OUI>00AA00</OUI><ProductClass>Box</ProductClass><SerialNumber>S1</SerialNumber></DeviceId><Event></Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z</CurrentTime><RetryCount>0</RetryCount><ParameterList></ParameterList></cwmp:Inform></soap-env:Body></soap-env:Envelope>`;

const recorded: Exchange = {
  id: 'x1',
  kind: 'cwmp',
  source: 'acs',
  startedAt: 1_700_000_000_000,
  finishedAt: 1_700_000_000_010,
  connection: { id: 'c1', remoteAddress: '192.0.2.10', remotePort: 50000, localAddress: '192.0.2.1', localPort: 7547 },
  request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Content-Type', 'text/xml']], body: textBody(INFORM) },
  response: { status: 204, statusText: 'No Content', headers: [], body: textBody('') },
};

/** Main's side, played by the shared engine: base64 in, base64 out, as over the real API. */
function fakeMain(): { api: Caller; calls: Array<[string, Record<string, unknown>]> } {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const api = {
    call: async (method: string, params: Record<string, unknown>) => {
      calls.push([method, params]);
      if (method === 'captures/import') {
        const r = importPacketCapture(fromBase64(String(params.content)), { summarize: (b) => ({ summary: summarize(parseCwmp(b)) }) });
        return { capture: { name: params.name, path: '', size: 0, modifiedAt: 0, recording: false }, exchanges: r.exchanges.length, warnings: r.warnings };
      }
      if (method === 'captures/export') return { format: 'pcapng', data: toBase64(exchangesToPcapng([recorded])) };
      if (method === 'captures/list') return { captures: [], dir: '/d' };
      if (method === 'captures/current') return { recording: false };
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as Caller;
  return { api, calls };
}

describe('captures slice: packet captures', () => {
  it('sends a picked file as base64 with no format (main detects it) and returns what was not read', async () => {
    const { api, calls } = fakeMain();
    const s = createCapturesStore(api);
    const bytes = exchangesToPcapng([recorded]);
    expect(await s.getState().importFile(bytes, 'site trace.pcapng')).toEqual([]);
    const [method, params] = calls[0];
    expect(method).toBe('captures/import');
    expect(params).toEqual({ content: toBase64(bytes), contentEncoding: 'base64', name: 'site trace.ndjson' });
    const cut = await s.getState().importFile(bytes.subarray(0, bytes.length - 40), 'cut.pcapng');
    expect(cut?.join('\n')).toMatch(/the file ends inside block/);
  });

  it('decodes an exported pcapng to bytes and passes a session or selection along', async () => {
    const { api, calls } = fakeMain();
    const s = createCapturesStore(api);
    const bytes = await s.getState().exportPcapng('a.ndjson', { sessionId: 's1' });
    expect(calls[0]).toEqual(['captures/export', { name: 'a.ndjson', format: 'pcapng', sessionId: 's1' }]);
    const back = importPacketCapture(bytes!, { summarize: (b) => ({ summary: summarize(parseCwmp(b)) }) });
    expect(back.exchanges.map((x) => x.request?.body.data)).toEqual([INFORM]);
  });

  it('names imports after the file', () => {
    expect(importedName('trace.pcap')).toBe('trace.ndjson');
    expect(importedName('export.HAR')).toBe('export.ndjson');
    expect(importedName('.pcapng')).toBe('import.ndjson');
  });
});
