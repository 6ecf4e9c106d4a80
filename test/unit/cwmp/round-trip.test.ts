import { describe, expect, it } from 'vitest';
import { buildCwmp, parseCwmp } from '../../../src-shared/cwmp';
import { RPC_SPECS } from '../../../src-shared/cwmp/rpc-specs';
import { ALL_RPC_NAMES, Gen, prng } from './generate';

const CASES_PER_RPC = 60;

describe('round trip: parseCwmp(buildCwmp(m)) equals m', () => {
  it('the generator covers every RPC the codec knows', () => {
    expect(new Set(ALL_RPC_NAMES)).toEqual(new Set([...Object.keys(RPC_SPECS), 'Fault']));
  });

  for (const name of ALL_RPC_NAMES) {
    it(`${name}: ${CASES_PER_RPC} generated messages`, () => {
      const gen = new Gen(prng(0xc0ffee ^ name.length * 7919 ^ name.charCodeAt(0)));
      for (let i = 0; i < CASES_PER_RPC; i++) {
        const m = { rpc: gen.rpc(name), header: gen.header(), namespace: gen.namespace() };
        const xml = buildCwmp(m);
        const r = parseCwmp(xml);
        if (!r.ok) throw new Error(`case ${i}: ${r.error.code} ${r.error.message}\n${xml.slice(0, 2000)}`);
        expect(r.message.rpc, `case ${i}`).toStrictEqual(m.rpc);
        expect(r.message.header, `case ${i}`).toStrictEqual(m.header);
        expect(r.message.namespace).toBe(m.namespace);
        expect(r.message.warnings, `case ${i}`).toEqual([]);
        // The same through bytes, as the ACS receives it.
        const r2 = parseCwmp(new TextEncoder().encode(xml), { contentType: 'text/xml; charset="utf-8"' });
        expect(r2.ok && r2.message.rpc).toStrictEqual(m.rpc);
      }
    });
  }
});
