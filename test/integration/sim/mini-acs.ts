/**
 * A minimal scripted ACS for simulator tests: answers Informs and CPE requests, hands out queued ACS
 * requests one at a time (each resolved with the CPE's answer), serves files and takes uploads, and can
 * demand Basic or Digest authentication. Written against the protocol, not against the simulator.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCwmp, parseCwmp } from '../../../src-shared/cwmp';
import type { AcsRequest, CpeRequest, CwmpMessage, Inform, Rpc } from '../../../src-shared/cwmp/types';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export interface Received {
  serial: string;
  message: CwmpMessage;
  cookie: string | undefined;
}

/** What the CPE answered: a response, a Fault, or whatever it sent. */
export type Answer = NonNullable<CwmpMessage['rpc']>;

interface Queued {
  rpc: AcsRequest | string;
  resolve: (r: Answer) => void;
}

export class MiniAcs {
  readonly server: http.Server;
  url = '';
  base = '';
  /** Every CWMP message received, in order. */
  readonly received: Received[] = [];
  readonly informs: Inform[] = [];
  readonly cpeRequests: CpeRequest[] = [];
  readonly files = new Map<string, Buffer>();
  readonly uploads = new Map<string, { body: Buffer; contentType: string | undefined }>();
  fileGets = 0;
  /** POSTs after an Inform that came without the session cookie. */
  missingCookie = 0;
  auth: { scheme: 'basic' | 'digest'; username: string; password: string } | null = null;
  /** 401 challenges sent. */
  challenges = 0;
  holdRequests = false;
  /** Sent in the InformResponse header when set (CWMP 1.4 negotiation). */
  useCwmpVersion: string | undefined;
  private readonly queues = new Map<string, Queued[]>();
  private readonly inFlight = new Map<string, Queued>();
  private readonly sessions = new Map<string, string>();
  private nonce = randomBytes(8).toString('hex');

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.url = `${this.base}/acs`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Queues a request for the device (by serial number); resolves with its answer. Raw XML is sent as-is. */
  queue(serial: string, rpc: AcsRequest | string): Promise<Answer> {
    return new Promise((resolve) => {
      const q = this.queues.get(serial) ?? [];
      q.push({ rpc, resolve });
      this.queues.set(serial, q);
    });
  }

  informsOf(serial: string): Inform[] {
    return this.informs.filter((i) => i.deviceId.serialNumber === serial);
  }

  private authorized(req: http.IncomingMessage): boolean {
    if (!this.auth) return true;
    const h = req.headers.authorization ?? '';
    const { scheme, username, password } = this.auth;
    if (scheme === 'basic') return h === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (!h.startsWith('Digest ')) return false;
    const p: Record<string, string> = {};
    for (const m of h.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) p[m[1]] = m[2] ?? m[3];
    const ha1 = md5(`${username}:acs:${password}`);
    const ha2 = md5(`${req.method}:${p.uri}`);
    return p.nonce === this.nonce && p.response === md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/files/') && req.method === 'GET') {
      this.fileGets++;
      const f = this.files.get(path.slice(7));
      if (!f) res.writeHead(404).end();
      else res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(f);
      return;
    }
    if (path.startsWith('/upload/') && (req.method === 'PUT' || req.method === 'POST')) {
      this.uploads.set(path.slice(8), { body, contentType: req.headers['content-type'] });
      res.writeHead(201).end();
      return;
    }
    if (path !== '/acs' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    if (!this.authorized(req)) {
      this.challenges++;
      const challenge =
        this.auth?.scheme === 'basic' ? 'Basic realm="acs"' : `Digest realm="acs", qop="auth", nonce="${this.nonce}", algorithm=MD5`;
      res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Length': '0' }).end();
      return;
    }
    const decoded = parseCwmp(body, { contentType: req.headers['content-type'] });
    if (!decoded.ok) {
      res.writeHead(400).end(decoded.error.message);
      return;
    }
    const msg = decoded.message;
    const cookie = /sid=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
    let serial = cookie ? this.sessions.get(cookie) : undefined;
    const ns = msg.namespace ?? 'urn:dslforum-org:cwmp-1-0';
    const send = (rpc: Rpc | null, headers: Record<string, string> = {}, id?: string, hold?: boolean): void => {
      if (!rpc) {
        res.writeHead(204, headers).end();
        return;
      }
      const header = { ...(id !== undefined ? { id } : {}), ...(hold ? { holdRequests: true } : {}) };
      const xml = buildCwmp({ rpc, header, namespace: ns });
      res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"', ...headers }).end(xml);
    };
    if (msg.rpc?.name === 'Inform') {
      const sid = randomBytes(6).toString('hex');
      serial = msg.rpc.deviceId.serialNumber;
      this.sessions.set(sid, serial);
      this.informs.push(msg.rpc);
      this.received.push({ serial, message: msg, cookie });
      const header = {
        id: msg.header.id ?? '',
        ...(this.holdRequests ? { holdRequests: true } : {}),
        ...(this.useCwmpVersion ? { useCwmpVersion: this.useCwmpVersion } : {}),
      };
      const xml = buildCwmp({ rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header, namespace: ns });
      res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"', 'Set-Cookie': `sid=${sid}; Path=/` }).end(xml);
      return;
    }
    if (!serial) {
      this.missingCookie++;
      res.writeHead(400).end('no session');
      return;
    }
    this.received.push({ serial, message: msg, cookie });
    const rpc = msg.rpc;
    if (rpc && rpc.name !== 'Fault' && rpc.name !== 'Unknown' && rpc.name.endsWith('Response') === false) {
      // A CPE request: answer it.
      this.cpeRequests.push(rpc as CpeRequest);
      const answers: Record<string, Rpc> = {
        TransferComplete: { name: 'TransferCompleteResponse' },
        AutonomousTransferComplete: { name: 'AutonomousTransferCompleteResponse' },
        DUStateChangeComplete: { name: 'DUStateChangeCompleteResponse' },
        AutonomousDUStateChangeComplete: { name: 'AutonomousDUStateChangeCompleteResponse' },
        RequestDownload: { name: 'RequestDownloadResponse' },
        Kicked: { name: 'KickedResponse', nextURL: 'http://127.0.0.1/next' },
        GetRPCMethods: { name: 'GetRPCMethodsResponse', methodList: ['Inform', 'GetRPCMethods', 'TransferComplete'] },
      };
      send(answers[rpc.name] ?? null, {}, msg.header.id, this.holdRequests);
      return;
    }
    if (rpc) {
      const waiting = this.inFlight.get(serial);
      this.inFlight.delete(serial);
      waiting?.resolve(rpc);
    }
    const next = this.queues.get(serial)?.shift();
    if (!next) {
      send(null);
      return;
    }
    this.inFlight.set(serial, next);
    const id = `acs-${randomBytes(3).toString('hex')}`;
    if (typeof next.rpc === 'string') {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"' }).end(next.rpc);
      return;
    }
    send(next.rpc, {}, id);
  }
}
