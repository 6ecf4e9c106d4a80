import http from 'node:http';
import https from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvent } from '../../../src-shared/api/index';
import { buildCwmp, parseCwmp } from '../../../src-shared/cwmp/index';
import type { CwmpHeader, CwmpMessage, CwmpNamespace, Inform, Rpc } from '../../../src-shared/cwmp/types';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import { EventHub } from '../../../src-main/runtime/event-hub';
import { createAcsService, type AcsOptions, type AcsService } from '../../../src-main/acs/index';
import { answerChallenge } from '../../../src-main/runtime/http-auth';

export interface Harness {
  acs: AcsService;
  dataDir: string;
  hub: EventHub;
  events: ApiEvent[];
  exchanges: Map<string, Exchange>;
  /** Every record() call, in order (start and end of each exchange). */
  records: Exchange[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startAcs(options: Partial<AcsOptions> = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'acs-test-')));
  const hub = new EventHub();
  const events: ApiEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const exchanges = new Map<string, Exchange>();
  const records: Exchange[] = [];
  const traffic = {
    record(x: Exchange) {
      records.push(x);
      exchanges.set(x.id, x);
    },
  };
  const make = async (): Promise<AcsService> => {
    const acs = await createAcsService({ dataDir: dir, host: '127.0.0.1', httpPort: 0, httpsPort: null, hub, traffic, ...options });
    await acs.start();
    return acs;
  };
  const harness: Harness = {
    acs: await make(),
    dataDir: dir,
    hub,
    events,
    exchanges,
    records,
    async restart() {
      await harness.acs.stop();
      harness.acs = await make();
    },
    async close() {
      await harness.acs.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export interface CpeReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  message?: CwmpMessage;
}

/** A CPE scripted by the test: one keep-alive connection, cookies (unless told to drop them), optional auth. */
export class ScriptedCpe {
  private cookie: string | undefined;
  private readonly agent: http.Agent;
  private authorization: string | undefined;
  private nc = 1;
  namespace: CwmpNamespace = 'urn:dslforum-org:cwmp-1-2';

  constructor(
    private readonly url: string,
    private readonly opts: { keepCookies?: boolean; credentials?: { username: string; password: string }; path?: string } = {},
  ) {
    this.agent = url.startsWith('https') ? new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  async send(rpc: Rpc | null, header: CwmpHeader = {}): Promise<CpeReply> {
    const body = rpc ? buildCwmp({ rpc, header, namespace: this.namespace }) : '';
    return this.sendRaw(body);
  }

  async sendRaw(body: string | Buffer, extraHeaders: Record<string, string> = {}): Promise<CpeReply> {
    let reply = await this.post(body, extraHeaders);
    if (reply.status === 401 && this.opts.credentials && reply.headers['www-authenticate']) {
      const target = new URL(this.opts.path ?? '/', this.url);
      this.authorization = answerChallenge(String(reply.headers['www-authenticate']), this.opts.credentials, 'POST', target.pathname, this.nc++) ?? undefined;
      reply = await this.post(body, extraHeaders);
    }
    return reply;
  }

  private post(body: string | Buffer, extraHeaders: Record<string, string>): Promise<CpeReply> {
    const target = new URL(this.opts.path ?? '/', this.url);
    const headers: Record<string, string | number> = { 'Content-Type': 'text/xml; charset="utf-8"', 'Content-Length': Buffer.byteLength(body), ...extraHeaders };
    if (this.cookie && this.opts.keepCookies !== false) headers.Cookie = this.cookie;
    if (this.authorization) headers.Authorization = this.authorization;
    const lib = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(target, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'];
          if (setCookie?.[0]) this.cookie = setCookie[0].split(';')[0];
          const text = Buffer.concat(chunks).toString('utf8');
          const decoded = text && String(res.headers['content-type'] ?? '').includes('xml') ? parseCwmp(text) : null;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ...(decoded?.ok ? { message: decoded.message } : {}) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The connection the agent keeps (to kill it mid-session). */
  destroy(): void {
    this.agent.destroy();
  }

  forgetCookie(): void {
    this.cookie = undefined;
  }
}

export function makeInform(serial = 'SN0001', events: Array<[string, string]> = [['0 BOOTSTRAP', ''], ['1 BOOT', '']], extra: Inform['parameterList'] = []): Inform {
  return {
    name: 'Inform',
    deviceId: { manufacturer: 'Acme', oui: '00D09E', productClass: 'HGW', serialNumber: serial },
    event: events.map(([eventCode, commandKey]) => ({ eventCode, commandKey })),
    maxEnvelopes: 1,
    currentTime: '2026-01-01T00:00:00Z',
    retryCount: 0,
    parameterList: [
      { name: 'Device.DeviceInfo.SoftwareVersion', value: '1.2.3', type: 'xsd:string' },
      { name: 'Device.DeviceInfo.HardwareVersion', value: 'hw1', type: 'xsd:string' },
      { name: 'Device.DeviceInfo.ModelName', value: 'Model X', type: 'xsd:string' },
      { name: 'Device.ManagementServer.ConnectionRequestURL', value: 'http://127.0.0.1:1/cr', type: 'xsd:string' },
      ...extra,
    ],
  };
}

export const deviceIdOf = (serial: string): string => `00D09E-HGW-${serial}`;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` returns a truthy value (event-driven work finishing), or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: condition not met');
    await sleep(20);
  }
}
