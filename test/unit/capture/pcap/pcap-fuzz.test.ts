import { describe, expect, it } from 'vitest';
import { importPacketCapture } from '../../../../src-shared/capture/pcap/index';
import { summarizeWithCodec } from '../fixtures';
import { gpv, gpvResponse, informResponse, informXml } from '../cwmp-bodies';
import { NgBuilder, conversation, frame, httpRequest, httpResponse, ipOf, pcapFile } from './synthetic';

/** A deterministic byte source. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const pkts = conversation({
  client: '2001:db8::10',
  server: '2001:db8::1',
  mss: 150,
  pairs: [
    [httpRequest(informXml({ serial: 'FZ' }), { chunked: [60, 60] }), httpResponse(informResponse())],
    [httpRequest(''), httpResponse(gpv('g1'), { chunked: [10] })],
    [httpRequest(gpvResponse('g1')), httpResponse('')],
  ],
});
const pcap = pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(276, ipOf(p)) })), { linkType: 276, little: false });
const ng = new NgBuilder().shb().idb(1, 9).nrb();
for (const p of pkts) ng.epb(0, p.ts, frame(1, ipOf(p)), 9);
const pcapng = ng.bytes();

describe('damaged packet captures never crash the import', () => {
  for (const [name, good] of [
    ['pcap', pcap],
    ['pcapng', pcapng],
  ] as const) {
    it(`${name}: 400 randomly damaged copies import with warnings or partial results, never a throw`, () => {
      const next = rng(name.length * 7919);
      let partial = 0;
      for (let i = 0; i < 400; i++) {
        // Keep the magic (4 bytes): without it the bytes are rightly "not a pcap", a different path.
        const bad = good.slice(0, good.length - (next() % 3 === 0 ? next() % (good.length - 4) : 0));
        const flips = 1 + (next() % 12);
        for (let k = 0; k < flips && bad.length > 4; k++) bad[4 + (next() % (bad.length - 4))] = next() & 0xff;
        const r = importPacketCapture(bad, { summarize: summarizeWithCodec });
        expect(Array.isArray(r.exchanges)).toBe(true);
        if (r.exchanges.length < 3) partial++;
      }
      // The damage did land: many copies lost exchanges (and still imported).
      expect(partial).toBeGreaterThan(20);
    });
  }
});
