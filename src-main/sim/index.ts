/**
 * The built-in CPE simulator: n TR-181 devices on loopback that talk to an ACS over HTTP(S) only, for the
 * first-run demo, tests and load benchmarks. It knows nothing of the ACS module.
 */
import type { UdpCrStats } from './udp-cr';
import type { CpeRequest } from '../../src-shared/cwmp/types';
import { loadSimSchema } from './datamodel-schema';
import { SimulatedDevice } from './device';
import { ParamTree } from './param-tree';
import { imageTree, profileDeviceValues, profileInformParams } from './image-tree';
import { buildSharedTree, deviceValues, informParams } from './profile';
import type { DeviceImage } from '../../src-shared/replay/device-image';
import type { SimSchema } from './schema';
import type { SimSessionResult } from './session';
import { parseSimFaults, type SimFaultName } from './fault-switches';

export type { SimSessionResult } from './session';

export interface SimOptions {
  /** http(s)://127.0.0.1:port/path */
  acsUrl: string;
  /** n devices with distinct serial numbers. */
  count: number;
  /** Where connection-request listeners bind, default '127.0.0.1'. */
  host?: string;
  /** Periodic Inform, default 300. */
  informIntervalSec?: number;
  /** Default `SIM`; serial numbers are the prefix and a six-digit number. */
  serialPrefix?: string;
  /** Answers Basic or Digest challenges from the ACS. */
  acsAuth?: { username: string; password: string };
  /** Digest-protected CR listener. */
  connectionRequestAuth?: { username: string; password: string };
  /** For an HTTPS ACS / mutual TLS. */
  tls?: { ca?: string | string[]; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** What the device speaks (namespace + SupportedCWMPVersions for 1.4); default '1.2'. */
  cwmpVersion?: '1.0' | '1.2' | '1.4';
  /** Keep-alive connection for each session; default true. */
  sessionKeepAlive?: boolean;
  /** BOOTSTRAP sessions on start(); default true. */
  bootstrap?: boolean;
  /** At most this many BOOTSTRAP sessions at once during start(); default 200. */
  bootConcurrency?: number;
  /** How long a Reboot or FactoryReset keeps a device away; default 1000 ms. */
  rebootDelayMs?: number;
  /** First retry wait after a failed session; default 5000 ms (doubles per failure). */
  retryBaseMs?: number;
  /** Per HTTP request; default 30000 ms. */
  requestTimeoutMs?: number;
  manufacturer?: string;
  /** Six hex digits; default `00CAFE`. */
  oui?: string;
  productClass?: string;
  /** Deliberate faults every device has (fault-switches.ts), to prove a test suite catches them. */
  faults?: readonly SimFaultName[];
  /** Called after every session of every device. */
  onSession?: (device: SimDevice, result: SimSessionResult) => void;
  /**
   * Copies of one real device (a device image rebuilt from a trace, saved as a profile): its tree, values
   * and identity instead of the built-in TR-181 gateway. Serial numbers are the recorded one and `-<n>`
   * (or `serialPrefix` and a number, when given).
   */
  profile?: DeviceImage;
}

export interface SimDevice {
  readonly index: number;
  readonly serialNumber: string;
  /** OUI-ProductClass-SerialNumber */
  readonly deviceId: string;
  readonly connectionRequestUrl: string;
  /** A parameter's current value, or undefined if the device has no such parameter. */
  getValue(name: string): string | undefined;
  /** Whether the device has this parameter or object (objects end with a dot). */
  has(path: string): boolean;
  /** Child names of an object (objects end with a dot). */
  children(path: string): readonly string[];
  /** A change made on the device itself: reported with `4 VALUE CHANGE` per the notification attribute. */
  setLocalValue(name: string, value: string): void;
  /** Queue a request of the device's own (GetRPCMethods, RequestDownload, Kicked, Autonomous…) for the next session. */
  queueRequest(rpc: CpeRequest): void;
  /** The device's requests not yet acknowledged by the ACS (TransferComplete, DUStateChangeComplete, ...). */
  readonly pendingRequests: readonly CpeRequest[];
  /** The last 20 sessions, oldest first. */
  readonly sessions: readonly SimSessionResult[];
  readonly connectionRequests: { accepted: number; rejected: number };
  /** TR-111 UDP connection requests received: acted on, and ignored as copies, replays or badly signed. */
  readonly udpConnectionRequests: UdpCrStats;
  /** Learns the UDP binding from the STUN server now (STUN must be enabled in the tree); null when it is not. */
  refreshStunBinding(): Promise<string | null>;
  /** Resolves with the next session that ends and matches (default: any), or rejects after timeoutMs. */
  nextSession(match?: (r: SimSessionResult) => boolean, timeoutMs?: number): Promise<SimSessionResult>;
}

export interface Simulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  devices: SimDevice[];
  /** Run one Inform session now for device i with these events; resolves when the session ends (for tests and benches). */
  inform(i: number, events?: string[]): Promise<SimSessionResult>;
  /** The deliberate faults in force (fault-switches.ts): may be changed while running, for tests. */
  readonly faults: Set<SimFaultName>;
  /** Where the devices' parameter definitions came from. */
  readonly schemaSource: string;
}

class DeviceHandle implements SimDevice {
  constructor(
    readonly index: number,
    private readonly d: SimulatedDevice,
  ) {}
  get serialNumber(): string {
    return this.d.config.serialNumber;
  }
  get deviceId(): string {
    return this.d.deviceId;
  }
  get connectionRequestUrl(): string {
    return this.d.connectionRequestUrl;
  }
  getValue(name: string): string | undefined {
    return this.d.tree.node(name)?.param ? this.d.tree.get(name) : undefined;
  }
  has(path: string): boolean {
    return this.d.tree.node(path) !== undefined;
  }
  children(path: string): readonly string[] {
    return this.d.tree.children(path);
  }
  setLocalValue(name: string, value: string): void {
    if (!this.d.tree.node(name)?.param) throw new Error(`${this.deviceId} has no parameter ${name}`);
    this.d.setLocalValue(name, value);
  }
  queueRequest(rpc: CpeRequest): void {
    if (rpc.name === 'Inform') throw new Error('an Inform is not queued; use Simulator.inform');
    this.d.pending.push(rpc);
  }
  get pendingRequests(): readonly CpeRequest[] {
    return this.d.pending;
  }
  get sessions(): readonly SimSessionResult[] {
    return this.d.history;
  }
  get connectionRequests(): { accepted: number; rejected: number } {
    return this.d.connectionRequestStats;
  }
  get udpConnectionRequests(): UdpCrStats {
    return { ...this.d.udp.stats };
  }
  refreshStunBinding(): Promise<string | null> {
    return this.d.refreshStunBinding();
  }
  nextSession(match: (r: SimSessionResult) => boolean = () => true, timeoutMs = 10_000): Promise<SimSessionResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.deviceId}: no matching session within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.d.onSession((r) => {
        if (!match(r)) return;
        clearTimeout(timer);
        off();
        resolve(r);
      });
    });
  }
}

function checkOptions(o: SimOptions): void {
  let url: URL;
  try {
    url = new URL(o.acsUrl);
  } catch {
    throw new Error(`simulator: acsUrl ${JSON.stringify(o.acsUrl)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('simulator: acsUrl must be http(s)');
  if (!Number.isInteger(o.count) || o.count < 0 || o.count > 100_000) throw new Error('simulator: count must be an integer 0..100000');
  if (o.oui !== undefined && !/^[0-9A-F]{6}$/.test(o.oui)) throw new Error('simulator: oui must be six upper-case hex digits');
  if (o.informIntervalSec !== undefined && !(o.informIntervalSec >= 1)) throw new Error('simulator: informIntervalSec must be ≥ 1');
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Creates n simulated devices (not yet listening or informing: call `start()`). */
export async function createSimulator(options: SimOptions): Promise<Simulator> {
  checkOptions(options);
  const faults = new Set<SimFaultName>(parseSimFaults(options.faults ?? []));
  const profile = options.profile;
  const schema: SimSchema | undefined = profile ? undefined : loadSimSchema();
  const manufacturer = options.manufacturer ?? profile?.deviceId.manufacturer ?? 'CWMP Workbench';
  const oui = options.oui ?? profile?.deviceId.oui ?? '00CAFE';
  const productClass = options.productClass ?? profile?.deviceId.productClass ?? 'SimGateway';
  const shared = profile
    ? imageTree(profile, profile.root === 'Device.' ? loadSimSchema() : undefined)
    : buildSharedTree(schema!, {
        manufacturer,
        oui,
        productClass,
        acsUrl: options.acsUrl,
        acsAuth: options.acsAuth,
        connectionRequestAuth: options.connectionRequestAuth,
        informIntervalSec: options.informIntervalSec ?? 300,
      });
  const prefix = options.serialPrefix ?? 'SIM';
  const handles: DeviceHandle[] = [];
  const devices: SimulatedDevice[] = [];
  let forced: string[] | null = null;
  for (let i = 0; i < options.count; i++) {
    const serialNumber = profile && options.serialPrefix === undefined ? `${profile.deviceId.serialNumber}-${i + 1}` : `${prefix}${String(i + 1).padStart(6, '0')}`;
    const fixed = profile ? profileDeviceValues(profile, serialNumber, options) : deviceValues(i, serialNumber, '');
    const tree = new ParamTree(shared, fixed);
    forced ??= profile ? profileInformParams(profile, tree) : informParams(tree);
    let handle: DeviceHandle | null = null;
    const device = new SimulatedDevice(
      {
        manufacturer,
        oui,
        productClass,
        serialNumber,
        host: options.host ?? '127.0.0.1',
        acsUrl: options.acsUrl,
        tls: options.tls,
        faults,
        cwmpVersion: options.cwmpVersion ?? profile?.cwmpVersion ?? '1.2',
        keepAlive: options.sessionKeepAlive ?? true,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
        rebootDelayMs: options.rebootDelayMs ?? 1000,
        retryBaseMs: options.retryBaseMs ?? 5000,
        informParams: forced,
      },
      tree,
      (r) => {
        if (handle) options.onSession?.(handle, r);
      },
    );
    handle = new DeviceHandle(i, device);
    devices.push(device);
    handles.push(handle);
  }

  let started = false;
  return {
    devices: handles,
    faults,
    schemaSource: profile ? `profile: ${profile.source ?? `${oui}-${productClass}-${profile.deviceId.serialNumber}`}` : schema!.source,
    async start(): Promise<void> {
      if (started) return;
      started = true;
      // The listener's URL is known only once it listens; it is one of the device's own fixed values.
      await pool(devices, 256, async (d) => d.tree.setFixed(`${d.tree.root}ManagementServer.ConnectionRequestURL`, await d.listen()));
      await pool(devices, options.bootConcurrency ?? 200, async (d) => d.start(options.bootstrap ?? true));
    },
    async stop(): Promise<void> {
      await Promise.all(devices.map((d) => d.stop()));
    },
    inform(i: number, events: string[] = ['2 PERIODIC']): Promise<SimSessionResult> {
      const d = devices[i];
      if (!d) return Promise.reject(new Error(`no device ${i} (0..${devices.length - 1})`));
      return d.requestSession(events.map((eventCode) => ({ eventCode, commandKey: '' })));
    },
  };
}
