/**
 * The simulated gateway: which object instances it has, its factory values, and the per-device values
 * (serial number, addresses) that make each of n devices distinct.
 */
import type { ParamTree } from './param-tree';
import { SharedTree } from './param-tree';
import { toTemplate, type SimSchema } from './schema';

export interface ProfileInput {
  manufacturer: string;
  oui: string;
  productClass: string;
  acsUrl: string;
  acsAuth?: { username: string; password: string };
  connectionRequestAuth?: { username: string; password: string };
  informIntervalSec: number;
}

export const WAN_IP = 'Device.IP.Interface.2.IPv4Address.1.IPAddress';

const INSTANCES = [
  'Device.Ethernet.Interface.1.',
  'Device.Ethernet.Interface.2.',
  'Device.IP.Interface.1.',
  'Device.IP.Interface.1.IPv4Address.1.',
  'Device.IP.Interface.2.',
  'Device.IP.Interface.2.IPv4Address.1.',
  'Device.WiFi.Radio.1.',
  'Device.WiFi.SSID.1.',
  'Device.WiFi.AccessPoint.1.',
  'Device.DNS.Client.Server.1.',
  'Device.Hosts.Host.1.',
  'Device.Hosts.Host.2.',
];

function factoryValues(schema: SimSchema, p: ProfileInput): Record<string, string> {
  const v: Record<string, string> = {
    'Device.RootDataModelVersion': schema.version,
    'Device.DeviceInfo.Manufacturer': p.manufacturer,
    'Device.DeviceInfo.ManufacturerOUI': p.oui,
    'Device.DeviceInfo.ProductClass': p.productClass,
    'Device.DeviceInfo.ModelName': p.productClass,
    'Device.DeviceInfo.Description': 'Simulated TR-181 home gateway (CWMP Workbench)',
    'Device.DeviceInfo.HardwareVersion': 'HW-1.0',
    'Device.DeviceInfo.SoftwareVersion': '1.0.0',
    'Device.DeviceInfo.MemoryStatus.Total': '262144',
    'Device.DeviceInfo.MemoryStatus.Free': '131072',
    'Device.ManagementServer.EnableCWMP': 'true',
    'Device.ManagementServer.URL': p.acsUrl,
    'Device.ManagementServer.Username': p.acsAuth?.username ?? '',
    'Device.ManagementServer.Password': p.acsAuth?.password ?? '',
    'Device.ManagementServer.PeriodicInformEnable': 'true',
    'Device.ManagementServer.PeriodicInformInterval': String(p.informIntervalSec),
    'Device.ManagementServer.ConnectionRequestUsername': p.connectionRequestAuth?.username ?? '',
    'Device.ManagementServer.ConnectionRequestPassword': p.connectionRequestAuth?.password ?? '',
    'Device.Time.Enable': 'true',
    'Device.Time.NTPServer1': 'pool.ntp.org',
    'Device.Ethernet.Interface.1.Enable': 'true',
    'Device.Ethernet.Interface.1.Status': 'Up',
    'Device.Ethernet.Interface.1.Name': 'eth0',
    'Device.Ethernet.Interface.2.Enable': 'true',
    'Device.Ethernet.Interface.2.Status': 'Up',
    'Device.Ethernet.Interface.2.Name': 'eth1',
    'Device.Ethernet.Interface.2.Upstream': 'true',
    'Device.IP.Interface.1.Enable': 'true',
    'Device.IP.Interface.1.IPv4Enable': 'true',
    'Device.IP.Interface.1.Status': 'Up',
    'Device.IP.Interface.1.Name': 'br-lan',
    'Device.IP.Interface.1.LowerLayers': 'Device.Ethernet.Interface.1',
    'Device.IP.Interface.1.IPv4Address.1.Enable': 'true',
    'Device.IP.Interface.1.IPv4Address.1.Status': 'Enabled',
    'Device.IP.Interface.1.IPv4Address.1.IPAddress': '192.168.1.1',
    'Device.IP.Interface.1.IPv4Address.1.SubnetMask': '255.255.255.0',
    'Device.IP.Interface.1.IPv4Address.1.AddressingType': 'Static',
    'Device.IP.Interface.2.Enable': 'true',
    'Device.IP.Interface.2.IPv4Enable': 'true',
    'Device.IP.Interface.2.Status': 'Up',
    'Device.IP.Interface.2.Name': 'wan',
    'Device.IP.Interface.2.LowerLayers': 'Device.Ethernet.Interface.2',
    'Device.IP.Interface.2.IPv4Address.1.Enable': 'true',
    'Device.IP.Interface.2.IPv4Address.1.Status': 'Enabled',
    'Device.IP.Interface.2.IPv4Address.1.SubnetMask': '255.0.0.0',
    'Device.IP.Interface.2.IPv4Address.1.AddressingType': 'DHCP',
    'Device.WiFi.Radio.1.Enable': 'true',
    'Device.WiFi.Radio.1.Status': 'Up',
    'Device.WiFi.Radio.1.Name': 'wlan0',
    'Device.WiFi.Radio.1.SupportedFrequencyBands': '2.4GHz,5GHz',
    'Device.WiFi.Radio.1.OperatingFrequencyBand': '2.4GHz',
    'Device.WiFi.Radio.1.Channel': '6',
    'Device.WiFi.SSID.1.Enable': 'true',
    'Device.WiFi.SSID.1.Status': 'Up',
    'Device.WiFi.SSID.1.Name': 'ssid0',
    'Device.WiFi.SSID.1.LowerLayers': 'Device.WiFi.Radio.1',
    'Device.WiFi.SSID.1.SSID': 'Workbench',
    'Device.WiFi.AccessPoint.1.Enable': 'true',
    'Device.WiFi.AccessPoint.1.SSIDReference': 'Device.WiFi.SSID.1',
    'Device.WiFi.AccessPoint.1.Security.ModeEnabled': 'WPA2-Personal',
    'Device.DNS.Client.Server.1.Enable': 'true',
    'Device.DNS.Client.Server.1.Status': 'Enabled',
    'Device.DNS.Client.Server.1.DNSServer': '10.0.0.1',
    'Device.DNS.Client.Server.1.Type': 'DHCPv4',
    'Device.Hosts.Host.1.PhysAddress': '02:00:00:00:01:0a',
    'Device.Hosts.Host.1.IPAddress': '192.168.1.10',
    'Device.Hosts.Host.1.HostName': 'laptop',
    'Device.Hosts.Host.1.Active': 'true',
    'Device.Hosts.Host.2.PhysAddress': '02:00:00:00:01:0b',
    'Device.Hosts.Host.2.IPAddress': '192.168.1.11',
    'Device.Hosts.Host.2.HostName': 'phone',
    'Device.Hosts.Host.2.Active': 'false',
  };
  return v;
}

/** The tree every device of one simulator starts from (instances missing from the schema are skipped). */
export function buildSharedTree(schema: SimSchema, p: ProfileInput): SharedTree {
  const instances = INSTANCES.filter((path) => schema.objects.has(toTemplate(path)));
  return new SharedTree(schema, instances, factoryValues(schema, p));
}

/** Values unique to device number `index` (0-based). */
export function deviceValues(index: number, serialNumber: string, connectionRequestUrl: string): Map<string, string> {
  const n = index + 1;
  const mac = (last: number): string =>
    ['02', 'cf', ((n >> 16) & 255).toString(16), ((n >> 8) & 255).toString(16), (n & 255).toString(16), last.toString(16)]
      .map((x) => x.padStart(2, '0'))
      .join(':');
  return new Map([
    ['Device.DeviceInfo.SerialNumber', serialNumber],
    ['Device.ManagementServer.ConnectionRequestURL', connectionRequestUrl],
    [WAN_IP, `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`],
    ['Device.Ethernet.Interface.1.MACAddress', mac(1)],
    ['Device.Ethernet.Interface.2.MACAddress', mac(2)],
    ['Device.WiFi.SSID.1.MACAddress', mac(3)],
    ['Device.WiFi.SSID.1.BSSID', mac(3)],
  ]);
}

/** The Inform's ParameterList: forced-inform parameters (TR-181) plus the WAN address. */
export function informParams(tree: ParamTree): string[] {
  const names: string[] = [];
  for (const n of tree.params('Device.')) if (n.param?.forcedInform) names.push(n.path);
  if (tree.node(WAN_IP)) names.push(WAN_IP);
  return names;
}
