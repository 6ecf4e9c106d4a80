import { describe, expect, it } from 'vitest';
import { importPacketCapture } from '../../../../src-shared/capture/pcap/index';
import { reconstructSessions } from '../../../../src-shared/capture/sessions';
import { detectCaptureFormat } from '../../../../src-shared/capture/detect';
import { summarizeWithCodec } from '../fixtures';
import { gpv, gpvResponse, informResponse, informXml } from '../cwmp-bodies';
import { NgBuilder, conversation, enc, frame, httpRequest, httpResponse, ipOf, pcapFile, type Pkt } from './synthetic';

const T0 = 1_700_000_000_000;
const opts = { summarize: summarizeWithCodec };

/** A whole CWMP session: Inform, empty POST → GPV, GPV response → empty 204. */
function session(serial: string): Array<[Uint8Array, Uint8Array]> {
  return [
    [httpRequest(informXml({ serial })), httpResponse(informResponse())],
    [httpRequest(''), httpResponse(gpv('g1'))],
    [httpRequest(gpvResponse('g1')), httpResponse('')],
  ];
}

function expectSession(r: ReturnType<typeof importPacketCapture>, serial: string): void {
  expect(r.exchanges.map((x) => [x.cwmpRequest?.rpc ?? null, x.cwmpResponse?.rpc ?? null])).toEqual([
    ['Inform', 'InformResponse'],
    [null, 'GetParameterValues'],
    ['GetParameterValuesResponse', null],
  ]);
  expect(r.exchanges[0].request?.body.data).toBe(informXml({ serial }));
  expect(r.exchanges[2].request?.body.data).toBe(gpvResponse('g1'));
  expect(r.exchanges[1].response?.body.data).toBe(gpv('g1'));
  const sessions = reconstructSessions(r.exchanges);
  expect(sessions).toHaveLength(1);
  expect(sessions[0].outcome).toBe('completed');
  expect(sessions[0].deviceId).toBe(`00259E-Router-${serial}`);
  expect(sessions[0].pairs.map((p) => `${p.requester}:${p.request.rpc}:${p.outcome}`)).toEqual(['cpe:Inform:ok', 'acs:GetParameterValues:ok']);
}

describe('pcap import: link types and address families', () => {
  const cases: Array<[string, number, 'v4' | 'v6']> = [
    ['Ethernet', 1, 'v4'],
    ['Ethernet', 1, 'v6'],
    ['Linux cooked SLL', 113, 'v4'],
    ['Linux cooked SLL', 113, 'v6'],
    ['Linux cooked SLL2', 276, 'v4'],
    ['Linux cooked SLL2', 276, 'v6'],
    ['raw IP', 101, 'v4'],
    ['raw IP', 101, 'v6'],
    ['raw IPv4', 228, 'v4'],
    ['raw IPv6', 229, 'v6'],
    ['BSD loopback (null)', 0, 'v4'],
    ['BSD loopback (null)', 0, 'v6'],
    ['OpenBSD loopback', 108, 'v6'],
  ];
  for (const [name, linkType, family] of cases) {
    it(`${name} (${linkType}) over ${family === 'v4' ? 'IPv4' : 'IPv6'}`, () => {
      const [client, server] = family === 'v4' ? ['192.0.2.10', '198.51.100.1'] : ['2001:db8::10', '2001:db8:0:1::1'];
      const pkts = conversation({ client, server, pairs: session('L') });
      const bytes = pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(linkType, ipOf(p)) })), { linkType });
      const r = importPacketCapture(bytes, opts);
      expect(r.warnings).toEqual([]);
      expect(r.format).toBe('pcap');
      expectSession(r, 'L');
      expect(r.exchanges[0].connection).toMatchObject({ remoteAddress: client, remotePort: 51000, localAddress: server, localPort: 7547 });
    });
  }

  it('reads 802.1Q-tagged Ethernet frames', () => {
    const pkts = conversation({ client: '10.0.0.2', server: '10.0.0.1', pairs: session('V') });
    const r = importPacketCapture(pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p), { vlan: true }) })), { linkType: 1 }), opts);
    expectSession(r, 'V');
  });

  it('says which link type it cannot read', () => {
    const pkts = conversation({ client: '10.0.0.2', server: '10.0.0.1', pairs: session('X') });
    const r = importPacketCapture(pcapFile(pkts.map((p) => ({ ts: p.ts, data: ipOf(p) })), { linkType: 147 }), opts);
    expect(r.exchanges).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/link type 147, which is not supported/);
  });
});

describe('pcap import: file formats', () => {
  const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('F'), t0: T0 + 0.123456 });
  const frames = pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) }));

  for (const little of [true, false]) {
    for (const nano of [false, true]) {
      it(`classic pcap, ${little ? 'little' : 'big'}-endian, ${nano ? 'ns' : 'µs'} timestamps`, () => {
        const bytes = pcapFile(frames, { linkType: 1, little, nano });
        expect(detectCaptureFormat(bytes)).toBe('pcap');
        const r = importPacketCapture(bytes, opts);
        expect(r.warnings).toEqual([]);
        expectSession(r, 'F');
        // The first request's first segment is packet 4 (after the handshake), sent at t0 + 3 ms.
        expect(r.exchanges[0].startedAt).toBeCloseTo(T0 + 3.123456, nano ? 5 : 3);
      });
    }
  }

  it('pcapng, big-endian, two interfaces (one ns), blocks out of the usual order', () => {
    const a = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('A'), t0: T0 });
    const b = conversation({ client: '2001:db8::20', server: '2001:db8::1', pairs: session('B'), t0: T0 + 0.5 });
    const ng = new NgBuilder(false).shb().idb(1).nrb();
    // Interleave the two connections; interface 1's description comes after its first packets.
    const all = [...a.map((p) => ({ p, i: 0 })), ...b.map((p) => ({ p, i: 1 }))].sort((x, y) => x.p.ts - y.p.ts);
    all.forEach(({ p, i }, n) => {
      if (i === 0) ng.epb(0, p.ts, frame(1, ipOf(p)));
      else ng.epb(1, p.ts, frame(113, ipOf(p)), 9);
      if (n === 5) ng.idb(113, 9).nrb();
    });
    const bytes = ng.bytes();
    expect(detectCaptureFormat(bytes)).toBe('pcapng');
    const r = importPacketCapture(bytes, opts);
    expect(r.warnings).toEqual([]);
    expect(r.format).toBe('pcapng');
    expect(r.connections).toBe(2);
    const sessions = reconstructSessions(r.exchanges);
    expect(sessions.map((s) => [s.deviceId, s.outcome]).sort()).toEqual([
      ['00259E-Router-A', 'completed'],
      ['00259E-Router-B', 'completed'],
    ]);
    const bFirst = r.exchanges.find((x) => x.deviceId === '00259E-Router-B')!;
    expect(bFirst.connection.remoteAddress).toBe('2001:db8::20');
    expect(bFirst.startedAt).toBeCloseTo(T0 + 3.5, 6);
  });

  it('pcapng: several sections, each with its own byte order', () => {
    const a = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('S1'), t0: T0 });
    const b = conversation({ client: '192.0.2.11', server: '192.0.2.1', pairs: session('S2'), t0: T0 + 1000 });
    const s1 = new NgBuilder(true).shb().idb(101);
    for (const p of a) s1.epb(0, p.ts, ipOf(p));
    const s2 = new NgBuilder(false).shb().idb(276);
    for (const p of b) s2.epb(0, p.ts, frame(276, ipOf(p)));
    const r = importPacketCapture(new Uint8Array([...s1.bytes(), ...s2.bytes()]), opts);
    expect(r.warnings).toEqual([]);
    expect(reconstructSessions(r.exchanges).map((s) => s.deviceId)).toEqual(['00259E-Router-S1', '00259E-Router-S2']);
  });
});

/** A deterministic shuffle. */
function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function importPkts(pkts: Pkt[]): ReturnType<typeof importPacketCapture> {
  return importPacketCapture(pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) })), { linkType: 1 }), opts);
}

describe('TCP reassembly', () => {
  it('puts out-of-order, retransmitted and overlapping segments back in order', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('R'), mss: 97 });
    const data = pkts.filter((p) => p.spec.payload && p.spec.payload.length > 0);
    // Overlaps: a segment re-sent as one spanning the second half of it and half the next.
    const overlaps = data.slice(0, 6).map((p, i) => {
      const next = data[i + 1];
      const joined = new Uint8Array([...p.spec.payload!.subarray(40), ...(next.spec.src === p.spec.src ? next.spec.payload!.subarray(0, 30) : [])]);
      return { ts: p.ts + 0.5, spec: { ...p.spec, seq: (p.spec.seq + 40) >>> 0, payload: joined } };
    });
    const retransmits = data.filter((_, i) => i % 3 === 0).map((p) => ({ ts: p.ts + 0.7, spec: p.spec }));
    const handshake = pkts.slice(0, 3);
    const mixed = [...handshake, ...shuffle([...pkts.slice(3), ...overlaps, ...retransmits], 7)];
    const r = importPkts(mixed);
    expectSession(r, 'R');
    expect(r.warnings.join('\n')).toMatch(/retransmitted or overlapping segment/);
    expect(r.warnings.join('\n')).not.toMatch(/different bytes/);
  });

  it('keeps the first arrival when an overlap brings different bytes, and says so', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('C'), mss: 200 });
    const first = pkts.find((p) => p.spec.payload && p.spec.payload.length > 0)!;
    const forged = { ts: first.ts + 100, spec: { ...first.spec, payload: first.spec.payload!.map(() => 0x58) } };
    const r = importPkts([...pkts, forged]);
    expectSession(r, 'C');
    expect(r.warnings.join('\n')).toMatch(/1 of them with different bytes \(the first arrival was kept\)/);
  });

  it('follows a connection whose handshake was not captured, across sequence-number wrap-around', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('W'), isnClient: 0xffff_ff00, isnServer: 0xffff_fff0, mss: 64, handshake: false });
    // Without a SYN the client is the side that sends requests; start from the middle of the file order.
    const r = importPkts([...pkts.slice(2), ...pkts.slice(0, 2)]);
    expectSession(r, 'W');
  });

  it('separates two connections that reuse the same ports', () => {
    const a = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('P1'), isnClient: 5000 });
    const b = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('P2'), isnClient: 9_000_000, t0: T0 + 60_000 });
    const r = importPkts([...a, ...b]);
    expect(r.connections).toBe(2);
    expect(reconstructSessions(r.exchanges).map((s) => [s.deviceId, s.outcome])).toEqual([
      ['00259E-Router-P1', 'completed'],
      ['00259E-Router-P2', 'completed'],
    ]);
  });

  it('a lost client packet costs only the request it was part of: reading picks up at the next request', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('G'), mss: 100 });
    const inInform = pkts.findIndex((p) => p.spec.payload && new TextDecoder().decode(p.spec.payload).includes('<SerialNumber>'));
    const r = importPkts(pkts.filter((_, i) => i !== inInform));
    expect(r.exchanges.map((x) => [x.cwmpRequest?.rpc ?? null, x.cwmpResponse?.rpc ?? null])).toEqual([
      [null, 'GetParameterValues'],
      ['GetParameterValuesResponse', null],
    ]);
    const text = r.warnings.join('\n');
    expect(text).toMatch(/100 bytes from the client were not captured \(1 hole\(s\)\)/);
    expect(text).toMatch(/client side: the stream ends inside a message body .*100 bytes were not captured there/);
    expect(text).toMatch(/client side: after 100 bytes that were not captured \(at byte \d+\), \d+ bytes \(the rest of a request begun where data is missing\) were skipped up to the next request/);
    expect(text).toMatch(/1 response\(s\) whose request is not in the capture; not imported/);
  });

  it('a lost server packet costs only the response it was part of', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('H'), mss: 100 });
    const inGpv = pkts.findIndex((p) => p.spec.srcPort === 7547 && p.spec.payload && new TextDecoder().decode(p.spec.payload).includes('ParameterNames'));
    const r = importPkts(pkts.filter((_, i) => i !== inGpv));
    expect(r.exchanges.map((x) => [x.cwmpRequest?.rpc ?? null, x.response ? (x.cwmpResponse?.rpc ?? null) : 'none'])).toEqual([
      ['Inform', 'InformResponse'],
      [null, 'none'],
      ['GetParameterValuesResponse', null],
    ]);
    expect(r.exchanges[1].error).toMatch(/no \(whole\) response/);
    expect(r.warnings.join('\n')).toMatch(/bytes from the server were not captured/);
  });

  it('a capture that starts mid-connection reads from the first whole request', () => {
    const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('M'), mss: 100, handshake: false });
    // The first packets (part of the Inform) were sent before the capture started.
    const r = importPkts(pkts.slice(4));
    expect(r.exchanges.map((x) => x.cwmpRequest?.rpc ?? null)).toEqual([null, 'GetParameterValuesResponse']);
    expect(r.warnings.join('\n')).toMatch(/bytes \(the rest of a request begun where data is missing\) were skipped/);
  });
});

describe('HTTP streams', () => {
  it('decodes chunked requests and responses (extensions, trailers) on a keep-alive connection', () => {
    const pairs: Array<[Uint8Array, Uint8Array]> = [
      [httpRequest(informXml({ serial: 'CH' }), { chunked: [100, 7, 300] }), httpResponse(informResponse(), { chunked: [50] })],
      [httpRequest(''), httpResponse(gpv('g1'), { chunked: [1, 1, 1] })],
      [httpRequest(gpvResponse('g1'), { chunked: [] }), httpResponse('')],
    ];
    const r = importPkts(conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs, mss: 120 }));
    expect(r.warnings).toEqual([]);
    expectSession(r, 'CH');
    expect(r.exchanges[0].request?.headers).toContainEqual(['Transfer-Encoding', 'chunked']);
  });

  it('skips 100 Continue and pairs the real answer', () => {
    const continued = new Uint8Array([...enc('HTTP/1.1 100 Continue\r\n\r\n'), ...httpResponse(informResponse())]);
    const r = importPkts(conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: [[httpRequest(informXml({ serial: 'E' }), { headers: ['Expect: 100-continue'] }), continued]] }));
    expect(r.exchanges).toHaveLength(1);
    expect(r.exchanges[0].response?.status).toBe(200);
    expect(r.exchanges[0].cwmpResponse?.rpc).toBe('InformResponse');
  });

  it('reads a response without length up to the close', () => {
    const res = enc(`HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n${informResponse()}`);
    const r = importPkts(conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: [[httpRequest(informXml({ serial: 'Z' })), res]] }));
    expect(r.exchanges[0].response?.body.data).toBe(informResponse());
  });

  it('lists TLS connections as encrypted, with advice, and reads the plain ones beside them', () => {
    const hello = new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x40, 0x01, ...new Array(64).fill(7)]);
    const tls = conversation({ client: '192.0.2.10', server: '192.0.2.1', serverPort: 7548, pairs: [[hello, new Uint8Array([0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0])]] });
    const plain = conversation({ client: '192.0.2.11', server: '192.0.2.1', clientPort: 51001, pairs: session('T'), t0: T0 + 10_000 });
    const r = importPkts([...tls, ...plain]);
    expect(r.encrypted).toEqual([{ client: '192.0.2.10:51000', server: '192.0.2.1:7548', bytes: hello.length + 7 }]);
    expect(r.warnings.join('\n')).toMatch(/1 TLS connection\(s\) are encrypted.*capture proxy or to its ACS/);
    expectSession(r, 'T');
  });

  it('skips a connection that is not HTTP, saying so', () => {
    const r = importPkts(conversation({ client: '192.0.2.10', server: '192.0.2.1', serverPort: 22, pairs: [[enc('SSH-2.0-OpenSSH_9.2\r\n'), enc('SSH-2.0-x\r\n')]] }));
    expect(r.exchanges).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/not HTTP \(21 bytes from the client\); skipped/);
  });
});

describe('damaged captures', () => {
  const pkts = conversation({ client: '192.0.2.10', server: '192.0.2.1', pairs: session('D'), mss: 300 });
  const whole = pcapFile(pkts.map((p) => ({ ts: p.ts, data: frame(1, ipOf(p)) })), { linkType: 1 });

  it('a pcap cut short mid-packet imports the whole exchanges and says what was not', () => {
    // Cut inside the last request's body: the first two exchanges stay whole.
    const lastReq = new TextEncoder().encode('GetParameterValuesResponse');
    let cut = whole.length;
    for (let i = whole.length - lastReq.length; i > 0; i--) {
      if (lastReq.every((b, k) => whole[i + k] === b)) {
        cut = i + 5;
        break;
      }
    }
    const r = importPacketCapture(whole.subarray(0, cut), opts);
    expect(r.exchanges.map((x) => x.cwmpRequest?.rpc ?? null)).toEqual(['Inform', null]);
    const text = r.warnings.join('\n');
    expect(text).toMatch(/the file ends inside packet \d+ .*cut short/);
    expect(text).toMatch(/the stream ends inside a message body/);
  });

  it('a pcap cut inside a record header, and a damaged record length', () => {
    const r = importPacketCapture(whole.subarray(0, 24 + 10), opts);
    expect(r.exchanges).toEqual([]);
    expect(r.warnings[0]).toMatch(/ends inside the header of packet 1/);
    const bad = whole.slice();
    new DataView(bad.buffer).setUint32(24 + 8, 0x7fffffff, true);
    expect(importPacketCapture(bad, opts).warnings[0]).toMatch(/packet 1 .* claims 2147483647 bytes: the file is damaged/);
  });

  it('a pcapng cut short inside a block', () => {
    const ng = new NgBuilder().shb().idb(1);
    for (const p of pkts) ng.epb(0, p.ts, frame(1, ipOf(p)));
    const bytes = ng.bytes();
    const r = importPacketCapture(bytes.subarray(0, bytes.length - 30), opts);
    expect(r.exchanges.map((x) => x.cwmpRequest?.rpc ?? null)).toEqual(['Inform', null, 'GetParameterValuesResponse']);
    expect(r.warnings.join('\n')).toMatch(/the file ends inside block \d+ \(a packet at byte \d+; \d+ of \d+ bytes\)/);
  });

  it('packets cut by a snap length are reported', () => {
    const snapped = pcapFile(
      pkts.map((p) => {
        const f = frame(1, ipOf(p));
        return { ts: p.ts, data: f.subarray(0, Math.min(f.length, 200)), origLen: f.length };
      }),
      { linkType: 1 },
    );
    const r = importPacketCapture(snapped, opts);
    expect(r.warnings.join('\n')).toMatch(/cut short by the capture's snap length \(capture with -s 0\)/);
  });
});
