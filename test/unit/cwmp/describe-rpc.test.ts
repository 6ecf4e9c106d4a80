import { describe, expect, it } from 'vitest';
import { describedLeaves, describeRpc } from '../../../src-shared/cwmp/describe-rpc';
import type { Rpc } from '../../../src-shared/cwmp/types';
import { ALL_RPC_NAMES, Gen, prng } from './generate';

/** Every leaf value of a message (not its `name`), as text, absent optional fields left out. */
function messageLeaves(rpc: Rpc): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    else out.push(String(v));
  };
  const { name: _name, ...fields } = rpc as unknown as Record<string, unknown>;
  walk(fields);
  return out;
}

const nonEmptySorted = (xs: string[]): string[] => xs.filter((x) => x !== '').sort();

describe('describeRpc: every field of every RPC, nothing invented', () => {
  for (const name of ALL_RPC_NAMES) {
    it(`${name}: the described leaves are exactly the message's`, () => {
      const gen = new Gen(prng(0xdec0de ^ (name.length * 131) ^ name.charCodeAt(1)));
      for (let i = 0; i < 25; i++) {
        const rpc = gen.rpc(name);
        expect(nonEmptySorted(describedLeaves(describeRpc(rpc))), `case ${i}`).toEqual(nonEmptySorted(messageLeaves(rpc)));
      }
    });
  }

  it('labels fields with their element names, in schema order', () => {
    const d = describeRpc({ name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.', 'Device.WiFi.'] });
    expect(d).toEqual([{ label: 'ParameterNames', value: { kind: 'list', items: ['Device.DeviceInfo.', 'Device.WiFi.'] } }]);
    const spv = describeRpc({
      name: 'SetParameterValues',
      parameterKey: 'k1',
      parameterList: [{ name: 'Device.X', value: '1', type: 'xsd:int' }],
    });
    expect(spv.map((f) => f.label)).toEqual(['ParameterList', 'ParameterKey']);
    expect(spv[0].value).toEqual({
      kind: 'table',
      columns: ['Name', 'Value', 'xsi:type'],
      rows: [[{ kind: 'text', text: 'Device.X' }, { kind: 'text', text: '1' }, { kind: 'text', text: 'xsd:int' }]],
    });
  });
});
