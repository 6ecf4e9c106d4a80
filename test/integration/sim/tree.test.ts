/**
 * The simulator's parameter tree and schemas (no sockets): copy-on-write sharing, instance numbering,
 * value checks from the data model, and that the built-in profile is valid under both schemas.
 */
import { describe, expect, it } from 'vitest';
import { loadSimSchema } from '../../../src-main/sim/datamodel-schema';
import { fallbackSchema } from '../../../src-main/sim/fallback-schema';
import { ParamTree } from '../../../src-main/sim/param-tree';
import { buildSharedTree, deviceValues, informParams } from '../../../src-main/sim/profile';
import { answer, type RpcContext } from '../../../src-main/sim/rpc';
import type { SimSchema } from '../../../src-main/sim/schema';
import { invalidReason } from '../../../src-main/sim/values';

const profile = { manufacturer: 'M', oui: '00CAFE', productClass: 'P', acsUrl: 'http://127.0.0.1:1/', informIntervalSec: 300 };

function device(schema: SimSchema, i = 0): ParamTree {
  return new ParamTree(buildSharedTree(schema, profile), deviceValues(i, `S${i}`, `http://127.0.0.1:9/cr${i}`));
}

describe.each([
  ['TR-181 data model', loadSimSchema()],
  ['built-in subset', fallbackSchema()],
])('simulator tree from the %s', (_, schema) => {
  it('holds only valid values for the parameters the profile sets', () => {
    const tree = device(schema);
    const bad: string[] = [];
    for (const n of tree.params('Device.')) {
      const v = tree.get(n.path);
      const why = n.param && v !== '' ? invalidReason(n.param, v) : null;
      if (why) bad.push(`${n.path}=${v}: ${why}`);
    }
    expect(bad).toEqual([]);
  });

  it('has the Inform parameters and the profile instances', () => {
    const tree = device(schema);
    expect(informParams(tree)).toEqual(
      expect.arrayContaining([
        'Device.RootDataModelVersion',
        'Device.DeviceInfo.SoftwareVersion',
        'Device.ManagementServer.ConnectionRequestURL',
        'Device.IP.Interface.2.IPv4Address.1.IPAddress',
      ]),
    );
    expect(tree.get('Device.IP.InterfaceNumberOfEntries')).toBe('2');
    expect(tree.get('Device.DeviceInfo.SerialNumber')).toBe('S0');
  });

  it('shares one structure until a device adds or deletes an object', () => {
    const shared = buildSharedTree(schema, profile);
    const a = new ParamTree(shared, deviceValues(0, 'A', ''));
    const b = new ParamTree(shared, deviceValues(1, 'B', ''));
    a.set('Device.WiFi.SSID.1.SSID', 'only-a');
    expect(b.get('Device.WiFi.SSID.1.SSID')).toBe('Workbench');
    expect(a.forked).toBe(false);
    const n = a.addInstance('Device.NAT.PortMapping.');
    expect(n).toBe(1);
    expect(a.forked).toBe(true);
    expect(b.forked).toBe(false);
    expect(a.node('Device.NAT.PortMapping.1.Enable')).toBeDefined();
    expect(a.get('Device.NAT.PortMapping.1.Alias')).toBe('cpe-1');
    expect(b.node('Device.NAT.PortMapping.1.')).toBeUndefined();
    expect(a.deleteInstance('Device.NAT.PortMapping.1.')).toBeNull();
    // Numbers are not reused after a delete.
    expect(a.addInstance('Device.NAT.PortMapping.')).toBe(2);
    a.reset();
    expect(a.forked).toBe(false);
    expect(a.get('Device.WiFi.SSID.1.SSID')).toBe('Workbench');
    expect(a.get('Device.DeviceInfo.SerialNumber')).toBe('A');
  });

  it('refuses AddObject beyond maxEntries and on fixed tables', () => {
    const tree = device(schema);
    expect(tree.addInstance('Device.Hosts.Host.')).toMatchObject({ code: 9001 });
    expect(tree.addInstance('Device.DeviceInfo.')).toMatchObject({ code: 9005 });
    expect(tree.deleteInstance('Device.Hosts.Host.1.')).toMatchObject({ code: 9001 });
  });
});

describe('value checks', () => {
  const schema = loadSimSchema();
  const param = (obj: string, name: string) => {
    const p = schema.objects.get(obj)?.params.find((x) => x.name === name);
    if (!p) throw new Error(`${obj}${name} missing`);
    return p;
  };

  it('applies types, ranges, sizes, enumerations and patterns', () => {
    const interval = param('Device.ManagementServer.', 'PeriodicInformInterval');
    expect(invalidReason(interval, '60')).toBeNull();
    expect(invalidReason(interval, '0')).toMatch(/range/);
    expect(invalidReason(interval, '-5')).toMatch(/range/);
    expect(invalidReason(interval, '4294967296')).toMatch(/unsignedInt/);
    const enable = param('Device.ManagementServer.', 'PeriodicInformEnable');
    expect(invalidReason(enable, '1')).toBeNull();
    expect(invalidReason(enable, 'yes')).toMatch(/boolean/);
    const ssid = param('Device.WiFi.SSID.{i}.', 'SSID');
    expect(invalidReason(ssid, 'x'.repeat(32))).toBeNull();
    expect(invalidReason(ssid, 'x'.repeat(33))).toMatch(/longer/);
    const mac = param('Device.WiFi.SSID.{i}.', 'MACAddress');
    expect(invalidReason(mac, '02:00:00:00:00:01')).toBeNull();
    expect(invalidReason(mac, '02-00-00-00-00-01')).toMatch(/pattern/);
    const time = param('Device.ManagementServer.', 'PeriodicInformTime');
    expect(invalidReason(time, '2026-01-01T00:00:00Z')).toBeNull();
    expect(invalidReason(time, 'tomorrow')).toMatch(/dateTime/);
  });

  it('answers SetParameterValues on a tree without sockets, atomically', () => {
    const tree = device(schema);
    const ctx: RpcContext = { tree, transfers: [], deploymentUnits: [], vouchers: [], cwmpVersion: '1.2' };
    const out = answer(ctx, {
      name: 'SetParameterValues',
      parameterList: [
        { name: 'Device.WiFi.SSID.1.SSID', value: 'new', type: 'xsd:string' },
        { name: 'Device.ManagementServer.PeriodicInformTime', value: 'never', type: 'xsd:dateTime' },
      ],
      parameterKey: 'k',
    });
    expect(out.response).toMatchObject({
      name: 'Fault',
      faultCode: 9003,
      setParameterValuesFault: [{ parameterName: 'Device.ManagementServer.PeriodicInformTime', faultCode: 9007 }],
    });
    expect(tree.get('Device.WiFi.SSID.1.SSID')).toBe('Workbench');
  });
});
