/**
 * One simulated CPE: its parameter tree, pending events and requests, timers (periodic and scheduled
 * Informs, transfers, reboots), its connection-request listener, and sessions run one at a time.
 */
import { randomBytes } from 'node:crypto';
import type {
  CpeRequest,
  CwmpNamespace,
  DeploymentUnitOperation,
  EventStruct,
  Inform,
  ParameterValueStruct,
  TransferComplete,
} from '../../src-shared/cwmp/types';
import { CrListener } from './cr-listener';
import { UdpCrEndpoint } from './udp-cr';
import { NO_FAULTS, type SimFaults } from './fault-switches';
import { applyDuOperations, uploadBody } from './effects';
import type { Credentials } from './http-auth';
import type { ParamTree } from './param-tree';
import type { AfterSession, RpcContext, Transfer } from './rpc';
import { runSession, type SimSessionResult } from './session';
import { SessionQueue } from './session-queue';
import type { TlsOptions } from './session-http';
import { runTransfer } from './transfers';
import { xsiType } from './values';

export interface DeviceConfig {
  /** Deliberate faults (fault-switches.ts). */
  faults?: SimFaults;
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  host: string;
  /** Fallback when ManagementServer.URL is empty. */
  acsUrl: string;
  tls?: TlsOptions;
  cwmpVersion: '1.0' | '1.2' | '1.4';
  keepAlive: boolean;
  timeoutMs: number;
  /** How long a reboot or factory reset keeps the device away. */
  rebootDelayMs: number;
  /** First retry wait after a failed session (doubles each time, capped at the inform interval). */
  retryBaseMs: number;
  /** Parameter names sent in every Inform besides the forced ones. */
  informParams: readonly string[];
}

const HISTORY = 20;
const NO_FAULT = { faultCode: 0, faultString: '' };

/** Events that occur at most once per Inform; `M …` events are one per CommandKey. */
function eventKey(e: EventStruct): string {
  return e.eventCode.startsWith('M ') ? `${e.eventCode}\u0000${e.commandKey}` : e.eventCode;
}

export class SimulatedDevice {
  readonly deviceId: string;
  readonly crPath = `/${randomBytes(6).toString('hex')}`;
  connectionRequestUrl = '';
  readonly ctx: RpcContext;
  /** `<root>ManagementServer.` */
  private readonly ms: string;
  /** Events waiting to be delivered, by key. */
  private events = new Map<string, EventStruct>();
  /** Requests of its own waiting to be delivered (TransferComplete, ...). */
  readonly pending: CpeRequest[] = [];
  /** The events that announce each pending request (`7 TRANSFER COMPLETE` + `M Download` with its CommandKey, …). */
  private readonly announcedBy = new WeakMap<CpeRequest, EventStruct[]>();
  readonly history: SimSessionResult[] = [];
  private readonly cr: CrListener;
  /** TR-111 Part 2: the UDP connection-request port and its STUN client. */
  readonly udp: UdpCrEndpoint;
  private readonly timers = new Set<NodeJS.Timeout>();
  private periodic: NodeJS.Timeout | null = null;
  private readonly sessions = new SessionQueue<SimSessionResult>(() => this.session());
  private retryCount = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private bootTime = Date.now();
  private rebooting = false;
  private stopped = true;
  private readonly listeners = new Set<(r: SimSessionResult) => void>();
  /** Parameters changed locally that the next Inform reports (passive/active notification). */
  private changedLocally = new Set<string>();

  constructor(
    readonly config: DeviceConfig,
    readonly tree: ParamTree,
    private readonly sessionCallback: (r: SimSessionResult) => void,
  ) {
    this.deviceId = `${config.oui}-${config.productClass}-${config.serialNumber}`;
    this.ms = `${tree.root}ManagementServer.`;
    this.ctx = { tree, transfers: [], deploymentUnits: [], vouchers: [], cwmpVersion: config.cwmpVersion, faults: config.faults ?? NO_FAULTS };
    this.cr = new CrListener({
      host: config.host,
      path: this.crPath,
      credentials: () => this.crCredentials(),
      available: () => !this.rebooting && !this.stopped,
      onRequest: () => void this.requestSession([{ eventCode: '6 CONNECTION REQUEST', commandKey: '' }]),
    });
    this.udp = new UdpCrEndpoint({
      host: config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host,
      credentials: () => this.crCredentials() ?? { username: '', password: '' },
      onRequest: () => {
        if (!this.rebooting && !this.stopped) void this.requestSession([{ eventCode: '6 CONNECTION REQUEST', commandKey: '' }]);
      },
    });
  }

  /**
   * With STUN enabled (ManagementServer.STUNEnable and STUNServerAddress/Port), learns the UDP
   * connection-request binding from the STUN server and reports it in UDPConnectionRequestAddress with
   * a value change, as TR-111 asks (the ACS must hear of a new binding).
   */
  async refreshStunBinding(): Promise<string | null> {
    const on = this.tree.get(`${this.ms}STUNEnable`);
    const host = this.tree.get(`${this.ms}STUNServerAddress`);
    if ((on !== 'true' && on !== '1') || !host || this.stopped) return null;
    const port = Number(this.tree.get(`${this.ms}STUNServerPort`)) || 3478;
    const binding = await this.udp.learnBinding({ host, port }, this.tree.get(`${this.ms}STUNUsername`), this.tree.get(`${this.ms}STUNPassword`));
    const name = `${this.ms}UDPConnectionRequestAddress`;
    if (this.tree.get(name) !== binding && !this.stopped) {
      this.tree.set(name, binding);
      this.changedLocally.add(name);
      this.addEvent({ eventCode: '4 VALUE CHANGE', commandKey: '' });
      void this.requestSession([]);
    }
    return binding;
  }

  get connectionRequestStats(): { accepted: number; rejected: number } {
    return { accepted: this.cr.accepted, rejected: this.cr.rejected };
  }

  private get faults(): SimFaults {
    return this.config.faults ?? NO_FAULTS;
  }

  private crCredentials(): Credentials | null {
    if (this.faults.has('cr-without-auth')) return null;
    const username = this.tree.get(`${this.ms}ConnectionRequestUsername`);
    const password = this.tree.get(`${this.ms}ConnectionRequestPassword`);
    return username === '' && password === '' ? null : { username, password };
  }

  /** Opens the connection-request listener; returns its URL (for the tree's ConnectionRequestURL). */
  async listen(): Promise<string> {
    const port = await this.cr.listen();
    // A wildcard bind is reachable on loopback; the URL must name a real address.
    const bind = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    const host = bind.includes(':') ? `[${bind}]` : bind;
    this.connectionRequestUrl = `http://${host}:${port}${this.crPath}`;
    return this.connectionRequestUrl;
  }

  /** Starts timers and, unless told otherwise, the BOOTSTRAP session. */
  start(bootstrap: boolean): Promise<SimSessionResult> | null {
    this.stopped = false;
    this.bootTime = Date.now();
    this.schedulePeriodic(true);
    if (!bootstrap) return null;
    return this.requestSession([
      { eventCode: '0 BOOTSTRAP', commandKey: '' },
      { eventCode: '1 BOOT', commandKey: '' },
    ]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.periodic) clearTimeout(this.periodic);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.cr.close();
    await this.udp.close();
    // Let a session in flight finish, but not for long.
    await this.sessions.settled(2000);
  }

  onSession(listener: (r: SimSessionResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private informIntervalMs(): number {
    const sec = Number(this.tree.get(`${this.ms}PeriodicInformInterval`));
    return Number.isFinite(sec) && sec >= 1 ? sec * 1000 : 300_000;
  }

  /** (Re)arms the periodic Inform; the first one falls at a random point so devices spread out. */
  schedulePeriodic(randomPhase = false): void {
    if (this.periodic) clearTimeout(this.periodic);
    this.periodic = null;
    if (this.stopped || this.faults.has('no-periodic-inform') || this.tree.get(`${this.ms}PeriodicInformEnable`) === 'false' || this.tree.get(`${this.ms}PeriodicInformEnable`) === '0') return;
    const interval = this.informIntervalMs();
    const delay = randomPhase ? interval * (0.5 + Math.random() * 0.5) : interval;
    this.periodic = setTimeout(() => {
      this.periodic = null;
      void this.requestSession([{ eventCode: '2 PERIODIC', commandKey: '' }]);
      this.schedulePeriodic();
    }, Math.min(delay, 2 ** 31 - 1));
    this.periodic.unref();
  }

  addEvent(e: EventStruct): void {
    this.events.set(eventKey(e), e);
  }

  /**
   * Adds the events and runs a session after the current one; a session already waiting to start takes
   * the new events along instead of queuing another.
   */
  requestSession(events: EventStruct[]): Promise<SimSessionResult> {
    for (const e of events) this.addEvent(e);
    return this.sessions.request();
  }

  /** A parameter value changed on the device itself (not by the ACS): reported per its notification. */
  setLocalValue(name: string, value: string): void {
    this.tree.set(name, value);
    const n = this.tree.attributes(name).notification;
    if (n === 0 || this.faults.has('ignores-notification')) return;
    this.changedLocally.add(name);
    this.addEvent({ eventCode: '4 VALUE CHANGE', commandKey: '' });
    if (n === 2 || n === 4 || n === 6) void this.requestSession([]);
  }

  private informParameters(): ParameterValueStruct[] {
    const names = new Set(this.config.informParams);
    for (const n of this.changedLocally) names.add(n);
    const list: ParameterValueStruct[] = [];
    for (const name of names) {
      const node = this.tree.node(name);
      if (node?.param) list.push({ name, value: this.tree.get(name), type: xsiType(node.param.type) });
    }
    return list;
  }

  private buildInform(): Inform {
    // Requests still pending keep their events — the numbered one and the M event with the CommandKey —
    // even if an earlier Inform carried them and the session then failed before delivering the request.
    for (const r of this.pending) for (const e of this.announcedBy.get(r) ?? []) this.addEvent(e);
    this.tree.set(`${this.tree.root}DeviceInfo.UpTime`, String(Math.floor((Date.now() - this.bootTime) / 1000)));
    const c = this.config;
    return {
      name: 'Inform',
      deviceId: { manufacturer: c.manufacturer, oui: c.oui, productClass: c.productClass, serialNumber: c.serialNumber },
      event: [...this.events.values()],
      maxEnvelopes: 1,
      currentTime: new Date().toISOString(),
      retryCount: this.retryCount,
      parameterList: this.informParameters(),
    };
  }

  private namespace(): CwmpNamespace {
    return this.config.cwmpVersion === '1.0' ? 'urn:dslforum-org:cwmp-1-0' : 'urn:dslforum-org:cwmp-1-2';
  }

  private async session(): Promise<SimSessionResult> {
    if (this.stopped) {
      return { ok: false, deviceId: this.deviceId, events: [], acsRequests: [], faults: [], cpeRequests: [], httpExchanges: 0, startedAt: new Date().toISOString(), durationMs: 0, error: 'device stopped' };
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const inform = this.buildInform();
    // Only the requests this Inform announces go out in this session: one that completes meanwhile (a
    // transfer finishing mid-session) waits for the next Inform, which carries its events (TR-069 A.3.3.1).
    const announced = [...this.pending];
    const deliver = [...announced];
    // The events this Inform carries, as objects: one raised again during the session (a second connection
    // request, say) is a new object and must survive the clean-up below, or that session never comes.
    const sentEvents = new Map(this.events);
    const sentChanges = [...this.changedLocally];
    const username = this.tree.get(`${this.ms}Username`);
    const password = this.tree.get(`${this.ms}Password`);
    const { result, after, informed } = await runSession({
      deviceId: this.deviceId,
      inform,
      namespace: this.namespace(),
      supportedCwmpVersions: this.config.cwmpVersion === '1.4' ? '1.0,1.1,1.2,1.3,1.4' : undefined,
      pending: deliver,
      ctx: this.ctx,
      faults: this.faults,
      http: {
        url: this.tree.get(`${this.ms}URL`) || this.config.acsUrl,
        credentials: username || password ? { username, password } : undefined,
        // A device that "accepts a bad certificate" verifies nothing: no CA, no dates, no host name.
        tls: this.faults.has('accepts-bad-certificate') ? { ...this.config.tls, rejectUnauthorized: false } : this.config.tls,
        keepAlive: this.config.keepAlive,
        timeoutMs: this.config.timeoutMs,
        faults: this.faults,
      },
      onChanged: (names) => {
        if (names.some((n) => n.startsWith(`${this.ms}PeriodicInform`))) this.schedulePeriodic();
        // After the session: the ACS turned STUN on or pointed it elsewhere.
        if (names.some((n) => n.startsWith(`${this.ms}STUN`))) this.later(0, () => void this.refreshStunBinding().catch(() => undefined));
      },
    });
    const delivered = new Set(announced.filter((r) => !deliver.includes(r)));
    for (let i = this.pending.length - 1; i >= 0; i--) if (delivered.has(this.pending[i])) this.pending.splice(i, 1);
    if (informed) {
      for (const [k, e] of sentEvents) if (this.events.get(k) === e) this.events.delete(k);
      for (const n of sentChanges) this.changedLocally.delete(n);
      this.retryCount = 0;
    }
    if (!result.ok && !this.stopped) {
      if (!informed) this.retryCount++;
      this.scheduleRetry();
    }
    for (const a of after) this.afterSession(a);
    this.history.push(result);
    if (this.history.length > HISTORY) this.history.shift();
    this.sessionCallback(result);
    for (const l of this.listeners) l(result);
    return result;
  }

  /** TR-069 3.2.1.1 retry: the wait doubles per failure (with jitter), capped at the inform interval. */
  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const wait = Math.min(this.config.retryBaseMs * 2 ** Math.min(this.retryCount, 10), this.informIntervalMs());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && (this.events.size > 0 || this.pending.length > 0)) void this.requestSession([]);
    }, wait * (0.75 + Math.random() * 0.25));
    this.retryTimer.unref();
  }

  private reboot(events: EventStruct[], factoryReset: boolean): void {
    this.rebooting = true;
    this.later(this.config.rebootDelayMs, () => {
      if (factoryReset) {
        this.tree.reset();
        this.ctx.transfers.length = 0;
        this.ctx.deploymentUnits.length = 0;
        this.ctx.vouchers.length = 0;
        this.pending.length = 0;
        this.events.clear();
        this.changedLocally.clear();
      }
      this.bootTime = Date.now();
      this.rebooting = false;
      this.schedulePeriodic(true);
      void this.requestSession([{ eventCode: '1 BOOT', commandKey: '' }, ...events]);
    });
  }

  private afterSession(a: AfterSession): void {
    switch (a.kind) {
      case 'reboot':
        this.reboot(this.faults.has('no-m-reboot') ? [] : [{ eventCode: 'M Reboot', commandKey: a.commandKey }], false);
        return;
      case 'factoryReset':
        this.reboot([{ eventCode: '0 BOOTSTRAP', commandKey: '' }], true);
        return;
      case 'scheduleInform':
        this.later(a.delaySeconds * 1000, () => {
          void this.requestSession([
            { eventCode: '3 SCHEDULED', commandKey: '' },
            { eventCode: 'M ScheduleInform', commandKey: a.commandKey },
          ]);
        });
        return;
      case 'transfer':
        this.later(a.transfer.delaySeconds * 1000, () => void this.transfer(a.transfer));
        return;
      case 'changeDuState':
        this.later(10, () => this.changeDuState(a.commandKey, a.operations));
        return;
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }

  private async transfer(t: Transfer): Promise<void> {
    if (!this.ctx.transfers.includes(t)) return; // cancelled
    t.state = 2;
    const out = await runTransfer(t, () => uploadBody(this.tree, this.deviceId, t.fileType), this.config.tls, this.config.timeoutMs);
    if (this.stopped) return;
    t.state = 3;
    const i = this.ctx.transfers.indexOf(t);
    if (i >= 0) this.ctx.transfers.splice(i, 1);
    const tc: TransferComplete = {
      name: 'TransferComplete',
      commandKey: t.commandKey,
      faultStruct: out.fault.faultCode === 0 ? NO_FAULT : out.fault,
      startTime: out.startTime,
      completeTime: out.completeTime,
    };
    const announce: EventStruct[] = [
      { eventCode: '7 TRANSFER COMPLETE', commandKey: '' },
      { eventCode: `M ${t.method}`, commandKey: t.commandKey },
    ];
    this.pending.push(tc);
    if (this.faults.has('transfer-complete-wrong-session')) return; // unannounced: rides along in whatever session comes next
    this.announcedBy.set(tc, announce);
    const events = [...announce];
    // A firmware image is applied by rebooting.
    if (t.method !== 'Upload' && t.fileType.startsWith('1 ') && out.fault.faultCode === 0) {
      events.push({ eventCode: '1 BOOT', commandKey: '' });
      this.bootTime = Date.now();
    }
    void this.requestSession(events);
  }

  private changeDuState(commandKey: string, ops: DeploymentUnitOperation[]): void {
    const results = applyDuOperations(this.ctx.deploymentUnits, ops);
    const request: CpeRequest = { name: 'DUStateChangeComplete', results, commandKey };
    const announce: EventStruct[] = [
      { eventCode: '11 DU STATE CHANGE COMPLETE', commandKey: '' },
      { eventCode: 'M ChangeDUState', commandKey },
    ];
    this.pending.push(request);
    this.announcedBy.set(request, announce);
    void this.requestSession(announce);
  }
}
