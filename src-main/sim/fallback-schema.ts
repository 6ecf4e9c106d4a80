/**
 * A small TR-181 subset, used when the data model files cannot be loaded. Names, types, access and
 * facets follow TR-181 2.17; only a typical home gateway's core objects are included.
 */
import type { ObjectSchema, ParamSchema, ParamType, SimSchema } from './schema';

type P = Omit<ParamSchema, 'name' | 'type' | 'writable'>;
const ro = (name: string, type: ParamType = 'string', extra: P = {}): ParamSchema => ({ name, type, writable: false, ...extra });
const rw = (name: string, type: ParamType = 'string', extra: P = {}): ParamSchema => ({ name, type, writable: true, ...extra });

function obj(path: string, params: ParamSchema[], writable = false, maxEntries?: number): ObjectSchema {
  return { path, table: path.endsWith('{i}.'), writable, params, ...(maxEntries !== undefined ? { maxEntries } : {}) };
}

const status = (values: string[]): P => ({ enumeration: values });
const ifStatus = status(['Up', 'Down', 'Unknown', 'Dormant', 'NotPresent', 'LowerLayerDown', 'Error']);
const alias = rw('Alias', 'string', { maxLength: 64 });
const s256: P = { maxLength: 256 };
const s64: P = { maxLength: 64 };

const objects: ObjectSchema[] = [
  obj('Device.', [
    ro('RootDataModelVersion', 'string', { maxLength: 32, forcedInform: true }),
    ro('InterfaceStackNumberOfEntries', 'unsignedInt'),
  ]),
  obj('Device.DeviceInfo.', [
    ro('DeviceCategory', 'string', { list: true }),
    ro('Manufacturer', 'string', s64),
    ro('ManufacturerOUI', 'string', { minLength: 6, maxLength: 6 }),
    ro('ModelName', 'string', s64),
    ro('ModelNumber', 'string', s64),
    ro('Description', 'string', s256),
    ro('ProductClass', 'string', s64),
    ro('SerialNumber', 'string', s64),
    ro('HardwareVersion', 'string', { maxLength: 64, forcedInform: true }),
    ro('SoftwareVersion', 'string', { maxLength: 64, forcedInform: true, activeNotify: 'forceDefaultEnabled' }),
    ro('AdditionalHardwareVersion', 'string', { list: true }),
    ro('AdditionalSoftwareVersion', 'string', { list: true }),
    rw('ProvisioningCode', 'string', { maxLength: 64, forcedInform: true, activeNotify: 'forceDefaultEnabled' }),
    ro('UpTime', 'unsignedInt', { activeNotify: 'canDeny' }),
    ro('FirstUseDate', 'dateTime'),
    ro('VendorConfigFileNumberOfEntries', 'unsignedInt'),
  ]),
  obj('Device.DeviceInfo.MemoryStatus.', [ro('Total', 'unsignedInt'), ro('Free', 'unsignedInt', { activeNotify: 'canDeny' })]),
  obj('Device.DeviceInfo.ProcessStatus.', [ro('CPUUsage', 'unsignedInt', { ranges: [{ max: 100 }], activeNotify: 'canDeny' })]),
  obj('Device.DeviceInfo.VendorConfigFile.{i}.', [
    alias, ro('Name', 'string', s64), ro('Version', 'string', s64), ro('Date', 'dateTime'), ro('Description', 'string', s256),
  ]),
  obj('Device.ManagementServer.', [
    rw('EnableCWMP', 'boolean', { default: 'true' }),
    rw('URL', 'string', s256),
    rw('Username', 'string', s256),
    rw('Password', 'string', { maxLength: 256, hidden: true }),
    rw('PeriodicInformEnable', 'boolean', { default: 'true' }),
    rw('PeriodicInformInterval', 'unsignedInt', { ranges: [{ min: 1 }] }),
    rw('PeriodicInformTime', 'dateTime'),
    ro('ParameterKey', 'string', { maxLength: 32, forcedInform: true, activeNotify: 'canDeny' }),
    ro('ConnectionRequestURL', 'string', { maxLength: 256, forcedInform: true, activeNotify: 'forceDefaultEnabled' }),
    rw('ConnectionRequestUsername', 'string', s256),
    rw('ConnectionRequestPassword', 'string', { maxLength: 256, hidden: true }),
    rw('UpgradesManaged', 'boolean'),
    rw('CWMPRetryMinimumWaitInterval', 'unsignedInt', { ranges: [{ min: 1, max: 65535 }], default: '5' }),
    rw('CWMPRetryIntervalMultiplier', 'unsignedInt', { ranges: [{ min: 1000, max: 65535 }], default: '2000' }),
    ro('SupportedConnReqMethods', 'string', { list: true, default: 'HTTP' }),
    ro('InstanceMode', 'string', { enumeration: ['InstanceNumber', 'InstanceAlias'], default: 'InstanceNumber' }),
  ]),
  obj('Device.Time.', [
    rw('Enable', 'boolean', { default: 'true' }),
    ro('Status', 'string', status(['Disabled', 'Unsynchronized', 'Synchronized', 'Error_FailedToSynchronize', 'Error'])),
    rw('NTPServer1', 'string', s64),
    rw('NTPServer2', 'string', s64),
    ro('CurrentLocalTime', 'dateTime'),
    rw('LocalTimeZone', 'string', s256),
  ]),
  obj('Device.Ethernet.', [ro('InterfaceNumberOfEntries', 'unsignedInt')]),
  obj('Device.Ethernet.Interface.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', ifStatus), alias, ro('Name', 'string', s64),
    rw('LowerLayers', 'string', { list: true, maxLength: 1024 }), ro('Upstream', 'boolean'), ro('MACAddress', 'string', { maxLength: 17 }),
    rw('MaxBitRate', 'int', { ranges: [{ min: -1 }] }), ro('CurrentBitRate', 'unsignedInt'),
    rw('DuplexMode', 'string', status(['Half', 'Full', 'Auto'])),
  ]),
  obj('Device.Ethernet.Interface.{i}.Stats.', [
    ro('BytesSent', 'unsignedLong', { activeNotify: 'canDeny' }), ro('BytesReceived', 'unsignedLong', { activeNotify: 'canDeny' }),
    ro('PacketsSent', 'unsignedLong', { activeNotify: 'canDeny' }), ro('PacketsReceived', 'unsignedLong', { activeNotify: 'canDeny' }),
  ]),
  obj('Device.WiFi.', [ro('RadioNumberOfEntries', 'unsignedInt'), ro('SSIDNumberOfEntries', 'unsignedInt'), ro('AccessPointNumberOfEntries', 'unsignedInt')]),
  obj('Device.WiFi.Radio.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', ifStatus), alias, ro('Name', 'string', s64),
    ro('SupportedFrequencyBands', 'string', { list: true, enumeration: ['2.4GHz', '5GHz', '6GHz'] }),
    rw('OperatingFrequencyBand', 'string', { enumeration: ['2.4GHz', '5GHz', '6GHz'] }),
    rw('Channel', 'unsignedInt', { ranges: [{ min: 1, max: 255 }] }),
    rw('AutoChannelEnable', 'boolean'),
    rw('TransmitPower', 'int', { ranges: [{ min: -1, max: 100 }] }),
  ]),
  obj('Device.WiFi.SSID.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', ifStatus), alias, ro('Name', 'string', s64),
    rw('LowerLayers', 'string', { list: true, maxLength: 1024 }), ro('BSSID', 'string', { maxLength: 17 }),
    ro('MACAddress', 'string', { maxLength: 17 }), rw('SSID', 'string', { maxLength: 32 }),
  ], true, 16),
  obj('Device.WiFi.AccessPoint.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', status(['Disabled', 'Enabled', 'Error_Misconfigured', 'Error'])), alias,
    rw('SSIDReference', 'string', { maxLength: 256 }), rw('SSIDAdvertisementEnabled', 'boolean', { default: 'true' }),
    ro('AssociatedDeviceNumberOfEntries', 'unsignedInt'),
  ], true, 16),
  obj('Device.WiFi.AccessPoint.{i}.Security.', [
    ro('ModesSupported', 'string', { list: true }),
    rw('ModeEnabled', 'string', { enumeration: ['None', 'WEP-64', 'WEP-128', 'WPA-Personal', 'WPA2-Personal', 'WPA3-Personal', 'WPA-WPA2-Personal', 'WPA3-Personal-Transition'] }),
    rw('KeyPassphrase', 'string', { minLength: 8, maxLength: 63, hidden: true }),
  ]),
  obj('Device.IP.', [
    rw('IPv4Enable', 'boolean', { default: 'true' }), ro('IPv4Status', 'string', status(['Disabled', 'Enabled', 'Error'])),
    ro('InterfaceNumberOfEntries', 'unsignedInt'),
  ]),
  obj('Device.IP.Interface.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', ifStatus), alias, ro('Name', 'string', s64),
    rw('LowerLayers', 'string', { list: true, maxLength: 1024 }), rw('IPv4Enable', 'boolean'),
    ro('Type', 'string', status(['Normal', 'Loopback', 'Tunnel', 'Tunneled'])), ro('IPv4AddressNumberOfEntries', 'unsignedInt'),
  ], true),
  obj('Device.IP.Interface.{i}.IPv4Address.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', status(['Disabled', 'Enabled', 'Error_Misconfigured', 'Error'])), alias,
    rw('IPAddress', 'string', { maxLength: 15 }), rw('SubnetMask', 'string', { maxLength: 15 }),
    ro('AddressingType', 'string', status(['DHCP', 'IKEv2', 'AutoIP', 'IPCP', 'Static'])),
  ], true),
  obj('Device.Hosts.', [ro('HostNumberOfEntries', 'unsignedInt')]),
  obj('Device.Hosts.Host.{i}.', [
    ro('PhysAddress', 'string', s64), ro('IPAddress', 'string', { maxLength: 45 }), ro('HostName', 'string', s64),
    ro('Active', 'boolean'), ro('Layer3Interface', 'string', s256),
  ]),
  obj('Device.DNS.', []),
  obj('Device.DNS.Client.', [rw('Enable', 'boolean', { default: 'true' }), ro('ServerNumberOfEntries', 'unsignedInt')]),
  obj('Device.DNS.Client.Server.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', status(['Disabled', 'Enabled', 'Error'])), alias,
    rw('DNSServer', 'string', { maxLength: 45 }), rw('Interface', 'string', s256),
    ro('Type', 'string', status(['DHCPv4', 'DHCPv6', 'RouterAdvertisement', 'IPCP', 'Static'])),
  ], true, 8),
  obj('Device.NAT.', [ro('PortMappingNumberOfEntries', 'unsignedInt')]),
  obj('Device.NAT.PortMapping.{i}.', [
    rw('Enable', 'boolean'), ro('Status', 'string', status(['Disabled', 'Enabled', 'Error_Misconfigured', 'Error'])), alias,
    rw('Interface', 'string', s256), rw('ExternalPort', 'unsignedInt', { ranges: [{ min: 0, max: 65535 }] }),
    rw('InternalPort', 'unsignedInt', { ranges: [{ min: 0, max: 65535 }] }),
    rw('Protocol', 'string', status(['TCP', 'UDP', 'BOTH'])), rw('InternalClient', 'string', { maxLength: 256 }),
    rw('Description', 'string', s256), rw('LeaseDuration', 'unsignedInt'),
  ], true, 32),
];

/** The built-in subset as a schema. */
export function fallbackSchema(): SimSchema {
  return { source: 'built-in TR-181 subset', version: '2.17', objects: new Map(objects.map((o) => [o.path, o])) };
}
