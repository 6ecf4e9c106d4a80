import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveDataModel, serialiseDataModel } from '../../../src-main/datamodel/derive';
import type { DataModelJson, ParameterDefJson } from '../../../src-shared/datamodel/schema';
import { deriveAll, OUTPUT_DIR } from '../../../scripts/derive-datamodels';
import { objectAttrs, xmlObjects, xmlParams } from './xml-facts';

const SOURCE_DIR = path.resolve(__dirname, '../../../../shared/data-models');
const haveSources = existsSync(path.join(SOURCE_DIR, 'tr-181-2-17-0-cwmp-full.xml'));
if (!haveSources) console.warn(`skipping derivation-vs-XML tests: ${SOURCE_DIR} is absent`);

const committed = (name: string): DataModelJson =>
  JSON.parse(readFileSync(path.join(OUTPUT_DIR, name), 'utf8')) as DataModelJson;

/** A tiny seeded PRNG (mulberry32), so sampled checks are reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES_XML = `<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY octet "(25[0-5]|[01]?[0-9]?[0-9])"> ]>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14" spec="urn:test-types">
  <dataType name="IPAddress"><string><size maxLength="45"/></string></dataType>
  <dataType name="IPv4Address" base="IPAddress"><size maxLength="15"/><pattern value=""/><pattern value="(&octet;\\.){3}&octet;"/></dataType>
  <dataType name="Counter"><unsignedLong/></dataType>
</dm:document>`;

const MODEL_XML = `<?xml version="1.0"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14" spec="urn:test-model">
  <dataType name="Counter"><unsignedInt><range maxInclusive="100"/></unsignedInt></dataType>
  <model name="Device:2.3">
    <object name="Device." access="readOnly" minEntries="1" maxEntries="1" version="2.0">
      <parameter name="Addr" access="readWrite"><description>x &lt; y</description>
        <syntax><dataType ref="IPv4Address"/><default type="object" value="0.0.0.0"/></syntax></parameter>
      <parameter name="Hits" access="readOnly" version="2.2"><syntax><dataType ref="Counter"><units value="hits"/></dataType></syntax></parameter>
      <parameter name="Mode " access="writeOnceReadOnly"><syntax><list maxItems="3"><size maxLength="20"/></list>
        <string><enumeration value="A" access="readOnly"/><enumeration value="B"/><enumeration value="C" status="deleted"/></string></syntax></parameter>
      <parameter name="Big" access="readOnly" status="deprecated"><syntax><unsignedLong><range minInclusive="1" maxInclusive="18446744073709551615"/></unsignedLong></syntax></parameter>
    </object>
    <object name="Device.Thing.{i}." access="readWrite" minEntries="0" maxEntries="unbounded" version="2.1">
      <parameter name="Level" access="readWrite"><syntax><dataType base="Counter"><range minInclusive="1" maxInclusive="10" step="3"/></dataType></syntax></parameter>
    </object>
    <profile name="Base:1" version="2.0"><object ref="Device." requirement="present"><parameter ref="Addr" requirement="readOnly"/></object></profile>
    <profile name="More:1" base="Base:1" extends="Other:1"><object ref="Device.Thing.{i}." requirement="createDelete"/></profile>
  </model>
</dm:document>`;

describe('deriveDataModel on a synthetic document', () => {
  const m = deriveDataModel({ modelXml: MODEL_XML, typesXml: TYPES_XML, source: 'test.xml' });
  const dev = m.objects['Device.'];

  it('records the model, root and spec', () => {
    expect([m.model, m.root, m.spec, m.source]).toEqual(['Device:2.3', 'Device', 'urn:test-model', 'test.xml']);
  });

  it('resolves a named type through tr-106-types, with base facets replaced by the derived ones', () => {
    expect(dev.params.Addr).toEqual({
      type: 'string',
      dataType: 'IPv4Address',
      writable: true,
      size: [{ max: 15 }],
      pattern: ['', '((25[0-5]|[01]?[0-9]?[0-9])\\.){3}(25[0-5]|[01]?[0-9]?[0-9])'],
      default: '0.0.0.0',
      defaultType: 'object',
      version: '2.0',
    });
  });

  it("prefers the model's own data type definition and keeps facets given at the reference", () => {
    expect(dev.params.Hits).toMatchObject({ type: 'unsignedInt', dataType: 'Counter', range: [{ max: 100 }], units: 'hits' });
    expect(dev.params.Hits.version).toBe('2.2');
    expect(dev.params.Hits.writable).toBeUndefined();
  });

  it('derives an anonymous type from its base and inherits the object version', () => {
    expect(m.objects['Device.Thing.{i}.'].params.Level).toMatchObject({
      type: 'unsignedInt',
      range: [{ min: 1, max: 10, step: 3 }],
      writable: true,
      version: '2.1',
    });
  });

  it('keeps lists, live enumerations, read-only enum values, writeOnce; trims names', () => {
    const mode = dev.params.Mode as ParameterDefJson;
    expect(mode).toMatchObject({ list: { maxItems: 3, size: [{ max: 20 }] }, enum: ['A', 'B'], enumReadOnly: ['A'] });
    expect(mode.writable && mode.writeOnce).toBe(true);
  });

  it('keeps 64-bit bounds exact and status', () => {
    expect(dev.params.Big.range).toEqual([{ min: 1, max: '18446744073709551615' }]);
    expect(dev.params.Big.status).toBe('deprecated');
  });

  it('records entries, access and profiles', () => {
    expect(m.objects['Device.Thing.{i}.']).toMatchObject({ writable: true, minEntries: 0, maxEntries: null });
    expect(dev.minEntries).toBeUndefined();
    expect(m.profiles['More:1']).toEqual({
      includes: ['Base:1', 'Other:1'],
      objects: { 'Device.Thing.{i}.': 'createDelete' },
      params: {},
    });
    expect(m.profiles['Base:1'].params).toEqual({ 'Device.Addr': 'readOnly' });
  });

  it('carries no description text', () => {
    expect(serialiseDataModel(m)).not.toContain('x < y');
  });

  it('rejects what is not a BBF document, and unknown types', () => {
    expect(() => deriveDataModel({ modelXml: '<a/>', typesXml: TYPES_XML, source: 'x' })).toThrow(/dm:document/);
    const bad = MODEL_XML.replace('ref="IPv4Address"', 'ref="Nope"');
    expect(() => deriveDataModel({ modelXml: bad, typesXml: TYPES_XML, source: 'x' })).toThrow(/unknown data type Nope/);
  });

  it('serialises deterministically, one object per line, as valid JSON', () => {
    const a = serialiseDataModel(m);
    expect(serialiseDataModel(deriveDataModel({ modelXml: MODEL_XML, typesXml: TYPES_XML, source: 'test.xml' }))).toBe(a);
    expect(JSON.parse(a)).toEqual(m);
    expect(a.split('\n').filter((l) => l.startsWith('"Device.')).length).toBe(2);
  });
});

describe.skipIf(!haveSources)('the committed JSON against the BBF XML', () => {
  const cases = [
    { json: 'tr-181-2-17.json', xml: 'tr-181-2-17-0-cwmp-full.xml' },
    { json: 'tr-098-1-8.json', xml: 'tr-098-1-8-0-full.xml' },
  ];

  it('re-running the derivation reproduces the committed files byte for byte', async () => {
    const files = await deriveAll(SOURCE_DIR);
    expect([...files.keys()].sort()).toEqual(['LICENSE-BBF.txt', 'tr-098-1-8.json', 'tr-181-2-17.json']);
    for (const [name, text] of files) {
      expect(text === readFileSync(path.join(OUTPUT_DIR, name), 'utf8'), `${name} is stale: run npm run datamodels`).toBe(true);
    }
  });

  it('the licence file carries each source header and its BSD clauses', () => {
    const lic = readFileSync(path.join(OUTPUT_DIR, 'LICENSE-BBF.txt'), 'utf8');
    for (const f of ['tr-181-2-17-0-cwmp-full.xml', 'tr-098-1-8-0-full.xml', 'tr-106-types.xml']) {
      expect(lic).toContain(`${f}:`);
    }
    expect(lic.match(/Neither the name of the copyright holder/g)?.length).toBe(3);
    expect(lic).toContain('Copyright (c) 2010-2023, Broadband Forum');
  });

  // A skipped describe still runs its body to collect tests: read the sources only when they exist.
  for (const { json, xml } of haveSources ? cases : []) {
    describe(json, () => {
      const model = committed(json);
      const text = readFileSync(path.join(SOURCE_DIR, xml), 'utf8');
      const objects = xmlObjects(text);

      it('has every object and every parameter of the XML, and nothing else', () => {
        expect(Object.keys(model.objects).sort()).toEqual([...objects.keys()].sort());
        for (const [name, objText] of objects) {
          expect(Object.keys(model.objects[name].params).sort(), name).toEqual([...xmlParams(objText).keys()].sort());
        }
      });

      it('object access and entry counts match', () => {
        for (const [name, objText] of objects) {
          const a = objectAttrs(objText);
          const o = model.objects[name];
          expect(!!o.writable, name).toBe(a.access === 'readWrite');
          expect(o.minEntries ?? 1, name).toBe(Number(a.minEntries ?? 1));
          expect(o.maxEntries === null ? 'unbounded' : String(o.maxEntries ?? 1), name).toBe(a.maxEntries ?? '1');
        }
      });

      it('a seeded sample of 400 parameters: access, type, list, ranges, sizes, enumerations, patterns, default', () => {
        const all = [...objects].flatMap(([o, t]) => [...xmlParams(t)].map(([n, f]) => ({ o, n, f })));
        const rand = rng(181);
        let checked = 0;
        for (let k = 0; k < 400; k++) {
          const { o, n, f } = all[Math.floor(rand() * all.length)];
          const p = model.objects[o].params[n];
          const where = `${o}${n}`;
          expect(!!p.writable, where).toBe(f.access !== 'readOnly');
          expect(!!p.list, where).toBe(f.list);
          if (f.defaultValue !== undefined) expect(p.default, where).toBe(f.defaultValue);
          if (!f.baseType) {
            expect(p.dataType, where).toBe(f.dataTypeRef);
            continue; // facets come through the named type: checked separately below
          }
          checked++;
          expect(p.type, where).toBe(f.baseType);
          expect((p.range ?? []).map((r) => ({ min: r.min?.toString(), max: r.max?.toString() })), where).toEqual(
            f.ranges.map((r) => ({ min: r.min, max: r.max })),
          );
          expect((p.size ?? []).map((s) => ({ min: s.min?.toString(), max: s.max?.toString() })), where).toEqual(
            f.sizes.map((s) => ({ min: s.min, max: s.max })).filter((s) => s.min !== undefined || s.max !== undefined),
          );
          expect(p.enum ?? [], where).toEqual(f.enums);
          expect(p.pattern ?? [], where).toEqual(f.patterns);
        }
        expect(checked).toBeGreaterThan(200);
      });
    });
  }

  it('every named data type resolves to the base type its XML definition chain ends in', () => {
    const xml = readFileSync(path.join(SOURCE_DIR, 'tr-181-2-17-0-cwmp-full.xml'), 'utf8');
    const defs = new Map<string, string>();
    for (const m of xml.matchAll(/<dataType\s+name="([^"]+)"([^>]*?)(\/?)>([\s\S]*?)(?=<dataType\s+name=|<model)/g)) {
      defs.set(m[1], m[2] + m[4]);
    }
    const baseOf = (name: string): string => {
      const d = defs.get(name) as string;
      const own = /<(string|boolean|int|unsignedInt|long|unsignedLong|dateTime|base64|hexBinary|decimal)[\s/>]/.exec(d);
      return own ? own[1] : baseOf(/base="([^"]+)"/.exec(d)?.[1] as string);
    };
    const m = committed('tr-181-2-17.json');
    let n = 0;
    for (const [o, obj] of Object.entries(m.objects)) {
      for (const [name, p] of Object.entries(obj.params)) {
        if (!p.dataType) continue;
        n++;
        expect(p.type, o + name).toBe(baseOf(p.dataType));
      }
    }
    expect(n).toBeGreaterThan(900);
    expect(defs.size).toBeGreaterThan(40);
  });

  it('known TR-181 facts', () => {
    const m = committed('tr-181-2-17.json');
    const vlan = m.objects['Device.Ethernet.VLANTermination.{i}.'].params.VLANID;
    expect(vlan).toMatchObject({ type: 'unsignedInt', writable: true, range: [{ min: 1, max: 4094 }] });
    const ssid = m.objects['Device.WiFi.SSID.{i}.'];
    expect(ssid).toMatchObject({ writable: true, minEntries: 0, maxEntries: null });
    expect(ssid.params.SSID).toMatchObject({ type: 'string', writable: true, size: [{ max: 32 }] });
    expect(ssid.params.MACAddress).toMatchObject({ type: 'string', dataType: 'MACAddress', size: [{ max: 17 }] });
    expect(ssid.params.MACAddress.pattern).toContain('([0-9A-Fa-f][0-9A-Fa-f]:){5}([0-9A-Fa-f][0-9A-Fa-f])');
    expect(ssid.params.Status.enum).toEqual(['Up', 'Down', 'Unknown', 'Dormant', 'NotPresent', 'LowerLayerDown', 'Error']);
    expect(ssid.params.Stats).toBeUndefined();
    expect(m.objects['Device.WiFi.SSID.{i}.Stats.'].params.BytesSent).toMatchObject({ type: 'unsignedLong' });
    expect(m.objects['Device.Cellular.Interface.{i}.Stats.'].params.BytesSent).toMatchObject({
      type: 'unsignedLong',
      dataType: 'StatsCounter64',
    });
    expect(m.objects['Device.'].params.RootDataModelVersion).toMatchObject({ version: '2.4', forcedInform: true });
    expect(m.objects['Device.DeviceInfo.'].params.ManufacturerOUI).toMatchObject({ size: [{ min: 6, max: 6 }], pattern: ['[0-9A-F]{6}'] });
    expect(m.objects['Device.ManagementServer.'].params.Password).toMatchObject({ hidden: true });
  });

  it('known TR-098 facts', () => {
    const m = committed('tr-098-1-8.json');
    expect(m.root).toBe('InternetGatewayDevice');
    const info = m.objects['InternetGatewayDevice.ManagementServer.'].params;
    expect(info.PeriodicInformInterval).toMatchObject({ type: 'unsignedInt', writable: true, range: [{ min: 1 }] });
    const wlan = m.objects['InternetGatewayDevice.LANDevice.{i}.WLANConfiguration.{i}.'];
    expect(wlan.params.SSID).toMatchObject({ type: 'string', writable: true, size: [{ max: 32 }] });
    expect(wlan.params.BeaconType.enum).toEqual(expect.arrayContaining(['None', 'Basic', 'WPA', '11i']));
  });

  it('sizes stay compact', () => {
    for (const { json } of cases) {
      const size = readFileSync(path.join(OUTPUT_DIR, json)).length;
      expect(size).toBeLessThan(3_000_000);
    }
  });
});
