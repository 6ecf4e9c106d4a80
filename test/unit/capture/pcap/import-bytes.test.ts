import { describe, expect, it } from 'vitest';
import { importCaptureBytes } from '../../../../src-main/capture/export-import';
import { captureHeaderLine, exchangeLine } from '../../../../src-shared/capture/format';
import { exchangesToHar } from '../../../../src-shared/capture/har';
import { exchange } from '../fixtures';
import { informResponse, informXml } from '../cwmp-bodies';
import { conversation, enc, frame, httpRequest, httpResponse, ipOf, NgBuilder, pcapFile } from './synthetic';

const x = exchange({ cpe: informXml({ serial: 'IB' }), acs: informResponse(), at: 1_700_000_000_000, deviceId: '00259E-Router-IB' });
const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: [[httpRequest(informXml({ serial: 'IB' })), httpResponse(informResponse())]] });

describe('importCaptureBytes: one entry point, format from the content', () => {
  it('reads each format whatever the file would be called', () => {
    const ndjson = enc(captureHeaderLine({ createdAt: 1 }) + exchangeLine(x));
    const har = enc(JSON.stringify(exchangesToHar([x]), null, 2));
    const pcap = pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) })), { linkType: 1, little: false });
    const ng = new NgBuilder().shb().idb(101);
    for (const p of pkts) ng.epb(0, p.ts, ipOf(p));
    for (const [bytes, format] of [
      [ndjson, 'capture'],
      [har, 'har'],
      [pcap, 'pcap'],
      [ng.bytes(), 'pcapng'],
    ] as const) {
      const r = importCaptureBytes(bytes);
      expect(r.format).toBe(format);
      expect(r.exchanges).toHaveLength(1);
      expect(r.exchanges[0].request?.body.data).toBe(informXml({ serial: 'IB' }));
      expect(r.exchanges[0].cwmpRequest?.rpc).toBe('Inform');
      expect(r.exchanges[0].deviceId).toBe('00259E-Router-IB');
    }
  });

  it('a torn NDJSON capture keeps its line-numbered warning', () => {
    const text = captureHeaderLine({ createdAt: 1 }) + exchangeLine(x) + exchangeLine(x).slice(0, 30);
    const r = importCaptureBytes(enc(text));
    expect(r.warnings).toEqual([{ line: 3, message: expect.stringMatching(/last line is incomplete/) }]);
  });

  it('bytes in no known format are one clear bad-request error', () => {
    for (const junk of [enc('GIF89a....'), new Uint8Array([0, 1, 2, 3, 4, 5]), enc('')]) {
      expect(() => importCaptureBytes(junk)).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/not a capture file: the content is none of .*HAR, pcap or pcapng/) }));
    }
    expect(() => importCaptureBytes(enc('{"hello": 1}\n'))).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/not a HAR file/) }));
  });
});
