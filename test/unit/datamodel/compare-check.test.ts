import { describe, expect, it } from 'vitest';
import { checkMessage, messageRoot } from '../../../src-shared/datamodel/check-message';
import { compareWithModel, isVendorPath } from '../../../src-shared/datamodel/compare';
import { ParameterTree } from '../../../src-shared/datamodel/parameter-tree';
import type { CwmpMessage, ParameterValueStruct, Rpc } from '../../../src-shared/cwmp/types';
import { loadDataModel } from '../../../src-main/datamodel/load';

const m = await loadDataModel('tr-181');

const pv = (name: string, value: string, type = ''): ParameterValueStruct => ({ name, value, type });
const msg = (rpc: Rpc | null): CwmpMessage => ({
  namespace: 'urn:dslforum-org:cwmp-1-0',
  version: '1.0',
  header: {},
  rpc,
  warnings: [],
});

describe('compareWithModel', () => {
  const tree = new ParameterTree();
  const ssidParams = m.lookup('Device.WiFi.SSID.1.');
  tree.mergeNames(
    [
      { name: 'Device.', writable: false },
      { name: 'Device.DeviceInfo.', writable: false },
      { name: 'Device.DeviceInfo.Manufacturer', writable: false },
      { name: 'Device.DeviceInfo.SerialNumber', writable: true }, // read-only in the model
      { name: 'Device.WiFi.SSID.1.', writable: true },
      { name: 'Device.WiFi.SSID.1.SSID', writable: true },
      { name: 'Device.WiFi.SSID.1.Alias', writable: true }, // writeOnce counts as writable
      { name: 'Device.WiFi.SSID.1.X_ACME_Band', writable: true },
      { name: 'Device.X_ACME_Cloud.', writable: false },
      { name: 'Device.X_ACME_Cloud.Enable', writable: true },
      { name: 'Device.Bogus.', writable: false },
      { name: 'Device.Bogus.Thing', writable: false },
      { name: 'Device.Ethernet.', writable: false }, // listed without parameters: not enumerated
    ],
    '',
    false,
    1,
  );
  const r = compareWithModel(tree, m);

  it('reports parameters missing from reported objects, marking the required ones', () => {
    const missing = new Map(r.missing.map((x) => [x.path, x]));
    expect(missing.get('Device.WiFi.SSID.1.Enable')).toEqual({
      path: 'Device.WiFi.SSID.1.Enable',
      schemaPath: 'Device.WiFi.SSID.{i}.Enable',
      required: false,
      read: true, // the whole tree was listed (GetParameterNames of '')
      readPath: 'Device.WiFi.SSID.1.',
    });
    expect(missing.get('Device.DeviceInfo.SoftwareVersion')?.required).toBe(true);
    expect(missing.has('Device.DeviceInfo.Manufacturer')).toBe(false);
    expect(missing.has('Device.WiFi.SSID.1.SSID')).toBe(false);
    // Required parameters of objects the device never reported.
    expect(missing.get('Device.ManagementServer.URL')?.required).toBe(true);
    // Device.Ethernet. had no parameters listed: not judged.
    expect(r.missing.some((x) => x.path.startsWith('Device.Ethernet.'))).toBe(false);
    expect(ssidParams?.kind).toBe('object');
  });

  it('separates vendor from unknown nodes, top-most only', () => {
    expect(r.vendor.sort()).toEqual(['Device.WiFi.SSID.1.X_ACME_Band', 'Device.X_ACME_Cloud.']);
    expect(r.unknown).toEqual(['Device.Bogus.']);
    expect(isVendorPath('Device.X_0000C5_Foo.Bar')).toBe(true);
    expect(isVendorPath('Device.WiFi.SSID.1.SSID')).toBe(false);
  });

  it('flags read-only parameters the device reports writable', () => {
    expect(r.writableButReadOnly).toEqual(['Device.DeviceInfo.SerialNumber']);
  });
});

describe('checkMessage', () => {
  it('validates Inform values: type errors are errors, unknown paths warnings, vendor paths silent', () => {
    const issues = checkMessage(
      msg({
        name: 'Inform',
        deviceId: { manufacturer: 'A', oui: '000000', productClass: 'P', serialNumber: 'S' },
        event: [{ eventCode: '1 BOOT', commandKey: '' }],
        maxEnvelopes: 1,
        currentTime: '2026-11-27T10:00:00Z',
        retryCount: 0,
        parameterList: [
          pv('Device.RootDataModelVersion', '2.17', 'xsd:string'),
          pv('Device.DeviceInfo.HardwareVersion', 'hw1', 'xsd:string'),
          pv('Device.DeviceInfo.SoftwareVersion', 'sw1', 'xsd:string'),
          pv('Device.DeviceInfo.ProvisioningCode', '', 'xsd:string'),
          pv('Device.ManagementServer.ParameterKey', '', 'xsd:string'),
          pv('Device.ManagementServer.ConnectionRequestURL', 'http://192.0.2.1:7547/', 'xsd:string'),
          pv('Device.ManagementServer.AliasBasedAddressing', 'maybe', 'xsd:boolean'),
          pv('Device.DeviceInfo.UpTime', '12', 'xsd:string'),
          pv('Device.DeviceInfo.X_ACME_Temp', 'hot', 'xsd:string'),
          pv('Device.DeviceInfo.Nope', 'x', 'xsd:string'),
        ],
      }),
      m,
    );
    expect(issues).toContainEqual({
      path: 'Device.ManagementServer.AliasBasedAddressing',
      severity: 'error',
      message: 'must be a boolean (true, false, 0 or 1), got "maybe"',
    });
    expect(issues).toContainEqual({
      path: 'Device.DeviceInfo.UpTime',
      severity: 'warning',
      message: "sent as xsd:string, the model's type is unsignedInt",
    });
    expect(issues).toContainEqual({
      path: 'Device.DeviceInfo.Nope',
      severity: 'warning',
      message: 'not a parameter of the Device:2.17 model',
    });
    expect(issues.some((i) => i.path.includes('X_ACME'))).toBe(false);
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1);
    // All forcedInform parameters were present.
    expect(issues.some((i) => i.message.includes('forcedInform'))).toBe(false);
  });

  it('warns about forcedInform parameters missing from an Inform', () => {
    const issues = checkMessage(
      msg({
        name: 'Inform',
        deviceId: { manufacturer: 'A', oui: '000000', productClass: 'P', serialNumber: 'S' },
        event: [],
        maxEnvelopes: 1,
        currentTime: '2026-11-27T10:00:00Z',
        retryCount: 0,
        parameterList: [pv('Device.DeviceInfo.SoftwareVersion', '1', 'xsd:string')],
      }),
      m,
    );
    expect(issues).toContainEqual({
      path: 'Device.DeviceInfo.HardwareVersion',
      severity: 'warning',
      message: 'missing from the Inform (forcedInform since Device:2.0)',
    });
    expect(issues.find((i) => i.path === 'Device.RootDataModelVersion')?.message).toMatch(/since Device:2\.4/);
    // Conditional in TR-069: only CPEs supporting Alias-Based Addressing must send it.
    expect(issues.some((i) => i.path.endsWith('AliasBasedAddressing'))).toBe(false);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(messageRoot(msg({ name: 'GetParameterValuesResponse', parameterList: [pv(' InternetGatewayDevice.X', '')] }))).toBe(
      'InternetGatewayDevice',
    );
    expect(messageRoot(msg(null))).toBeUndefined();
  });

  it('checks GPV responses: ranges, enumerations, patterns, objects and other roots', () => {
    const issues = checkMessage(
      msg({
        name: 'GetParameterValuesResponse',
        parameterList: [
          pv('Device.Ethernet.VLANTermination.1.VLANID', '4095', 'xsd:unsignedInt'),
          pv('Device.WiFi.SSID.2.Status', 'Sleeping', 'xsd:string'),
          pv('Device.WiFi.SSID.2.MACAddress', '00-11-22-33-44-55', 'xsd:string'),
          pv('Device.WiFi.SSID.2.SSID', 'fine', 'xsd:string'),
          pv('Device.ManagementServer.Password', '', 'xsd:string'), // hidden reads back empty
          pv('Device.WiFi.', 'x', 'xsd:string'),
          pv('InternetGatewayDevice.DeviceInfo.UpTime', '1', 'xsd:unsignedInt'),
        ],
      }),
      m,
    );
    const byPath = new Map(issues.map((i) => [i.path, i]));
    expect(byPath.get('Device.Ethernet.VLANTermination.1.VLANID')).toEqual({
      path: 'Device.Ethernet.VLANTermination.1.VLANID',
      severity: 'error',
      message: 'must be an unsignedInt between 1 and 4094, got 4095',
    });
    expect(byPath.get('Device.WiFi.SSID.2.Status')?.severity).toBe('error');
    expect(byPath.get('Device.WiFi.SSID.2.MACAddress')?.message).toMatch(/MACAddress/);
    expect(byPath.has('Device.WiFi.SSID.2.SSID')).toBe(false);
    expect(byPath.has('Device.ManagementServer.Password')).toBe(false);
    expect(byPath.get('Device.WiFi.')?.severity).toBe('error');
    expect(byPath.get('InternetGatewayDevice.DeviceInfo.UpTime')).toMatchObject({ severity: 'warning', message: expect.stringMatching(/not under Device\./) });
  });

  it('checks SPV: read-only parameters and read-only enumeration values are errors', () => {
    const issues = checkMessage(
      msg({
        name: 'SetParameterValues',
        parameterKey: 'k',
        parameterList: [
          pv('Device.DeviceInfo.SerialNumber', 'X', 'xsd:string'),
          pv('Device.IP.Diagnostics.IPPing.DiagnosticsState', 'Complete', 'xsd:string'),
          pv('Device.IP.Diagnostics.IPPing.DiagnosticsState', 'Requested', 'xsd:string'),
          pv('Device.WiFi.SSID.1.SSID', 'x'.repeat(33), 'xsd:string'),
          pv('Device.WiFi.SSID.1.Enable', 'true', 'xsd:boolean'),
        ],
      }),
      m,
    );
    expect(issues).toEqual([
      { path: 'Device.DeviceInfo.SerialNumber', severity: 'error', message: 'is read-only in the model; SetParameterValues cannot change it' },
      {
        path: 'Device.IP.Diagnostics.IPPing.DiagnosticsState',
        severity: 'error',
        message: '"Complete" can be reported by the CPE but not written by the ACS',
      },
      { path: 'Device.WiFi.SSID.1.SSID', severity: 'error', message: 'must be at most 32 characters long, got 33' },
    ]);
  });

  it('does not report deprecated parameters (TR-098 DeviceSummary, SpecVersion are still forcedInform)', async () => {
    const igd = await loadDataModel('tr-098');
    const issues = checkMessage(
      msg({
        name: 'GetParameterValuesResponse',
        parameterList: [
          pv('InternetGatewayDevice.DeviceSummary', 'InternetGatewayDevice:1.4[](Baseline:1)', 'xsd:string'),
          pv('InternetGatewayDevice.DeviceInfo.SpecVersion', '1.0', 'xsd:string'),
        ],
      }),
      igd,
    );
    expect(issues).toEqual([]);
  });

  it('ignores messages without parameter values', () => {
    expect(checkMessage(msg(null), m)).toEqual([]);
    expect(checkMessage(msg({ name: 'GetParameterNames', parameterPath: 'Device.', nextLevel: true }), m)).toEqual([]);
  });
});

describe('checkMessage over the shared CPE samples', async () => {
  const { existsSync, readdirSync, readFileSync, statSync } = await import('node:fs');
  const path = await import('node:path');
  const { parseCwmp } = await import('../../../src-shared/cwmp/index');
  const { modelForRoot } = await import('../../../src-main/datamodel/load');
  const dir = path.resolve(__dirname, '../../../../shared/samples/cwmp');
  const present = existsSync(dir);
  if (!present) console.warn(`skipping sample checks: ${dir} is absent`);

  it.skipIf(!present)('checks every decodable sample without throwing; a real TR-181 Inform has no errors', async () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.xml')) files.push(p);
      }
    };
    walk(dir);
    let checked = 0;
    for (const f of files) {
      const r = parseCwmp(readFileSync(f));
      if (!r.ok) continue;
      const root = messageRoot(r.message);
      if (!root) continue;
      const issues = checkMessage(r.message, await modelForRoot(root));
      checked++;
      for (const i of issues) expect(['error', 'warning']).toContain(i.severity);
      if (f.endsWith('sagemcom-HGW4-tr181-inform.xml')) expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    }
    expect(checked).toBeGreaterThan(10);
  });
});
