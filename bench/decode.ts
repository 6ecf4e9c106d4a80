/**
 * Decode throughput of the CWMP core (`parseCwmp`: bytes → typed message) beside bare
 * fast-xml-parser on the same bytes (UTF-8 decode + one parse with the core's own parser instance,
 * `xmlParser()`). The ratio is the core's cost relative to the bare parser (aim: ≤ 1.5).
 */
import { buildCwmp, parseCwmp, type Rpc } from '../src-shared/cwmp';
import { xmlParser } from '../src-shared/cwmp/xml-reader';
import type { BenchLine } from './types';

const PAIRS = 15;
const SLICE_MS = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function gpvResponse(n: number): Uint8Array {
  const types = ['xsd:string', 'xsd:unsignedInt', 'xsd:boolean', 'xsd:dateTime'];
  const values = ['Wohnzimmer-5G', '42', 'true', '2024-05-01T12:00:00Z'];
  const parameterList = Array.from({ length: n }, (_, i) => ({
    name: `Device.WiFi.AccessPoint.${1 + (i % 64)}.AssociatedDevice.${i}.${['MACAddress', 'SignalStrength', 'Active', 'LastDataDownlinkRate'][i % 4]}`,
    value: values[i % 4],
    type: types[i % 4],
  }));
  const rpc: Rpc = { name: 'GetParameterValuesResponse', parameterList };
  return new TextEncoder().encode(buildCwmp({ rpc, header: { id: '1234' } }));
}

/** An Inform as a TR-181 home gateway sends it on boot: a handful of events, ~20 parameters. */
function typicalInform(): Uint8Array {
  const p = (name: string, value: string, type = 'xsd:string'): { name: string; value: string; type: string } => ({ name, value, type });
  const rpc: Rpc = {
    name: 'Inform',
    deviceId: { manufacturer: 'Acme Networks', oui: '00D09E', productClass: 'HGW-5000', serialNumber: 'ACME5000123456' },
    event: [
      { eventCode: '1 BOOT', commandKey: '' },
      { eventCode: '4 VALUE CHANGE', commandKey: '' },
      { eventCode: 'M Reboot', commandKey: 'reboot-42' },
    ],
    maxEnvelopes: 1,
    currentTime: '2025-03-01T10:20:30+01:00',
    retryCount: 0,
    parameterList: [
      p('Device.RootDataModelVersion', '2.17'),
      p('Device.DeviceInfo.HardwareVersion', 'B1'),
      p('Device.DeviceInfo.SoftwareVersion', '7.2.1-build.3345'),
      p('Device.DeviceInfo.ProvisioningCode', 'ISP-RES-01'),
      p('Device.DeviceInfo.UpTime', '132', 'xsd:unsignedInt'),
      p('Device.ManagementServer.ParameterKey', 'pk-17'),
      p('Device.ManagementServer.ConnectionRequestURL', 'http://100.64.10.20:7547/cr/4f1c'),
      p('Device.ManagementServer.AliasBasedAddressing', 'false', 'xsd:boolean'),
      p('Device.ManagementServer.PeriodicInformEnable', 'true', 'xsd:boolean'),
      p('Device.ManagementServer.PeriodicInformInterval', '3600', 'xsd:unsignedInt'),
      p('Device.IP.Interface.1.IPv4Address.1.IPAddress', '100.64.10.20'),
      p('Device.IP.Interface.1.IPv6Address.1.IPAddress', '2001:db8::20'),
      p('Device.WiFi.SSID.1.SSID', 'Acme-2G'),
      p('Device.WiFi.SSID.2.SSID', 'Acme-5G'),
      p('Device.WiFi.Radio.1.Channel', '6', 'xsd:unsignedInt'),
      p('Device.WiFi.Radio.2.Channel', '36', 'xsd:unsignedInt'),
      p('Device.Ethernet.Interface.1.Status', 'Up'),
      p('Device.Time.CurrentLocalTime', '2025-03-01T10:20:30+01:00', 'xsd:dateTime'),
      p('Device.DeviceInfo.X_ACME_Temperature', '48', 'xsd:int'),
      p('Device.Hosts.HostNumberOfEntries', '7', 'xsd:unsignedInt'),
    ],
  };
  return new TextEncoder().encode(buildCwmp({ rpc, header: { id: '5001', idMustUnderstand: true } }));
}

/** Runs `fn` for about `ms`, returns operations per second. */
function opsPerSecond(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function measure(label: string, bytes: Uint8Array): BenchLine[] {
  // The bare baseline: the very parser parseCwmp uses (same options, one reused instance), on the same bytes.
  const bare = xmlParser();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const runBare = (): unknown => bare.parse(decoder.decode(bytes));
  const runCore = (): unknown => {
    const r = parseCwmp(bytes);
    if (!r.ok) throw new Error(r.error.message);
    return r;
  };
  // Warm up both, then alternate short slices so both sides see the same machine load (other
  // processes share it); report medians, and the median of the per-pair cost ratios.
  opsPerSecond(runBare, 150);
  opsPerSecond(runCore, 150);
  const bares: number[] = [];
  const cores: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < PAIRS; r++) {
    const b = opsPerSecond(runBare, SLICE_MS);
    const c = opsPerSecond(runCore, SLICE_MS);
    bares.push(b);
    cores.push(c);
    ratios.push(b / c);
  }
  const bestBare = median(bares);
  const bestCore = median(cores);
  const mb = bytes.length / 1e6;
  const cost = median(ratios);
  const note = `${(bytes.length / 1024).toFixed(0)} KiB; median cost ${cost.toFixed(2)}× bare fast-xml-parser over ${PAIRS} interleaved pairs (aim ≤ 1.5)`;
  return [
    { name: `decode ${label}`, value: bestCore * mb, unit: 'MB/s', baseline: bestBare * mb, ratio: cost, note },
    { name: `decode ${label}`, value: bestCore, unit: 'msg/s', baseline: bestBare, ratio: cost },
  ];
}

export async function run(): Promise<BenchLine[]> {
  return [...measure('GetParameterValuesResponse, 10,000 params', gpvResponse(10_000)), ...measure('Inform, typical (20 params, 3 events)', typicalInform())];
}
