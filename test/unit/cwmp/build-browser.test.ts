/**
 * The build side (buildCwmp, on xmlbuilder2) must stay out of the renderer's module graph.
 * xmlbuilder2 4.0.x does not load in a browser bundle: its callback builder extends Node's
 * EventEmitter when the module is evaluated, Vite stubs `events` out for the browser, and the page
 * dies with "Class extends value undefined" (oozcitak/xmlbuilder2#216) — measured here: a blank
 * window. The `src-shared/cwmp` barrel re-exports buildCwmp, so renderer code imports the decode
 * side by module (`cwmp/decode`, `cwmp/events`, `cwmp/faults`, `cwmp/types`, …) instead.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'src-renderer/src');

/** Value imports (not `import type`), re-exports, side-effect and dynamic imports. */
const STATIC = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s*['"]([^'"]+)['"]/g;
const BARE_SIDE_EFFECT = /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(STATIC)) if (!m[1]) out.push(m[2]);
  for (const m of src.matchAll(BARE_SIDE_EFFECT)) out.push(m[1]);
  for (const m of src.matchAll(DYNAMIC)) out.push(m[1]);
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find(
    (c) => existsSync(c) && statSync(c).isFile(),
  );
}

/** Every source module reachable from the renderer's files, with the module that first imported it. */
function rendererGraph(): { reached: Map<string, string | null>; packages: Map<string, string> } {
  const reached = new Map<string, string | null>();
  const packages = new Map<string, string>();
  const todo = readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(RENDERER, f));
  for (const f of todo) reached.set(f, null);
  while (todo.length > 0) {
    const file = todo.pop() as string;
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, file);
        continue;
      }
      const target = resolveRelative(file, spec);
      if (target === undefined || reached.has(target)) continue;
      reached.set(target, file);
      todo.push(target);
    }
  }
  return { reached, packages };
}

function chain(reached: Map<string, string | null>, file: string): string {
  const out: string[] = [];
  for (let f: string | null | undefined = file; f; f = reached.get(f)) out.push(relative(ROOT, f));
  return out.join(' ← ');
}

describe('the renderer does not load the xmlbuilder2 build side', () => {
  const { reached, packages } = rendererGraph();

  it('the walk sees the renderer use the decode side (the check is not vacuous)', () => {
    expect(reached.has(join(ROOT, 'src-shared/cwmp/decode.ts'))).toBe(true);
    expect(packages.has('react')).toBe(true);
  });

  it('no renderer module reaches buildCwmp (envelope.ts) or imports xmlbuilder2', () => {
    for (const f of ['src-shared/cwmp/envelope.ts', 'src-shared/cwmp/encode-rpc.ts', 'src-shared/cwmp/index.ts']) {
      const abs = join(ROOT, f);
      expect(reached.has(abs), `${chain(reached, abs)}: import the decode side by module, not the cwmp barrel`).toBe(false);
    }
    const xb = [...packages.keys()].filter((p) => p === 'xmlbuilder2' || p.startsWith('xmlbuilder2/'));
    expect(xb.map((p) => `${p} ← ${chain(reached, packages.get(p) as string)}`)).toEqual([]);
  });
});
