/**
 * A packet capture (pcap or pcapng bytes) → the workbench's exchanges: frames → IP → TCP connections →
 * HTTP messages → one exchange per request/response pair, decoded like the ACS's own recordings. TLS
 * connections cannot be read and are listed with advice; what is cut short is left out and said.
 */
import type { Exchange, ExchangeKind, HttpHeaders, RecordedBody } from '../../traffic/exchange';
import { recordBody } from '../bytes';
import { propagateDeviceIds } from '../devices';
import type { SummarizeBody } from '../har';
import { findMessageStart, parseHttpRuns, type HttpMessage } from './http-stream';
import { tcpOfIp } from './ip';
import { ipPayload, isSupportedLinkType } from './link-layer';
import type { PacketFile } from './packets';
import { readPcap, isPcap } from './pcap-file';
import { isPcapng, readPcapng } from './pcapng';
import { TcpReassembler, timeAt, type Endpoint, type Stream, type TcpConnection } from './tcp-reassembly';

export interface EncryptedConnection {
  client: string;
  server: string;
  bytes: number;
}

export interface PacketImport {
  format: 'pcap' | 'pcapng';
  exchanges: Exchange[];
  warnings: string[];
  /** TLS connections, which a capture file cannot open. */
  encrypted: EncryptedConnection[];
  packets: number;
  connections: number;
}

export interface PacketImportOptions {
  /** Decodes a CWMP body (injected so this module stays free of the codec). */
  summarize: SummarizeBody;
  /** Undoes a Content-Encoding (gzip, deflate, br) for display; throws when it cannot. */
  undoContentEncoding?: (bytes: Uint8Array, coding: string) => Uint8Array;
  /** `source` of the exchanges (default `import`). */
  source?: string;
}

export const TLS_ADVICE =
  'a capture file holds TLS traffic encrypted: to see those CWMP messages, let the CPE talk through the workbench’s capture proxy or to its ACS, which record them decrypted';

/** True when the bytes are a pcap or pcapng file. */
export function isPacketCapture(bytes: Uint8Array): boolean {
  return isPcap(bytes) || isPcapng(bytes);
}

export function readPacketFile(bytes: Uint8Array): PacketFile {
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (isPcap(bytes)) return readPcap(bytes);
  throw new Error('not a pcap or pcapng file');
}

function ep(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

const METHOD_START = /^(POST|GET|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE) /;

function startsWith(stream: Stream, re: RegExp): boolean {
  const b = stream.bytes;
  let s = '';
  for (let i = 0; i < Math.min(16, b.length); i++) s += String.fromCharCode(b[i]);
  return re.test(s);
}

/** A TLS record header: handshake/alert/data content type, version 3.x. */
function looksTls(stream: Stream): boolean {
  const b = stream.bytes;
  return b.length >= 3 && b[0] >= 0x14 && b[0] <= 0x17 && b[1] === 3 && b[2] <= 4;
}

/** Which side is the HTTP client: the one that sent the SYN, else the one that speaks first in requests. */
function clientSide(c: TcpConnection): 'a' | 'b' {
  if (c.opener) return c.opener;
  if (startsWith(c.fromA, METHOD_START) || startsWith(c.fromB, /^HTTP\/\d/)) return 'a';
  if (startsWith(c.fromB, METHOD_START) || startsWith(c.fromA, /^HTTP\/\d/)) return 'b';
  if (looksTls(c.fromA) && c.fromA.bytes[5] === 1) return 'a';
  if (looksTls(c.fromB) && c.fromB.bytes[5] === 1) return 'b';
  return c.a.port >= c.b.port ? 'a' : 'b';
}

function header(headers: HttpHeaders, name: string): string | undefined {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return undefined;
}

function body(m: HttpMessage, o: PacketImportOptions, warnings: string[], where: string): RecordedBody {
  const coding = header(m.headers, 'content-encoding');
  if (coding && coding.trim().toLowerCase() !== 'identity' && m.body.length > 0 && o.undoContentEncoding) {
    try {
      const decoded = recordBody(o.undoContentEncoding(m.body, coding), m.body.length);
      decoded.contentEncoding = coding;
      return decoded;
    } catch (err) {
      warnings.push(`${where}: Content-Encoding ${coding} could not be undone (${(err as Error).message}); the body is kept as sent`);
    }
  }
  return recordBody(m.body, m.body.length);
}

function kindOf(req: HttpMessage, res: HttpMessage | undefined): ExchangeKind {
  if (req.method === 'POST') return 'cwmp';
  if (req.method === 'PUT') return 'file';
  if (req.method === 'GET' && res && res.body.length > 0 && (res.status ?? 0) < 300) return 'file';
  return req.method === 'GET' ? 'connection-request' : 'cwmp';
}

function describeStream(s: Stream): string[] {
  const notes: string[] = [];
  if (s.retransmitted > 0) notes.push(`${s.retransmitted} retransmitted or overlapping segment(s)`);
  if (s.conflicting > 0) notes.push(`${s.conflicting} of them with different bytes (the first arrival was kept)`);
  return notes;
}

/**
 * The response to each request. A whole stream pairs them in order (pipelining included); where bytes are
 * missing, order no longer tells, so each request takes the first unused response that began after it
 * and before the next request.
 */
function pairResponses(reqs: HttpMessage[], resps: HttpMessage[], up: Stream, down: Stream, holes: boolean): Array<HttpMessage | undefined> {
  if (!holes) return reqs.map((_, i) => resps[i]);
  const out: Array<HttpMessage | undefined> = [];
  let next = 0;
  reqs.forEach((req, i) => {
    const t = timeAt(up, req.start);
    const until = i + 1 < reqs.length ? timeAt(up, reqs[i + 1].start) : Infinity;
    while (next < resps.length && timeAt(down, resps[next].start) < t) next++;
    if (next < resps.length && timeAt(down, resps[next].start) < until) out.push(resps[next++]);
    else out.push(undefined);
  });
  return out;
}

/** Imports a pcap or pcapng capture. Throws only when the bytes are neither. */
export function importPacketCapture(bytes: Uint8Array, o: PacketImportOptions): PacketImport {
  const file = readPacketFile(bytes);
  const warnings = [...file.warnings];
  const skipped = new Map<string, number>();
  const badLinks = new Map<number, number>();
  const tcp = new TcpReassembler();
  for (const p of file.packets) {
    if (!isSupportedLinkType(p.linkType)) {
      badLinks.set(p.linkType, (badLinks.get(p.linkType) ?? 0) + 1);
      continue;
    }
    const ip = ipPayload(p.linkType, p.data);
    if (!ip) continue;
    const r = tcpOfIp(ip);
    if (!r) continue;
    if ('skip' in r) {
      skipped.set(r.skip, (skipped.get(r.skip) ?? 0) + 1);
      continue;
    }
    tcp.add(r.segment, p.ts);
  }
  for (const [type, n] of badLinks) warnings.push(`${n} packet(s) of link type ${type}, which is not supported (Ethernet, Linux cooked SLL/SLL2, raw IP and loopback are); skipped`);
  for (const [why, n] of skipped) warnings.push(`${n} packet(s) skipped: ${why}`);

  const source = o.source ?? 'import';
  const exchanges: Exchange[] = [];
  const encrypted: EncryptedConnection[] = [];
  const connections = tcp.finish();
  for (const c of connections) {
    const side = clientSide(c);
    const client = side === 'a' ? c.a : c.b;
    const server = side === 'a' ? c.b : c.a;
    const up = side === 'a' ? c.fromA : c.fromB;
    const down = side === 'a' ? c.fromB : c.fromA;
    const where = `connection ${c.index} (${ep(client)} → ${ep(server)})`;
    if (up.bytes.length === 0 && down.bytes.length === 0) {
      if (up.gap > 0 || down.gap > 0) warnings.push(`${where}: none of its data was captured whole`);
      continue;
    }
    if (looksTls(up) || looksTls(down)) {
      encrypted.push({ client: ep(client), server: ep(server), bytes: up.bytes.length + down.bytes.length });
      continue;
    }
    if (!startsWith(up, METHOD_START) && findMessageStart(up.bytes, 0, up.bytes.length, 'request') < 0) {
      warnings.push(`${where}: not HTTP (${up.bytes.length} bytes from the client); skipped`);
      continue;
    }
    const reqs = parseHttpRuns(up.bytes, up.breaks, 'request', { closed: up.fin || up.rst });
    const resps = parseHttpRuns(down.bytes, down.breaks, 'response', { methods: reqs.messages.map((m) => m.method ?? ''), closed: down.fin || down.rst });
    const answers = pairResponses(reqs.messages, resps.messages, up, down, up.breaks.length > 0 || down.breaks.length > 0);
    const connectionId = `pcap-${c.index}`;
    reqs.messages.forEach((req, i) => {
      const res = answers[i];
      const kind = kindOf(req, res);
      const x: Exchange = {
        id: `pcap-${c.index}-${i + 1}`,
        kind,
        source,
        startedAt: timeAt(up, req.start),
        finishedAt: res ? timeAt(down, res.end - 1) : timeAt(up, req.end - 1),
        // The ACS's own recordings name the CPE as remote; for a connection request (the ACS calling the
        // CPE) that is the server.
        connection:
          kind === 'connection-request'
            ? { id: connectionId, remoteAddress: server.address, remotePort: server.port, localAddress: client.address, localPort: client.port }
            : { id: connectionId, remoteAddress: client.address, remotePort: client.port, localAddress: server.address, localPort: server.port },
        request: { method: req.method ?? '', url: req.url ?? '', httpVersion: req.httpVersion, headers: req.headers, body: body(req, o, warnings, where) },
      };
      if (res) {
        x.response = { status: res.status ?? 0, statusText: res.statusText ?? '', headers: res.headers, body: body(res, o, warnings, where) };
      } else {
        x.error = 'the capture holds no (whole) response to this request';
      }
      if (kind === 'cwmp') {
        const reqText = x.request!.body;
        if (reqText.size > 0 && reqText.encoding === 'utf8') {
          const d = o.summarize(reqText.data, header(req.headers, 'content-type'));
          x.cwmpRequest = d.summary;
          if (d.deviceId) x.deviceId = d.deviceId;
        }
        const rb = x.response?.body;
        if (rb && rb.size > 0 && rb.encoding === 'utf8' && res) x.cwmpResponse = o.summarize(rb.data, header(res.headers, 'content-type')).summary;
      }
      exchanges.push(x);
    });
    for (const p of reqs.problems) warnings.push(`${where}: client side: ${p}`);
    for (const p of resps.problems) warnings.push(`${where}: server side: ${p}`);
    const unpaired = resps.messages.length - answers.filter(Boolean).length;
    if (unpaired > 0) warnings.push(`${where}: ${unpaired} response(s) whose request is not in the capture; not imported`);
    for (const [s, who] of [
      [up, 'client'],
      [down, 'server'],
    ] as const) {
      if (s.gap > 0) warnings.push(`${where}: ${s.gap} bytes from the ${who} were not captured (${s.breaks.length} hole(s)); the messages they touched were not imported`);
      if (s.cutShort > 0) warnings.push(`${where}: ${s.cutShort} ${who} packet(s) were cut short by the capture's snap length (capture with -s 0)`);
      const notes = describeStream(s);
      if (notes.length) warnings.push(`${where}, ${who} side: ${notes.join(', ')}`);
    }
  }
  if (encrypted.length > 0) {
    warnings.push(`${encrypted.length} TLS connection(s) are encrypted and were not read (${encrypted.map((e) => `${e.client} → ${e.server}`).slice(0, 5).join(', ')}${encrypted.length > 5 ? ', …' : ''}): ${TLS_ADVICE}`);
  }
  exchanges.sort((a, b) => a.startedAt - b.startedAt);
  propagateDeviceIds(exchanges);
  return { format: file.format, exchanges, warnings, encrypted, packets: file.packets.length, connections: connections.length };
}
