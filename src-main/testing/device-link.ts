/**
 * The runner's hold on one device through the real ACS: requests go out as tasks (in the device's session,
 * opened by a connection request when none is open), Informs and task outcomes come back from the event
 * hub, and every exchange of the device is noted so a case can cite the ones that prove its verdict.
 * Every wait is bounded and ends early when the run is stopped.
 */
import { parseCwmp } from '../../src-shared/cwmp/index';
import type { TaskInfo } from '../../src-shared/api/tasks';
import type { AcsRequest, CpeResponse, Fault, Inform, UnknownRpc } from '../../src-shared/cwmp/types';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { sendConnectionRequest } from '../acs/connection-request';
import type { TestBench } from './bench';

export type RpcOutcome =
  | { type: 'response'; rpc: CpeResponse | UnknownRpc; task: TaskInfo }
  | { type: 'fault'; fault: Fault; task: TaskInfo }
  | { type: 'no-response'; message: string; task?: TaskInfo };

export class RunStopped extends Error {
  constructor() {
    super('the run was stopped');
  }
}

/** An Inform the device sent (and the ACS accepted), with its exchange. */
export interface SeenInform {
  inform: Inform;
  exchangeId: string;
  at: number;
  tls: boolean;
}

/** How long a queued request may wait on an open session before the runner asks for a new one. */
const STALE_SESSION_MS = 3_000;

const FINAL: ReadonlySet<TaskInfo['status']> = new Set(['done', 'fault', 'timed-out', 'cancelled']);

export class DeviceLink {
  /** Exchange ids of this device (and of helpers acting for it), in arrival order, since `mark()`. */
  private exchanges: string[] = [];
  private readonly informWaiters = new Set<(i: SeenInform) => void>();
  private readonly taskWaiters = new Map<string, (t: TaskInfo) => void>();
  private readonly unsubscribe: () => void;
  /** Every Inform of the run, newest last. */
  readonly informs: SeenInform[] = [];
  /** Exchange ids noted by helpers (redirect listener, bad-certificate listener) for the current case. */
  private extra: string[] = [];
  gone: string | null = null;
  private ignoreStop = false;
  /** Connections this device's exchanges came over. */
  private readonly connections = new Set<string>();

  constructor(
    private readonly bench: TestBench,
    readonly deviceId: string,
    private readonly signal: AbortSignal,
    /** Bound for one request's answer (queue → response). */
    readonly rpcTimeoutMs: number,
  ) {
    this.unsubscribe = bench.hub.subscribe((e) => {
      if (e.event === 'traffic/exchange') this.onExchange(e.data);
      else if (e.event === 'tasks/changed' && e.data.deviceId === deviceId) this.taskWaiters.get(e.data.id)?.(e.data);
    });
    bench.acs.setLinger(deviceId, true);
  }

  close(): void {
    this.unsubscribe();
    this.bench.acs.setLinger(this.deviceId, false);
  }

  /** Starts a new case's list of exchanges. */
  mark(): void {
    this.exchanges = [];
    this.extra = [];
  }

  note(exchangeId: string): void {
    this.extra.push(exchangeId);
  }

  exchangeIds(): string[] {
    return [...new Set([...this.exchanges, ...this.extra])];
  }

  private onExchange(x: Exchange): void {
    // The ACS names the device only in an exchange's finished record; its first record is known to be
    // this device's by the connection (a CPE keeps one connection for its session).
    if (x.deviceId === this.deviceId) {
      this.connections.add(x.connection.id);
      if (this.connections.size > 1000) this.connections.delete(this.connections.values().next().value!);
    } else if (x.deviceId !== undefined || !this.connections.has(x.connection.id)) return;
    if (!this.exchanges.includes(x.id)) this.exchanges.push(x.id);
    if (x.deviceId !== this.deviceId) return;
    // An Inform counts once the ACS has accepted it (a 401 challenge does not open a session).
    if (x.kind !== 'cwmp' || x.cwmpRequest?.rpc !== 'Inform' || x.response?.status !== 200) return;
    if (this.informs.some((i) => i.exchangeId === x.id)) return;
    const body = x.request?.body;
    if (!body) return;
    const decoded = parseCwmp(Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8'));
    if (!decoded.ok || decoded.message.rpc?.name !== 'Inform') return;
    const seen: SeenInform = { inform: decoded.message.rpc, exchangeId: x.id, at: Date.now(), tls: x.connection.tls !== undefined };
    this.informs.push(seen);
    if (this.informs.length > 200) this.informs.shift();
    for (const w of [...this.informWaiters]) w(seen);
  }

  /** Resolves with the next Inform, or null after `timeoutMs`. Rejects with RunStopped when stopped. */
  nextInform(timeoutMs: number): Promise<SeenInform | null> {
    return this.bounded<SeenInform | null>(timeoutMs, null, (resolve) => {
      this.informWaiters.add(resolve);
      return () => this.informWaiters.delete(resolve);
    });
  }

  /** Calls `fn` with every Inform from now on; returns the unsubscribe. */
  onInform(fn: (i: SeenInform) => void): () => void {
    this.informWaiters.add(fn);
    return () => this.informWaiters.delete(fn);
  }

  /**
   * The run was stopped: from now on waits ignore the stop (still bounded), so what the stopped case
   * changed can be put back.
   */
  stopping(): void {
    this.ignoreStop = true;
  }

  /** Waits `ms`, ending early (RunStopped) when the run is stopped. */
  sleep(ms: number): Promise<void> {
    return this.bounded<void>(ms, undefined, () => () => undefined);
  }

  /** Queues the request, makes sure a session will carry it, and resolves with its answer. */
  async request(rpc: AcsRequest, timeoutMs = this.rpcTimeoutMs): Promise<RpcOutcome> {
    if (this.gone) return { type: 'no-response', message: this.gone };
    let taskId: string;
    try {
      // Created synchronously: queued before the current session (if any) can end.
      ({ taskId } = await this.bench.acs.handlers['tasks/create']({ deviceId: this.deviceId, rpc }));
    } catch (err) {
      return { type: 'no-response', message: `the ACS refused the request: ${err instanceof Error ? err.message : String(err)}` };
    }
    let unreachable: () => void = () => undefined;
    const settled = this.bounded<TaskInfo | null>(timeoutMs, null, (resolve) => {
      const check = (t: TaskInfo): void => {
        if (FINAL.has(t.status) || (t.status === 'sent' && t.result !== undefined)) resolve(t);
      };
      this.taskWaiters.set(taskId, check);
      // A device that refuses the connection request will not come for the task: no point waiting.
      unreachable = () => resolve(null);
      return () => this.taskWaiters.delete(taskId);
    });
    const poke = this.keepSessionComing(taskId, timeoutMs, () => unreachable());
    let task: TaskInfo | null;
    try {
      task = await settled;
    } catch (err) {
      this.cancel(taskId);
      throw err;
    } finally {
      poke.stop();
    }
    if (!task) {
      this.cancel(taskId);
      const why = poke.failure() ?? `no answer to ${rpc.name} within ${Math.round(timeoutMs / 1000)} s`;
      return { type: 'no-response', message: why };
    }
    if (task.status === 'fault' && task.fault) return { type: 'fault', fault: task.fault, task };
    if (task.result !== undefined) return { type: 'response', rpc: task.result, task };
    return { type: 'no-response', message: task.message ?? `the ${rpc.name} ended ${task.status}`, task };
  }

  /** Resolves once the device's current session (if any) has ended, or after `timeoutMs`. */
  async sessionEnded(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.bench.acs.inSession(this.deviceId) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  /** Resolves once the task reaches a final state, or null after `timeoutMs`. */
  async taskFinished(taskId: string, timeoutMs: number): Promise<TaskInfo | null> {
    const now = await Promise.resolve().then(() => this.bench.acs.handlers['tasks/get']({ taskId })).catch(() => undefined);
    if (now && FINAL.has(now.status)) return now;
    return this.bounded<TaskInfo | null>(timeoutMs, null, (resolve) => {
      this.taskWaiters.set(taskId, (t) => {
        if (FINAL.has(t.status)) resolve(t);
      });
      return () => this.taskWaiters.delete(taskId);
    });
  }

  /** Sends a connection request now; with `credentials`, those instead of the device's (a wrong-password check). */
  async connectionRequest(credentials?: { username: string; password: string }): Promise<{ outcome: string; message: string }> {
    if (this.gone) return { outcome: 'error', message: this.gone };
    if (!credentials) return this.bench.acs.connectionRequest(this.deviceId);
    const device = await this.bench.acs.handlers['devices/get']({ deviceId: this.deviceId });
    if (!device.connectionRequestUrl) return { outcome: 'error', message: 'the device has not reported a ConnectionRequestURL' };
    return sendConnectionRequest({
      url: device.connectionRequestUrl,
      credentials,
      timeoutMs: this.bench.acs.settings.get().connectionRequestTimeoutMs,
      deviceId: this.deviceId,
      record: (x) => this.bench.traffic.record(x),
    });
  }

  private cancel(taskId: string): void {
    void Promise.resolve().then(() => this.bench.acs.handlers['tasks/cancel']({ taskId })).catch(() => undefined);
  }

  /**
   * While the task waits in the queue with no session open, asks the device for one (a connection
   * request); again now and then if the session never comes. A refused request marks the device gone.
   */
  private keepSessionComing(taskId: string, timeoutMs: number, onUnreachable: () => void): { stop(): void; failure(): string | null } {
    let stopped = false;
    let failure: string | null = null;
    let timer: NodeJS.Timeout | null = null;
    const deadline = Date.now() + timeoutMs;
    const queuedAt = Date.now();
    const tick = async (): Promise<void> => {
      if (stopped) return;
      const t = await Promise.resolve().then(() => this.bench.acs.handlers['tasks/get']({ taskId })).catch(() => undefined);
      if (stopped || !t || t.status !== 'queued') return;
      // In a session that has not taken the task for a while: that session may be dead (its connection
      // gone without a word), so ask for a new one anyway; the ACS ends the old one when it arrives.
      if (!this.bench.acs.inSession(this.deviceId) || Date.now() - queuedAt > STALE_SESSION_MS) {
        const cr = await this.bench.acs.connectionRequest(this.deviceId).catch((err: unknown) => ({ outcome: 'error', message: String(err) }));
        if (cr.outcome !== 'reached') {
          failure = `connection request ${cr.outcome}: ${cr.message}`;
          // Refused or unreachable: the device is not there to answer (a rebooting device says 503: try again).
          if (cr.outcome === 'refused' || cr.outcome === 'timed-out') {
            onUnreachable();
            return;
          }
        } else failure = null;
      }
      if (!stopped && Date.now() < deadline) {
        timer = setTimeout(() => void tick(), 2_000);
        timer.unref();
      }
    };
    // After the current turn: a session that is ending may still pick the task up.
    timer = setTimeout(() => void tick(), 5);
    return {
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      },
      failure: () => failure,
    };
  }

  private bounded<T>(timeoutMs: number, onTimeout: T, arm: (resolve: (v: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const signal = this.ignoreStop ? new AbortController().signal : this.signal;
      if (signal.aborted) return reject(new RunStopped());
      let disarm: () => void = () => undefined;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        disarm();
      };
      const timer = setTimeout(() => {
        done();
        resolve(onTimeout);
      }, Math.max(0, timeoutMs));
      const onAbort = (): void => {
        done();
        reject(new RunStopped());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      disarm = arm((v) => {
        done();
        resolve(v);
      });
    });
  }
}
