/**
 * Seeded mutation test: byte flips, truncations, duplicated and dropped elements, and injected
 * markup over every fixture. parseCwmp must never throw, must answer with a well-formed result,
 * and its output must stay proportional to its input (no entity or structure blow-up).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCwmp, parseCwmp, type DecodeResult } from '../../../src-shared/cwmp';
import { ALL_RPC_NAMES, Gen, prng } from './generate';

const DIR = join(import.meta.dirname, '../../fixtures/cwmp');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(DIR, f))) }))
  .filter((f) => f.bytes.length > 0);
const CASES_PER_FIXTURE = 300;

const INTERESTING = [0x3c, 0x3e, 0x2f, 0x26, 0x22, 0x27, 0x3a, 0x21, 0x3f, 0x00, 0x0a, 0xff, 0xc3, 0xe2, 0x20];
const INJECT = ['<', '>', '&', '&amp', '&#xD800;', '&#0;', '<!DOCTYPE x>', '<!ENTITY a "b">', '<![CDATA[', ']]>', '<!--', '<?xml?>', '</x>', '<x>', '<a>'.repeat(80), '"', '\u0000', 'xmlns:cwmp="urn:x"'];

/** Positions of '<' in the bytes, to cut and splice at element boundaries. */
function tagStarts(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x3c) out.push(i);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A leaf element `<X>…</X>` (no child elements) starting at a '<', or undefined. */
function leafElementAt(b: Uint8Array, start: number): [number, number] | undefined {
  const text = new TextDecoder('latin1').decode(b.subarray(start, Math.min(b.length, start + 4000)));
  const m = /^<([A-Za-z][\w:.-]*)[^<>]*>[^<]*<\/\1>/.exec(text);
  return m ? [start, start + m[0].length] : undefined;
}

function mutate(g: Gen, src: Uint8Array): { kind: string; bytes: Uint8Array } {
  const tags = tagStarts(src);
  switch (g.int(7)) {
    case 0: {
      const b = src.slice();
      const n = 1 + g.int(4);
      for (let i = 0; i < n; i++) b[g.int(b.length)] = g.rnd() < 0.6 ? g.pick(INTERESTING) : g.int(256);
      return { kind: 'byte-flip', bytes: b };
    }
    case 1:
      return { kind: 'truncate', bytes: src.slice(0, g.int(src.length)) };
    case 2: {
      // duplicate a leaf element in place
      const at = leafElementAt(src, g.pick(tags));
      if (!at) return { kind: 'truncate-at-tag', bytes: src.slice(0, g.pick(tags)) };
      const el = src.subarray(at[0], at[1]);
      return { kind: 'duplicate-element', bytes: concat(src.subarray(0, at[1]), el, src.subarray(at[1])) };
    }
    case 3: {
      // drop a leaf element
      const at = leafElementAt(src, g.pick(tags));
      if (!at) return { kind: 'drop-tag', bytes: concat(src.subarray(0, g.pick(tags)), src.subarray(g.pick(tags))) };
      return { kind: 'drop-element', bytes: concat(src.subarray(0, at[0]), src.subarray(at[1])) };
    }
    case 4: {
      // drop or duplicate the span between two random tag starts (unbalances structure)
      const a = g.pick(tags);
      const b = g.pick(tags);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return g.bool()
        ? { kind: 'drop-span', bytes: concat(src.subarray(0, lo), src.subarray(hi)) }
        : { kind: 'duplicate-span', bytes: concat(src.subarray(0, hi), src.subarray(lo, hi), src.subarray(hi)) };
    }
    case 5: {
      const at = g.int(src.length);
      return { kind: 'inject', bytes: concat(src.subarray(0, at), new TextEncoder().encode(g.pick(INJECT)), src.subarray(at)) };
    }
    default: {
      // several mutations stacked
      let b = src;
      for (let i = 0; i < 3; i++) b = mutate(g, b.length > 0 ? b : src).bytes;
      return { kind: 'stacked', bytes: b };
    }
  }
}

function checkShape(r: DecodeResult, inputLength: number): void {
  if (r.ok) {
    const m = r.message;
    expect(Array.isArray(m.warnings)).toBe(true);
    for (const w of m.warnings) {
      expect(typeof w.code).toBe('string');
      expect(w.code.length).toBeGreaterThan(0);
      expect(typeof w.message).toBe('string');
    }
    expect(m.rpc === null || typeof m.rpc.name === 'string').toBe(true);
    expect(typeof m.header).toBe('object');
  } else {
    expect(typeof r.error.code).toBe('string');
    expect(r.error.message.length).toBeGreaterThan(5);
  }
  // Output proportional to input: nothing expanded.
  expect(JSON.stringify(r).length).toBeLessThan(inputLength * 20 + 20_000);
}

describe('mutation: parse never throws and stays bounded', () => {
  it(`has fixtures to mutate`, () => {
    expect(FIXTURES.length).toBeGreaterThan(10);
  });

  for (const [index, fixture] of FIXTURES.entries()) {
    it(`${fixture.name}: ${CASES_PER_FIXTURE} seeded mutations`, () => {
      const g = new Gen(prng(20260101 + index));
      const kinds = new Map<string, { ok: number; error: number }>();
      for (let i = 0; i < CASES_PER_FIXTURE; i++) {
        const { kind, bytes } = mutate(g, fixture.bytes);
        let r: DecodeResult;
        try {
          r = parseCwmp(bytes, { contentType: g.bool() ? 'text/xml; charset=utf-8' : undefined });
        } catch (err) {
          throw new Error(`case ${i} (${kind}) threw: ${String(err)}\n${new TextDecoder().decode(bytes).slice(0, 500)}`);
        }
        checkShape(r, bytes.length);
        const k = kinds.get(kind) ?? { ok: 0, error: 0 };
        if (r.ok) k.ok++;
        else k.error++;
        kinds.set(kind, k);
      }
      // Truncation must be caught as an error every time it cuts real structure.
      const t = kinds.get('truncate');
      if (t) expect(t.error).toBeGreaterThan(0);
    });
  }
});

describe('mutation over generated messages of every RPC', () => {
  it('2,000 mutated builds of random RPCs', () => {
    const g = new Gen(prng(77));
    for (let i = 0; i < 2000; i++) {
      const name = ALL_RPC_NAMES[i % ALL_RPC_NAMES.length];
      const src = new TextEncoder().encode(buildCwmp({ rpc: g.rpc(name), header: g.header(), namespace: g.namespace() }));
      const { kind, bytes } = mutate(g, src);
      let r: DecodeResult;
      try {
        r = parseCwmp(bytes);
      } catch (err) {
        throw new Error(`case ${i} (${name}, ${kind}) threw: ${String(err)}`);
      }
      checkShape(r, bytes.length);
    }
  });

  it('1,000 random byte strings', () => {
    const g = new Gen(prng(99));
    for (let i = 0; i < 1000; i++) {
      const bytes = new Uint8Array(g.int(300));
      for (let j = 0; j < bytes.length; j++) bytes[j] = g.rnd() < 0.5 ? g.pick(INTERESTING) : g.int(256);
      checkShape(parseCwmp(bytes), bytes.length);
    }
  });
});
