/**
 * Seeded generators of random, valid CWMP messages for every RPC, for the round-trip property test.
 * Values mix ASCII, XML specials, non-ASCII (incl. astral), whitespace, control characters and
 * empty strings; lists are sometimes empty and sometimes large.
 */
import type {
  AllQueuedTransferStruct,
  AutonOpResultStruct,
  CwmpHeader,
  CwmpNamespace,
  DeploymentUnitOperation,
  EventStruct,
  FaultStruct,
  NotificationValue,
  OpResultStruct,
  OptionStruct,
  ParameterValueStruct,
  Rpc,
  RpcName,
  TimeWindowStruct,
} from '../../../src-shared/cwmp/types';

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly rnd: () => number) {}

  int(max: number): number {
    return Math.floor(this.rnd() * max);
  }
  bool(): boolean {
    return this.rnd() < 0.5;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Usually short, sometimes empty, sometimes long. */
  count(): number {
    const r = this.rnd();
    if (r < 0.15) return 0;
    if (r < 0.9) return 1 + this.int(6);
    return 50 + this.int(400);
  }
  list<T>(make: () => T, n = this.count()): T[] {
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(make());
    return out;
  }

  private static readonly PIECES = [
    'a', 'Z', '0', '9', ' ', '  ', '.', '-', '_', '/', ':', '?', '=', ';',
    '<', '>', '&', '"', "'", '&amp;', ']]>', '<!--', '-->', '<?x?>',
    'é', 'ü', 'ß', 'ø', '☃', '中文', '日本', 'Ω', '😀', '𝄞',
    '\n', '\t', '\r', '\r\n', '\u007f', '\u00a0', '\u2028',
    'http://10.0.0.1:7547/', 'InternetGatewayDevice.', 'Device.WiFi.SSID.1.SSID',
  ];

  /** Any string, including empty and whitespace-only ones. */
  str(): string {
    if (this.rnd() < 0.1) return '';
    const n = 1 + this.int(this.rnd() < 0.9 ? 8 : 60);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(Gen.PIECES);
    return s;
  }

  /** A parameter or object path (no control characters, no surrounding whitespace). */
  name(): string {
    const roots = ['InternetGatewayDevice', 'Device'];
    const parts = [this.pick(roots)];
    const n = this.int(6);
    for (let i = 0; i < n; i++) {
      parts.push(this.rnd() < 0.3 ? String(1 + this.int(20)) : this.pick(['WiFi', 'SSID', 'X_Vendor_Ä', 'LANDevice', 'Stats', 'Name&<>']));
    }
    return parts.join('.') + (this.bool() ? '.' : '');
  }

  uint(): number {
    return this.rnd() < 0.2 ? 0 : this.int(2 ** 31);
  }

  dateTime(): string {
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    if (this.rnd() < 0.1) return '0001-01-01T00:00:00Z';
    const base = `${pad(1970 + this.int(80), 4)}-${pad(1 + this.int(12))}-${pad(1 + this.int(28))}T${pad(this.int(24))}:${pad(this.int(60))}:${pad(this.int(60))}`;
    const frac = this.rnd() < 0.3 ? `.${pad(this.int(1_000_000), 6)}` : '';
    const zone = this.pick(['Z', '+01:00', '-05:30', '+00:00']);
    return base + frac + zone;
  }

  base64(): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    const n = this.int(20) * 4;
    for (let i = 0; i < n; i++) s += chars[this.int(64)];
    return s;
  }

  typedValue(): { value: string; type: string } {
    switch (this.int(7)) {
      case 0:
        return { type: 'xsd:unsignedInt', value: String(this.uint()) };
      case 1:
        return { type: 'xsd:int', value: String(this.int(2000) - 1000) };
      case 2:
        return { type: 'xsd:boolean', value: this.pick(['true', 'false', '0', '1']) };
      case 3:
        return { type: 'xsd:dateTime', value: this.dateTime() };
      case 4:
        return { type: 'xsd:base64', value: this.base64() };
      default:
        return { type: 'xsd:string', value: this.str() };
    }
  }

  pvs(): ParameterValueStruct {
    const { value, type } = this.typedValue();
    return { name: this.name(), value, type };
  }

  faultStruct(): FaultStruct {
    return { faultCode: this.pick([0, 9001, 9010, 9017, 9800]), faultString: this.str() };
  }

  notification(): NotificationValue {
    return this.int(7) as NotificationValue;
  }

  opResult(): OpResultStruct {
    return {
      uuid: this.str(),
      deploymentUnitRef: this.str(),
      version: this.str(),
      currentState: this.pick(['Installed', 'Uninstalled', 'Failed']),
      resolved: this.bool(),
      executionUnitRefList: this.str(),
      startTime: this.dateTime(),
      completeTime: this.dateTime(),
      fault: this.faultStruct(),
    };
  }

  /** Optional string fields: present (maybe empty) or absent. */
  opt<K extends string>(key: K): Partial<Record<K, string>> {
    return this.bool() ? ({ [key]: this.str() } as Record<K, string>) : {};
  }

  operation(): DeploymentUnitOperation {
    switch (this.int(3)) {
      case 0:
        return { type: 'Install', url: this.str(), ...this.opt('uuid'), ...this.opt('username'), ...this.opt('password'), ...this.opt('executionEnvRef') };
      case 1:
        return { type: 'Update', ...this.opt('uuid'), ...this.opt('version'), ...this.opt('url'), ...this.opt('username'), ...this.opt('password') };
      default:
        return { type: 'Uninstall', uuid: this.str(), ...this.opt('version'), ...this.opt('executionEnvRef') };
    }
  }

  option(): OptionStruct {
    const o: OptionStruct = {
      optionName: this.str(),
      voucherSN: this.uint(),
      state: this.int(4),
      mode: this.int(3),
      startDate: this.dateTime(),
      isTransferable: this.bool(),
    };
    if (this.bool()) o.expirationDate = this.dateTime();
    return o;
  }

  timeWindow(): TimeWindowStruct {
    return { windowStart: this.uint(), windowEnd: this.uint(), windowMode: this.str(), userMessage: this.str(), maxRetries: this.int(10) - 1 };
  }

  allQueued(): AllQueuedTransferStruct {
    return { commandKey: this.str(), state: 1 + this.int(3), isDownload: this.bool(), fileType: this.str(), fileSize: this.uint(), targetFileName: this.str() };
  }

  event(): EventStruct {
    return { eventCode: this.pick(['0 BOOTSTRAP', '1 BOOT', '2 PERIODIC', '6 CONNECTION REQUEST', 'M Reboot', 'M Download', 'X 00D09E Foo', '14 HEARTBEAT']), commandKey: this.str() };
  }

  header(): CwmpHeader {
    const h: CwmpHeader = {};
    if (this.rnd() < 0.8) {
      h.id = this.str();
      h.idMustUnderstand = true;
    }
    if (this.bool()) h.holdRequests = this.bool();
    if (this.rnd() < 0.2) h.sessionTimeout = this.uint();
    if (this.rnd() < 0.2) h.supportedCwmpVersions = this.pick(['1.0,1.1,1.2,1.3,1.4', '1.0,1.2']);
    if (this.rnd() < 0.2) h.useCwmpVersion = this.pick(['1.0', '1.2', '1.4']);
    return h;
  }

  namespace(): CwmpNamespace {
    return this.pick(['urn:dslforum-org:cwmp-1-0', 'urn:dslforum-org:cwmp-1-1', 'urn:dslforum-org:cwmp-1-2'] as const);
  }

  rpc(name: RpcName): Rpc {
    switch (name) {
      case 'GetRPCMethods':
      case 'SetParameterAttributesResponse':
      case 'RebootResponse':
      case 'FactoryReset':
      case 'FactoryResetResponse':
      case 'GetQueuedTransfers':
      case 'GetAllQueuedTransfers':
      case 'ScheduleInformResponse':
      case 'SetVouchersResponse':
      case 'CancelTransferResponse':
      case 'ScheduleDownloadResponse':
      case 'ChangeDUStateResponse':
      case 'TransferCompleteResponse':
      case 'AutonomousTransferCompleteResponse':
      case 'DUStateChangeCompleteResponse':
      case 'AutonomousDUStateChangeCompleteResponse':
      case 'RequestDownloadResponse':
        return { name };
      case 'GetRPCMethodsResponse':
        return { name, methodList: this.list(() => this.str()) };
      case 'SetParameterValues':
        return { name, parameterList: this.list(() => this.pvs()), parameterKey: this.str() };
      case 'SetParameterValuesResponse':
        return { name, status: this.int(2) };
      case 'GetParameterValues':
        return { name, parameterNames: this.list(() => this.name()) };
      case 'GetParameterValuesResponse':
        return { name, parameterList: this.list(() => this.pvs()) };
      case 'GetParameterNames':
        return { name, parameterPath: this.name(), nextLevel: this.bool() };
      case 'GetParameterNamesResponse':
        return { name, parameterList: this.list(() => ({ name: this.name(), writable: this.bool() })) };
      case 'SetParameterAttributes':
        return {
          name,
          parameterList: this.list(() => ({
            name: this.name(),
            notificationChange: this.bool(),
            notification: this.notification(),
            accessListChange: this.bool(),
            accessList: this.list(() => this.pick(['Subscriber', 'X_Vendor', '']), this.int(3)),
          })),
        };
      case 'GetParameterAttributes':
        return { name, parameterNames: this.list(() => this.name()) };
      case 'GetParameterAttributesResponse':
        return {
          name,
          parameterList: this.list(() => ({ name: this.name(), notification: this.notification(), accessList: this.list(() => this.str(), this.int(3)) })),
        };
      case 'AddObject':
        return { name, objectName: this.name(), parameterKey: this.str() };
      case 'AddObjectResponse':
        return { name, instanceNumber: 1 + this.int(1000), status: this.int(2) };
      case 'DeleteObject':
        return { name, objectName: this.name(), parameterKey: this.str() };
      case 'DeleteObjectResponse':
        return { name, status: this.int(2) };
      case 'Reboot':
        return { name, commandKey: this.str() };
      case 'Download':
        return {
          name,
          commandKey: this.str(),
          fileType: this.pick(['1 Firmware Upgrade Image', '3 Vendor Configuration File', 'X 00D09E Foo']),
          url: this.str(),
          username: this.str(),
          password: this.str(),
          fileSize: this.uint(),
          targetFileName: this.str(),
          delaySeconds: this.uint(),
          successURL: this.str(),
          failureURL: this.str(),
        };
      case 'DownloadResponse':
      case 'UploadResponse':
        return { name, status: this.int(2), startTime: this.dateTime(), completeTime: this.dateTime() };
      case 'Upload':
        return { name, commandKey: this.str(), fileType: this.str(), url: this.str(), username: this.str(), password: this.str(), delaySeconds: this.uint() };
      case 'GetQueuedTransfersResponse':
        return { name, transferList: this.list(() => ({ commandKey: this.str(), state: 1 + this.int(3) })) };
      case 'GetAllQueuedTransfersResponse':
        return { name, transferList: this.list(() => this.allQueued()) };
      case 'ScheduleInform':
        return { name, delaySeconds: this.uint(), commandKey: this.str() };
      case 'SetVouchers':
        return { name, voucherList: this.list(() => this.base64()) };
      case 'GetOptions':
        return { name, optionName: this.str() };
      case 'GetOptionsResponse':
        return { name, optionList: this.list(() => this.option()) };
      case 'CancelTransfer':
        return { name, commandKey: this.str() };
      case 'ScheduleDownload':
        return {
          name,
          commandKey: this.str(),
          fileType: this.str(),
          url: this.str(),
          username: this.str(),
          password: this.str(),
          fileSize: this.uint(),
          targetFileName: this.str(),
          timeWindowList: this.list(() => this.timeWindow(), 1 + this.int(2)),
        };
      case 'ChangeDUState':
        return { name, operations: this.list(() => this.operation(), 1 + this.int(6)), commandKey: this.str() };
      case 'Inform':
        return {
          name,
          deviceId: { manufacturer: this.str(), oui: this.pick(['00D09E', '001122', 'A0B1C2']), productClass: this.str(), serialNumber: this.str() },
          event: this.list(() => this.event(), 1 + this.int(4)),
          maxEnvelopes: 1,
          currentTime: this.dateTime(),
          retryCount: this.int(20),
          parameterList: this.list(() => this.pvs()),
        };
      case 'InformResponse':
        return { name, maxEnvelopes: 1 };
      case 'TransferComplete':
        return { name, commandKey: this.str(), faultStruct: this.faultStruct(), startTime: this.dateTime(), completeTime: this.dateTime() };
      case 'AutonomousTransferComplete':
        return {
          name,
          announceURL: this.str(),
          transferURL: this.str(),
          isDownload: this.bool(),
          fileType: this.str(),
          fileSize: this.uint(),
          targetFileName: this.str(),
          faultStruct: this.faultStruct(),
          startTime: this.dateTime(),
          completeTime: this.dateTime(),
        };
      case 'DUStateChangeComplete':
        return { name, results: this.list(() => this.opResult()), commandKey: this.str() };
      case 'AutonomousDUStateChangeComplete':
        return { name, results: this.list((): AutonOpResultStruct => ({ ...this.opResult(), operationPerformed: this.pick(['Install', 'Update', 'Uninstall']) })) };
      case 'RequestDownload':
        return { name, fileType: this.str(), fileTypeArg: this.list(() => ({ name: this.str(), value: this.str() })) };
      case 'Kicked':
        return { name, command: this.str(), referer: this.str(), arg: this.str(), next: this.str() };
      case 'KickedResponse':
        return { name, nextURL: this.str() };
      case 'Fault': {
        const code = this.pick([8002, 8005, 9000, 9003, 9005, 9007, 9801, 8850]);
        const f: Rpc = {
          name,
          soapFaultCode: this.pick(['Client', 'Server']),
          soapFaultString: this.pick(['CWMP fault', this.str()]),
          faultCode: code,
          faultString: this.str(),
        };
        if (this.bool()) {
          f.setParameterValuesFault = this.list(() => ({ parameterName: this.name(), faultCode: this.pick([9005, 9007, 9008]), faultString: this.str() }), 1 + this.int(5));
        }
        return f;
      }
      default: {
        const never: never = name;
        throw new Error(`no generator for ${String(never)}`);
      }
    }
  }
}

/** Every RPC name, from the union (the compiler checks `Gen.rpc` covers each). */
export const ALL_RPC_NAMES: RpcName[] = [
  'GetRPCMethods', 'GetRPCMethodsResponse', 'SetParameterValues', 'SetParameterValuesResponse',
  'GetParameterValues', 'GetParameterValuesResponse', 'GetParameterNames', 'GetParameterNamesResponse',
  'SetParameterAttributes', 'SetParameterAttributesResponse', 'GetParameterAttributes', 'GetParameterAttributesResponse',
  'AddObject', 'AddObjectResponse', 'DeleteObject', 'DeleteObjectResponse', 'Reboot', 'RebootResponse',
  'Download', 'DownloadResponse', 'Upload', 'UploadResponse', 'FactoryReset', 'FactoryResetResponse',
  'GetQueuedTransfers', 'GetQueuedTransfersResponse', 'GetAllQueuedTransfers', 'GetAllQueuedTransfersResponse',
  'ScheduleInform', 'ScheduleInformResponse', 'SetVouchers', 'SetVouchersResponse', 'GetOptions', 'GetOptionsResponse',
  'CancelTransfer', 'CancelTransferResponse', 'ScheduleDownload', 'ScheduleDownloadResponse', 'ChangeDUState',
  'ChangeDUStateResponse', 'Inform', 'InformResponse', 'TransferComplete', 'TransferCompleteResponse',
  'AutonomousTransferComplete', 'AutonomousTransferCompleteResponse', 'DUStateChangeComplete',
  'DUStateChangeCompleteResponse', 'AutonomousDUStateChangeComplete', 'AutonomousDUStateChangeCompleteResponse',
  'RequestDownload', 'RequestDownloadResponse', 'Kicked', 'KickedResponse', 'Fault',
];
