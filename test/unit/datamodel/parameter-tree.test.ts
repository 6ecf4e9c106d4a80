import { describe, expect, it } from 'vitest';
import { comparePaths, ParameterTree } from '../../../src-shared/datamodel/parameter-tree';

const names = (tree: ParameterTree): string[] => tree.nodes().map((n) => n.path);
const info = (...list: Array<[string, boolean]>) => list.map(([name, writable]) => ({ name, writable }));

function gpnTree(): ParameterTree {
  const t = new ParameterTree();
  t.mergeNames(
    info(
      ['Device.', false],
      ['Device.WiFi.', false],
      ['Device.WiFi.SSIDNumberOfEntries', false],
      ['Device.WiFi.SSID.', true],
      ['Device.WiFi.SSID.1.', true],
      ['Device.WiFi.SSID.1.SSID', true],
      ['Device.WiFi.SSID.1.Enable', true],
      ['Device.WiFi.SSID.10.', true],
      ['Device.WiFi.SSID.10.SSID', true],
      ['Device.WiFi.SSID.2.', true],
      ['Device.WiFi.SSID.2.SSID', true],
    ),
    'Device.',
    false,
    1000,
  );
  return t;
}

describe('ParameterTree', () => {
  it('GPN adds names and writability, in natural order, with ancestors as objects', () => {
    const t = gpnTree();
    expect(names(t)).toEqual([
      'Device.',
      'Device.WiFi.',
      'Device.WiFi.SSID.',
      'Device.WiFi.SSID.1.',
      'Device.WiFi.SSID.1.Enable',
      'Device.WiFi.SSID.1.SSID',
      'Device.WiFi.SSID.2.',
      'Device.WiFi.SSID.2.SSID',
      'Device.WiFi.SSID.10.',
      'Device.WiFi.SSID.10.SSID',
      'Device.WiFi.SSIDNumberOfEntries',
    ]);
    expect(t.get('Device.WiFi.SSID.1.SSID')).toEqual({ path: 'Device.WiFi.SSID.1.SSID', object: false, writable: true, readAt: 1000 });
    expect(t.get('Device.WiFi.SSID.')?.object).toBe(true);
    expect(t.children('Device.WiFi.SSID.').map((n) => n.path)).toEqual([
      'Device.WiFi.SSID.1.',
      'Device.WiFi.SSID.2.',
      'Device.WiFi.SSID.10.',
    ]);
    expect(t.children('').map((n) => n.path)).toEqual(['Device.']);
  });

  it('a full GPN of a subtree removes what vanished under it, and only there', () => {
    const t = gpnTree();
    t.mergeValues([{ name: 'Device.WiFi.SSIDNumberOfEntries', value: '3', type: 'xsd:unsignedInt' }], 1500);
    t.mergeNames(
      info(['Device.WiFi.SSID.', true], ['Device.WiFi.SSID.1.', true], ['Device.WiFi.SSID.1.SSID', true]),
      'Device.WiFi.SSID.',
      false,
      2000,
    );
    expect(t.has('Device.WiFi.SSID.2.')).toBe(false);
    expect(t.has('Device.WiFi.SSID.10.SSID')).toBe(false);
    expect(t.has('Device.WiFi.SSID.1.Enable')).toBe(false);
    expect(t.get('Device.WiFi.SSIDNumberOfEntries')?.value).toBe('3'); // outside the subtree
    expect(t.get('Device.WiFi.SSID.1.SSID')?.readAt).toBe(2000);
  });

  it('a full GPN keeps an object it did not list when it listed things under it', () => {
    const t = gpnTree();
    t.mergeNames(info(['Device.WiFi.SSID.1.SSID', true]), 'Device.WiFi.', false, 2000);
    expect(t.has('Device.WiFi.SSID.1.')).toBe(true);
    expect(t.has('Device.WiFi.SSID.1.Enable')).toBe(false);
    expect(t.has('Device.WiFi.SSIDNumberOfEntries')).toBe(false);
  });

  it('a nextLevel GPN adds children and drops direct children that vanished', () => {
    const t = gpnTree();
    t.mergeNames(info(['Device.WiFi.SSID.1.', true], ['Device.WiFi.SSID.3.', false]), 'Device.WiFi.SSID.', true, 3000);
    expect(t.children('Device.WiFi.SSID.').map((n) => n.path)).toEqual(['Device.WiFi.SSID.1.', 'Device.WiFi.SSID.3.']);
    expect(t.has('Device.WiFi.SSID.1.SSID')).toBe(true); // deeper nodes of kept children stay
    expect(t.has('Device.WiFi.SSID.2.SSID')).toBe(false);
    expect(t.get('Device.WiFi.SSID.3.')?.writable).toBe(false);
  });

  it('a GPN of a single parameter only updates it', () => {
    const t = gpnTree();
    t.mergeNames(info(['Device.WiFi.SSID.1.SSID', false]), 'Device.WiFi.SSID.1.SSID', false, 4000);
    expect(t.size).toBe(names(gpnTree()).length);
    expect(t.get('Device.WiFi.SSID.1.SSID')?.writable).toBe(false);
  });

  it('GPV merges values and types; GPA merges attributes; both keep what the other set', () => {
    const t = gpnTree();
    t.mergeValues(
      [
        { name: 'Device.WiFi.SSID.1.SSID', value: 'home', type: 'xsd:string' },
        { name: ' Device.DeviceInfo.UpTime ', value: '42', type: 'xsd:unsignedInt' },
        { name: 'Device.WiFi.SSID.1.Enable', value: '1', type: '' },
      ],
      5000,
    );
    t.mergeAttributes([{ name: 'Device.WiFi.SSID.1.SSID', notification: 2, accessList: ['Subscriber'] }], 6000);
    expect(t.get('Device.WiFi.SSID.1.SSID')).toEqual({
      path: 'Device.WiFi.SSID.1.SSID',
      object: false,
      writable: true,
      value: 'home',
      type: 'xsd:string',
      notification: 2,
      accessList: ['Subscriber'],
      readAt: 6000,
    });
    expect(t.get('Device.DeviceInfo.UpTime')?.value).toBe('42'); // trimmed, ancestors created
    expect(t.get('Device.DeviceInfo.')?.object).toBe(true);
    expect(t.get('Device.WiFi.SSID.1.Enable')?.type).toBeUndefined(); // missing xsi:type not recorded
  });

  it('AddObject, DeleteObject and an accepted SPV', () => {
    const t = gpnTree();
    const n = t.addInstance('Device.WiFi.SSID.', 4, 7000);
    expect(n).toEqual({ path: 'Device.WiFi.SSID.4.', object: true, readAt: 7000 });
    expect(t.children('Device.WiFi.SSID.').map((c) => c.path)).toContain('Device.WiFi.SSID.4.');
    expect(() => t.addInstance('Device.WiFi.SSID.', 0, 7000)).toThrow(/bad AddObject/);
    expect(t.deleteObject('Device.WiFi.SSID.1.')).toBe(true);
    expect(names(t).some((p) => p.startsWith('Device.WiFi.SSID.1.'))).toBe(false);
    expect(t.deleteObject('Device.WiFi.SSID.1.')).toBe(false);
    t.applySet([{ name: 'Device.WiFi.SSID.2.SSID', value: 'guest', type: 'xsd:string' }], 8000);
    expect(t.get('Device.WiFi.SSID.2.SSID')).toMatchObject({ value: 'guest', readAt: 8000, writable: true });
  });

  it('ignores malformed names rather than corrupting the tree', () => {
    const t = new ParameterTree();
    t.mergeValues([{ name: '', value: 'x', type: '' }, { name: '.Device', value: 'x', type: '' }, { name: 'A..B', value: 'x', type: '' }], 1);
    t.mergeValues([{ name: 'Device.Obj.', value: 'x', type: '' }], 1);
    expect(t.size).toBe(0);
  });

  it('round-trips through its serialised nodes', () => {
    const t = gpnTree();
    t.mergeValues([{ name: 'Device.WiFi.SSID.1.SSID', value: 'home', type: 'xsd:string' }], 5);
    const copy = ParameterTree.fromNodes(JSON.parse(JSON.stringify(t)));
    expect(copy.nodes()).toEqual(t.nodes());
    expect(copy.children('Device.WiFi.SSID.').length).toBe(3);
  });

  it('comparePaths orders instance numbers numerically', () => {
    const paths = ['A.10.', 'A.2.', 'A.B', 'A.1.X', 'A.1.'];
    expect(paths.sort(comparePaths)).toEqual(['A.B', 'A.1.', 'A.1.X', 'A.2.', 'A.10.']);
  });
});
