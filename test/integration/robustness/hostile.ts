import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { buildCwmp } from '../../../src-shared/cwmp/index';
import type { Inform } from '../../../src-shared/cwmp/types';

/** One listener under test: where it is and whether it speaks TLS. */
export interface Target {
  name: string;
  port: number;
  tls: boolean;
}

export interface RawReply {
  /** The HTTP status of the first response, or 0 when none arrived. */
  status: number;
  /** Everything the server sent before closing (or before the wait ran out). */
  text: string;
  /** The server closed (or reset) the connection. */
  closed: boolean;
}

/** Opens a plain or TLS socket to 127.0.0.1 (the lab certificate is not what is tested here). */
export function open(target: Target): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = target.tls
      ? tlsConnect({ host: '127.0.0.1', port: target.port, rejectUnauthorized: false, servername: 'localhost' }, () => resolve(socket))
      : netConnect({ host: '127.0.0.1', port: target.port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `bytes` on a fresh connection and collects the answer until the server closes the connection, a full
 * response (by Content-Length) has arrived, or `waitMs` passes. Never throws for a reset: that is an answer too.
 */
export async function rawSend(target: Target, bytes: Buffer | string, opts: { waitMs?: number; hangUp?: boolean } = {}): Promise<RawReply> {
  const socket = await open(target);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, closed });
    };
    const timer = setTimeout(() => finish(false), opts.waitMs ?? 4000);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, head));
      if (len && Buffer.byteLength(text, 'latin1') - head - 4 >= Number(len[1])) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.write(bytes, () => {
      if (opts.hangUp) finish(true);
    });
  });
}

/** A raw HTTP/1.1 POST with an exact Content-Length (unless given) and `Connection: close`. */
export function postBytes(target: Target, path: string, body: Buffer | string, headers: Record<string, string> = {}): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Record<string, string> = {
    Host: `127.0.0.1:${target.port}`,
    'Content-Type': 'text/xml; charset="utf-8"',
    'Content-Length': String(b.length),
    Connection: 'close',
    ...headers,
  };
  const head = `POST ${path} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), b]);
}

const ENV_OPEN =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">' +
  '<soap:Header><cwmp:ID soap:mustUnderstand="1">robust-1</cwmp:ID></soap:Header><soap:Body>';
const ENV_CLOSE = '</soap:Body></soap:Envelope>';

/** The hostile bodies, each with a short name used in the request path so its record can be found. */
export const bodies = {
  malformed: (): string => `${ENV_OPEN}<cwmp:Inform><DeviceId><OUI>00D09E</OUI></DeviceId>${ENV_CLOSE}`,
  billionLaughs: (): string =>
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
    `\n]>\n${ENV_OPEN}<cwmp:Inform><X>&lol9;</X></cwmp:Inform>${ENV_CLOSE}`,
  externalEntity: (): string =>
    `<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${ENV_OPEN}<cwmp:Inform><X>&xxe;</X></cwmp:Inform>${ENV_CLOSE}`,
  externalDtd: (): string => `<?xml version="1.0"?>\n<!DOCTYPE soap:Envelope SYSTEM "file:///etc/passwd">\n${ENV_OPEN}<cwmp:GetRPCMethods/>${ENV_CLOSE}`,
  unknownRpc: (): string => `${ENV_OPEN}<cwmp:FrobnicateEverything><Level>11</Level></cwmp:FrobnicateEverything>${ENV_CLOSE}`,
  binary: (): Buffer => Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80, 0x1f, 0x8b]), randomBytes(2048)]),
  deep: (depth: number): string => `${ENV_OPEN}<cwmp:Inform>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</cwmp:Inform>${ENV_CLOSE}`,
  /** An Inform whose serial number holds bytes that are not UTF-8 (a lone 0xE9, 0xFF). */
  invalidUtf8: (serial: string): Buffer =>
    replaceMarker(Buffer.from(informXml(serial).replace('>Model X<', '>Mod\u0001PLACE<'), 'utf8'), Buffer.from([0xe9, 0xff, 0xc3])),
  /** An Inform declared and encoded as ISO-8859-1, with é (0xE9) in a value. */
  latin1: (serial: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${informXml(serial).replace('>Model X<', '>Modèle Été<')}`, 'latin1'),
};

function replaceMarker(b: Buffer, bytes: Buffer): Buffer {
  const marker = Buffer.from('\u0001PLACE', 'utf8');
  const at = b.indexOf(marker);
  return at < 0 ? b : Buffer.concat([b.subarray(0, at), bytes, b.subarray(at + marker.length)]);
}

export function makeInform(serial: string, extraParams = 0): Inform {
  const params: Inform['parameterList'] = [
    { name: 'Device.DeviceInfo.SoftwareVersion', value: '1.2.3', type: 'xsd:string' },
    { name: 'Device.DeviceInfo.ModelName', value: 'Model X', type: 'xsd:string' },
    { name: 'Device.ManagementServer.ConnectionRequestURL', value: 'http://127.0.0.1:1/cr', type: 'xsd:string' },
  ];
  for (let i = 0; i < extraParams; i++) params.push({ name: `Device.X_ROBUST.Table.${i + 1}.Value`, value: `v${i}`, type: 'xsd:string' });
  return {
    name: 'Inform',
    deviceId: { manufacturer: 'Acme', oui: '00D09E', productClass: 'Robust', serialNumber: serial },
    event: [{ eventCode: '2 PERIODIC', commandKey: '' }],
    maxEnvelopes: 1,
    currentTime: '2026-01-01T00:00:00Z',
    retryCount: 0,
    parameterList: params,
  };
}

export function informXml(serial: string, extraParams = 0): string {
  return buildCwmp({ rpc: makeInform(serial, extraParams), header: { id: `inform-${serial}` }, namespace: 'urn:dslforum-org:cwmp-1-2' });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Collects unhandled rejections and uncaught exceptions while installed. */
export function crashCollector(): { errors: string[]; uninstall(): void } {
  const errors: string[] = [];
  const onRejection = (reason: unknown): void => void errors.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (err: Error): void => void errors.push(`uncaughtException: ${err.stack ?? err.message}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

export interface SessionOutcome {
  informStatus: number;
  informResponse: boolean;
  emptyStatus: number;
}

/**
 * A well-behaved CPE session on one keep-alive connection: Inform → InformResponse, then an empty POST that
 * the ACS ends with 204. `path` tags the requests so their records can be found.
 */
export async function normalSession(target: Target, serial: string, path = '/'): Promise<SessionOutcome> {
  const socket = await open(target);
  try {
    const informBody = Buffer.from(informXml(serial), 'utf8');
    const first = await onSocket(socket, postBytes(target, path, informBody, { Connection: 'keep-alive' }));
    const cookie = /\r\nset-cookie:\s*([^;\r\n]+)/i.exec(first.head)?.[1];
    const headers: Record<string, string> = { Connection: 'keep-alive' };
    if (cookie) headers.Cookie = cookie;
    const second = await onSocket(socket, postBytes(target, path, '', headers));
    return { informStatus: first.status, informResponse: /InformResponse/.test(first.body), emptyStatus: second.status };
  } finally {
    socket.destroy();
  }
}

/** One request/response on an open keep-alive socket (responses carry Content-Length or are 204). */
function onSocket(socket: Socket, bytes: Buffer): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error('no response within 5 s')), 5000);
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (status !== 204 && buf.length - end - 4 < len) return;
      done(undefined, { status, head, body: buf.subarray(end + 4, end + 4 + len).toString('utf8') });
    };
    const onClose = (): void => done(new Error('connection closed before a response'));
    const done = (err?: Error, value?: { status: number; head: string; body: string }): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (err) reject(err);
      else resolve(value!);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.write(bytes);
  });
}
