/**
 * Checks on a built Electron shell (`out/` as `electron-vite build` writes it): the entry files exist where
 * main expects them, and the preload can run sandboxed: a sandboxed preload gets a small `require` that
 * knows `electron` (and a few polyfills) but no packages, and it cannot be an ES module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAIN_ENTRY = join('main', 'electron.js');
export const PRELOAD_ENTRY = join('preload', 'preload.cjs');

/** Every `require(…)` call in a bundle: the literal module name, or `null` for a computed one. */
export function requireCalls(code: string): Array<string | null> {
  const out: Array<string | null> = [];
  for (const m of code.matchAll(/\brequire\s*\(\s*(?:(['"`])([^'"`]*)\1\s*\)|)/g)) out.push(m[2] ?? null);
  return out;
}

/** What is wrong with the preload bundle's code, in words (empty = fine). */
export function preloadProblems(code: string): string[] {
  const problems: string[] = [];
  for (const name of requireCalls(code)) {
    if (name !== 'electron') problems.push(name === null ? 'a computed require(…)' : `require("${name}")`);
  }
  if (/^\s*(import\s[^(]|export\s)/m.test(code)) problems.push('ES module syntax (a sandboxed preload must be CommonJS)');
  if (/\bimport\s*\(/.test(code)) problems.push('a dynamic import()');
  if (!code.includes('exposeInMainWorld')) problems.push('no contextBridge.exposeInMainWorld');
  return problems;
}

/** What is wrong with the built shell in `outDir`, in words (empty = fine). */
export function shellBundleProblems(outDir: string): string[] {
  const main = join(outDir, MAIN_ENTRY);
  const preload = join(outDir, PRELOAD_ENTRY);
  const problems: string[] = [];
  if (!existsSync(main)) problems.push(`${MAIN_ENTRY} is missing`);
  if (!existsSync(preload)) problems.push(`${PRELOAD_ENTRY} is missing`);
  if (problems.length > 0) return problems;
  const mainCode = readFileSync(main, 'utf8');
  // main.ts resolves these relative to itself; a renamed output would leave the window blank.
  for (const ref of ['../preload/preload.cjs', '../renderer/index.html']) {
    if (!mainCode.includes(ref)) problems.push(`${MAIN_ENTRY} does not refer to ${ref}`);
  }
  return [...problems, ...preloadProblems(readFileSync(preload, 'utf8')).map((p) => `${PRELOAD_ENTRY}: ${p}`)];
}
