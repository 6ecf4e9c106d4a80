/**
 * Replay, CPE side: a virtual copy of a recorded device. It informs an ACS with the recorded identity and
 * Inform (advertising its own ConnectionRequestURL), answers each request with the recorded answer when
 * the recorded ACS sent the same request, otherwise from the tree rebuilt from the trace as the simulator
 * would, listens for connection requests and informs periodically at the recorded interval. Built from the
 * simulator's parts: its session runner, HTTP client, connection-request listener and RPC answers.
 */
import { randomBytes } from 'node:crypto';
import type { AcsRequest, CwmpNamespace, EventStruct, Inform, ParameterValueStruct, UnknownRpc } from '../../src-shared/cwmp/types';
import type { DeviceImage } from '../../src-shared/replay/device-image';
import { RecordedAnswers } from '../../src-shared/replay/match';
import type { LiveSession } from '../../src-shared/replay/cpe-report';
import type { ReplayScript } from '../../src-shared/replay/script';
import { CrListener } from '../sim/cr-listener';
import type { Credentials } from '../sim/http-auth';
import { loadSimSchema } from '../sim/datamodel-schema';
import { imageTree } from '../sim/image-tree';
import { ParamTree } from '../sim/param-tree';
import { answer, type RpcContext, type RpcOutcome } from '../sim/rpc';
import { runSession } from '../sim/session';
import { SessionQueue } from '../sim/session-queue';
import type { TlsOptions } from '../sim/session-http';
import { xsiType } from '../sim/values';

export interface VirtualCpeOptions {
  script: ReplayScript;
  image: DeviceImage;
  /** The ACS to inform; user:password in the URL are the device's ACS credentials. */
  acsUrl: string;
  /** Another serial number than the recorded one (so it can run beside the real device). */
  serial?: string;
  /** Where the connection-request listener binds; default 127.0.0.1. */
  host?: string;
  tls?: TlsOptions;
  timeoutMs?: number;
  /** Reboots keep the device away this long; default 1000 ms. */
  rebootDelayMs?: number;
  onSession?: (s: LiveSession) => void;
}

/** Requests whose effect (a reboot, a scheduled Inform) happens even when the answer comes from the trace. */
const EFFECTS = new Set(['Reboot', 'FactoryReset', 'ScheduleInform']);

export class VirtualCpe {
  readonly deviceId: string;
  readonly sessions: LiveSession[] = [];
  readonly tree: ParamTree;
  connectionRequestUrl = '';
  private readonly ctx: RpcContext;
  private readonly answers: RecordedAnswers;
  private readonly cr: CrListener;
  private readonly crPath = `/${randomBytes(6).toString('hex')}`;
  private readonly credentials?: Credentials;
  private readonly acsUrl: string;
  private readonly ms: string;
  private events = new Map<string, EventStruct>();
  private readonly queue = new SessionQueue<LiveSession>(() => this.session());
  private periodic: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = true;
  private rebooting = false;
  private bootTime = Date.now();
  private readonly listeners = new Set<(s: LiveSession) => void>();

  constructor(private readonly o: VirtualCpeOptions) {
    const id = { ...o.image.deviceId, ...(o.serial ? { serialNumber: o.serial } : {}) };
    this.deviceId = `${id.oui}-${id.productClass}-${id.serialNumber}`;
    const root = o.image.root;
    this.ms = `${root}ManagementServer.`;
    const fixed = new Map<string, string>();
    if (o.serial) fixed.set(`${root}DeviceInfo.SerialNumber`, o.serial);
    // A trace never shows passwords: the recorded connection-request credentials cannot be met, so none.
    fixed.set(`${this.ms}ConnectionRequestUsername`, '');
    fixed.set(`${this.ms}ConnectionRequestPassword`, '');
    this.tree = new ParamTree(imageTree(o.image, root === 'Device.' ? loadSimSchema() : undefined), fixed);
    for (const p of o.image.parameters) {
      if (p.notification !== undefined && p.notification > 0) this.tree.setAttributes(p.name, { notification: p.notification as 1, accessList: [] });
    }
    this.ctx = { tree: this.tree, transfers: [], deploymentUnits: [], vouchers: [], cwmpVersion: o.image.cwmpVersion };
    this.answers = new RecordedAnswers(o.script);
    const url = new URL(o.acsUrl);
    if (url.username || url.password) this.credentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
    this.acsUrl = url.toString();
    this.cr = new CrListener({
      host: o.host ?? '127.0.0.1',
      path: this.crPath,
      credentials: () => {
        const username = this.tree.get(`${this.ms}ConnectionRequestUsername`);
        const password = this.tree.get(`${this.ms}ConnectionRequestPassword`);
        return username === '' && password === '' ? null : { username, password };
      },
      available: () => !this.stopped && !this.rebooting,
      onRequest: () => void this.requestSession([{ eventCode: '6 CONNECTION REQUEST', commandKey: '' }]),
    });
  }

  /** Opens the connection-request listener and runs the first session with the first recorded session's events. */
  async start(): Promise<LiveSession> {
    const port = await this.cr.listen();
    const bind = this.o.host === undefined || this.o.host === '0.0.0.0' || this.o.host === '::' ? '127.0.0.1' : this.o.host;
    this.connectionRequestUrl = `http://${bind.includes(':') ? `[${bind}]` : bind}:${port}${this.crPath}`;
    this.tree.setFixed(`${this.ms}ConnectionRequestURL`, this.connectionRequestUrl);
    this.stopped = false;
    this.bootTime = Date.now();
    this.schedulePeriodic();
    const first = this.o.script.sessions[0]?.events ?? ['1 BOOT'];
    return this.requestSession(first.filter((e) => e !== '6 CONNECTION REQUEST').map((eventCode) => ({ eventCode, commandKey: '' })));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.periodic) clearTimeout(this.periodic);
    for (const t of this.timers) clearTimeout(t);
    await this.cr.close();
    await this.queue.settled(2000);
  }

  /** Resolves with the next session that ends. */
  nextSession(timeoutMs: number): Promise<LiveSession | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.listeners.delete(on);
        resolve(null);
      }, timeoutMs);
      const on = (s: LiveSession): void => {
        clearTimeout(timer);
        this.listeners.delete(on);
        resolve(s);
      };
      this.listeners.add(on);
    });
  }

  private schedulePeriodic(): void {
    if (this.periodic) clearTimeout(this.periodic);
    this.periodic = null;
    const enabled = this.tree.get(`${this.ms}PeriodicInformEnable`);
    const sec = Number(this.tree.get(`${this.ms}PeriodicInformInterval`)) || this.o.image.periodicInformIntervalSec || 0;
    if (this.stopped || enabled === 'false' || enabled === '0' || !(sec >= 1)) return;
    this.periodic = setTimeout(() => {
      this.periodic = null;
      void this.requestSession([{ eventCode: '2 PERIODIC', commandKey: '' }]);
      this.schedulePeriodic();
    }, Math.min(sec * 1000, 2 ** 31 - 1));
    this.periodic.unref();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Runs a session with these events after the current one (a session already waiting takes them along). */
  requestSession(events: EventStruct[]): Promise<LiveSession> {
    for (const e of events) this.events.set(e.eventCode.startsWith('M ') ? `${e.eventCode}\u0000${e.commandKey}` : e.eventCode, e);
    return this.queue.request();
  }

  private inform(): Inform {
    const id = { ...this.o.image.deviceId, ...(this.o.serial ? { serialNumber: this.o.serial } : {}) };
    const uptime = `${this.o.image.root}DeviceInfo.UpTime`;
    if (this.tree.node(uptime)?.param) this.tree.set(uptime, String(Math.floor((Date.now() - this.bootTime) / 1000)));
    const names = [...this.o.image.informParameters];
    if (!names.includes(`${this.ms}ConnectionRequestURL`)) names.push(`${this.ms}ConnectionRequestURL`);
    const parameterList: ParameterValueStruct[] = [];
    for (const name of names) {
      const node = this.tree.node(name);
      if (node?.param) parameterList.push({ name, value: this.tree.get(name), type: xsiType(node.param.type) });
    }
    return { name: 'Inform', deviceId: id, event: [...this.events.values()], maxEnvelopes: 1, currentTime: new Date().toISOString(), retryCount: 0, parameterList };
  }

  private namespace(): CwmpNamespace {
    return this.o.script.namespace ?? (this.o.image.cwmpVersion === '1.0' ? 'urn:dslforum-org:cwmp-1-0' : 'urn:dslforum-org:cwmp-1-2');
  }

  private async session(): Promise<LiveSession> {
    const inform = this.inform();
    const live: LiveSession = { events: inform.event.map((e) => e.eventCode), requests: [], fromTrace: 0, fromTree: 0, ok: false };
    if (this.stopped) return { ...live, error: 'device stopped' };
    const respond = (rpc: AcsRequest | UnknownRpc): RpcOutcome => {
      live.requests.push(rpc);
      const recorded = this.answers.take(rpc);
      if (!recorded) {
        live.fromTree++;
        return answer(this.ctx, rpc);
      }
      live.fromTrace++;
      const effect = EFFECTS.has(rpc.name) ? answer(this.ctx, rpc).after : undefined;
      return { response: recorded, ...(effect ? { after: effect } : {}) };
    };
    const { result, after, informed } = await runSession({
      deviceId: this.deviceId,
      inform,
      namespace: this.namespace(),
      pending: [],
      ctx: this.ctx,
      http: { url: this.acsUrl, credentials: this.credentials, tls: this.o.tls, keepAlive: true, timeoutMs: this.o.timeoutMs ?? 30_000 },
      onChanged: (names) => {
        if (names.some((n) => n.startsWith(`${this.ms}PeriodicInform`))) this.schedulePeriodic();
      },
      respond,
    });
    if (informed) this.events.clear();
    live.ok = result.ok;
    if (result.error) live.error = result.error;
    for (const a of after) {
      if (a.kind === 'reboot' || a.kind === 'factoryReset') {
        this.rebooting = true;
        const events: EventStruct[] = a.kind === 'reboot' ? [{ eventCode: '1 BOOT', commandKey: '' }, { eventCode: 'M Reboot', commandKey: a.commandKey }] : [{ eventCode: '0 BOOTSTRAP', commandKey: '' }, { eventCode: '1 BOOT', commandKey: '' }];
        this.later(this.o.rebootDelayMs ?? 1000, () => {
          if (a.kind === 'factoryReset') this.tree.reset();
          this.rebooting = false;
          this.bootTime = Date.now();
          void this.requestSession(events);
        });
      } else if (a.kind === 'scheduleInform') {
        this.later(a.delaySeconds * 1000, () => void this.requestSession([{ eventCode: '3 SCHEDULED', commandKey: '' }, { eventCode: 'M ScheduleInform', commandKey: a.commandKey }]));
      }
      // Transfers and DU changes are not carried out by a copy: the ACS sees them accepted, never completed.
    }
    this.sessions.push(live);
    this.o.onSession?.(live);
    for (const l of [...this.listeners]) l(live);
    return live;
  }
}
