import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataModel, parentPath, schemaPath } from '../../../src-shared/datamodel/data-model';
import { dataModelFile, loadDataModel, modelForRoot } from '../../../src-main/datamodel/load';

describe('paths', () => {
  it('schemaPath maps instance numbers and alias references to {i}', () => {
    expect(schemaPath('Device.WiFi.SSID.3.SSID')).toBe('Device.WiFi.SSID.{i}.SSID');
    expect(schemaPath('Device.Bridging.Bridge.1.Port.12.')).toBe('Device.Bridging.Bridge.{i}.Port.{i}.');
    expect(schemaPath('Device.WiFi.SSID.[cpe-guest].SSID')).toBe('Device.WiFi.SSID.{i}.SSID');
    expect(schemaPath('Device.DeviceInfo.')).toBe('Device.DeviceInfo.');
    expect(schemaPath('Device.WiFi.SSID.{i}.')).toBe('Device.WiFi.SSID.{i}.');
  });

  it('parentPath', () => {
    expect(parentPath('Device.WiFi.SSID.3.SSID')).toBe('Device.WiFi.SSID.3.');
    expect(parentPath('Device.WiFi.SSID.3.')).toBe('Device.WiFi.SSID.');
    expect(parentPath('Device.')).toBe('');
  });
});

describe('DataModel (TR-181 2.17)', async () => {
  const m = await loadDataModel('tr-181');

  it('knows its root and name', () => {
    expect(m.root).toBe('Device');
    expect(m.name).toBe('Device:2.17');
  });

  it('looks up a concrete parameter path against its {i} definition', () => {
    const p = m.lookup('Device.WiFi.SSID.3.SSID');
    expect(p).toMatchObject({
      kind: 'parameter',
      path: 'Device.WiFi.SSID.{i}.SSID',
      name: 'SSID',
      objectPath: 'Device.WiFi.SSID.{i}.',
      type: 'string',
      writable: true,
    });
    expect(m.lookup('Device.WiFi.SSID.3.SSID')).toBe(p); // cached
    expect(m.parameter('Device.Bridging.Bridge.2.Port.7.PVID')?.range).toEqual([{ min: 1, max: 4094 }]);
  });

  it('looks up objects (ending in "."), table instances and table collections', () => {
    expect(m.lookup('Device.WiFi.SSID.3.')).toMatchObject({ kind: 'object', path: 'Device.WiFi.SSID.{i}.', table: true, writable: true });
    const coll = m.lookup('Device.WiFi.SSID.');
    expect(coll).toMatchObject({ kind: 'object', collectionOf: 'Device.WiFi.SSID.{i}.', writable: true, table: false });
    expect(m.lookup('Device.DeviceInfo.')).toMatchObject({ kind: 'object', table: false });
    expect(m.lookup('Device.DeviceInfo.')?.kind === 'object' && m.lookup('Device.DeviceInfo.')).toHaveProperty('paramNames');
  });

  it('returns undefined for unknown, vendor and malformed paths', () => {
    for (const p of ['Device.WiFi.SSID.3.Nope', 'Device.X_ACME_Thing', 'InternetGatewayDevice.DeviceInfo.', 'Device.WiFi.SSID.3', '', '.']) {
      expect(m.lookup(p), p).toBeUndefined();
    }
  });

  it('children lists parameters, then child objects and collections', () => {
    const kids = m.children('Device.WiFi.').map((c) => c.path);
    expect(kids).toContain('Device.WiFi.SSIDNumberOfEntries');
    expect(kids).toContain('Device.WiFi.SSID.');
    expect(kids).toContain('Device.WiFi.Radio.');
    expect(kids).not.toContain('Device.WiFi.SSID.{i}.');
    expect(kids.indexOf('Device.WiFi.SSIDNumberOfEntries')).toBeLessThan(kids.indexOf('Device.WiFi.SSID.'));
    expect(m.children('Device.WiFi.SSID.').map((c) => c.path)).toEqual(['Device.WiFi.SSID.{i}.']);
    const ssid = m.children('Device.WiFi.SSID.2.').map((c) => c.path);
    expect(ssid).toContain('Device.WiFi.SSID.{i}.SSID');
    expect(ssid).toContain('Device.WiFi.SSID.{i}.Stats.');
    expect(m.children('').map((c) => c.path)).toEqual(['Device.']);
    expect(m.children('Device.Nope.')).toEqual([]);
  });

  it('every object is reachable from the root through children', () => {
    const seen = new Set<string>();
    const walk = (p: string): void => {
      for (const c of m.children(p)) if (c.kind === 'object' && !seen.has(c.path)) (seen.add(c.path), walk(c.path));
    };
    walk('');
    for (const o of m.objectPaths()) expect(seen.has(o), o).toBe(true);
  });

  it('requiredParameters: the Baseline profile plus forcedInform parameters', () => {
    expect(m.baselineProfile()).toBe('Baseline:4');
    const req = m.requiredParameters();
    expect(req).toContain('Device.DeviceInfo.SoftwareVersion');
    expect(req).toContain('Device.ManagementServer.ConnectionRequestURL');
    expect(req).toContain('Device.RootDataModelVersion');
    expect(req).toContain('Device.DNS.Client.Server.{i}.DNSServer');
    expect(req).not.toContain('Device.WiFi.SSID.{i}.SSID');
    for (const p of req) expect(m.lookup(p), p).toBeDefined();
    expect(m.forcedInformParameters()).toContain('Device.DeviceInfo.HardwareVersion');
  });

  it('profiles include their base and extended profiles', () => {
    const p = m.profile('Baseline:3');
    // Baseline:3 (deleted) has no requirements of its own: they come from Baseline:2/1 and _Baseline:3/2/1.
    expect(p?.params.get('Device.ManagementServer.URL')).toBe('readWrite');
    expect(p?.params.get('Device.RootDataModelVersion')).toBe('readOnly');
    expect(p?.params.get('Device.DeviceInfo.Manufacturer')).toBe('readOnly');
    expect(m.profile('Nope:1')).toBeUndefined();
    expect(m.profileNames().length).toBeGreaterThan(100);
  });

  it('fromJSON rejects what is not a model file', () => {
    expect(() => DataModel.fromJSON({} as never)).toThrow(/format 1/);
    expect(() => DataModel.fromJSON(null as never)).toThrow(/format 1/);
  });
});

describe('DataModel (TR-098 1.8)', async () => {
  const m = await loadDataModel('tr-098');
  it('looks up nested tables', () => {
    expect(m.root).toBe('InternetGatewayDevice');
    expect(m.lookup('InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.SSID')).toMatchObject({
      path: 'InternetGatewayDevice.LANDevice.{i}.WLANConfiguration.{i}.SSID',
      type: 'string',
      writable: true,
    });
    expect(m.requiredParameters()).toContain('InternetGatewayDevice.ManagementServer.URL');
    expect(m.lookup('InternetGatewayDevice.DeviceInfo.SpecVersion')).toMatchObject({ status: 'deprecated', forcedInform: true });
  });
});

describe('loader', () => {
  it('caches one instance per model and maps roots to models', async () => {
    const a = await loadDataModel('tr-181');
    expect(await loadDataModel('tr-181')).toBe(a);
    expect(await modelForRoot('Device')).toBe(a);
    expect((await modelForRoot('InternetGatewayDevice')).root).toBe('InternetGatewayDevice');
    expect(dataModelFile('tr-098')).toMatch(/resources[\\/]datamodels[\\/]tr-098-1-8\.json$/);
    await expect(loadDataModel('tr-999' as never)).rejects.toThrow(/unknown data model/);
  });

  it('fromJSON of the raw file is what the loader gives', async () => {
    const raw = JSON.parse(readFileSync(dataModelFile('tr-181'), 'utf8'));
    const m = DataModel.fromJSON(raw);
    expect(m.lookup('Device.WiFi.SSID.1.SSID')).toEqual((await loadDataModel('tr-181')).lookup('Device.WiFi.SSID.1.SSID'));
  });
});
