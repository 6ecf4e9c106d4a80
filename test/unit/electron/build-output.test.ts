/**
 * The built shell. `npm test` runs vitest before `electron-vite build`, so this file does not rely on `out/`:
 * it builds main and preload itself (electron-vite's own config resolution over electron.vite.config.ts,
 * into a temporary folder, about 1.5 s) and checks that. It also checks the real `out/` when a build newer
 * than the shell's sources is there, and skips that one test otherwise (saying why). Set
 * CWMP_REQUIRE_BUILD=1 to make a missing or stale `out/` a failure, e.g. after the build step:
 * `npm run build && CWMP_REQUIRE_BUILD=1 npx vitest run test/unit/electron/build-output.test.ts`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cspProblems } from './csp-check';
import { MAIN_ENTRY, PRELOAD_ENTRY, preloadProblems, requireCalls, shellBundleProblems } from './bundle-check';

const root = resolve(__dirname, '../../..');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Newest modification time of the files the shell bundles are made from. */
function newestSource(): number {
  let newest = statSync(join(root, 'electron.vite.config.ts')).mtimeMs;
  for (const dir of ['src-main/electron', 'src-shared/api']) {
    for (const name of readdirSync(join(root, dir))) newest = Math.max(newest, statSync(join(root, dir, name)).mtimeMs);
  }
  return newest;
}

describe('bundle checks', () => {
  it('flag package requires, computed requires, ES modules and a missing contextBridge in a preload', () => {
    const good = 'let electron = require("electron");\nelectron.contextBridge.exposeInMainWorld("x", {});\n';
    expect(preloadProblems(good)).toEqual([]);
    expect(requireCalls('require("a"); require( \'b\' ); module.require(x); requiredKeys.push(1)')).toEqual(['a', 'b', null]);
    expect(preloadProblems(`${good}const z = require("zod");`)).toEqual(['require("zod")']);
    expect(preloadProblems(`${good}const p = require("node:path");`)).toEqual(['require("node:path")']);
    expect(preloadProblems(`${good}const m = require(name);`)).toEqual(['a computed require(…)']);
    expect(preloadProblems(`import { z } from "zod";\n${good}`)).toEqual(['ES module syntax (a sandboxed preload must be CommonJS)']);
    expect(preloadProblems(`${good}import("./chunk.js");`)).toEqual(['a dynamic import()']);
    expect(preloadProblems('let electron = require("electron");')).toEqual(['no contextBridge.exposeInMainWorld']);
  });

  it('report missing entries and a main that points elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-bundle-check-'));
    temps.push(dir);
    expect(shellBundleProblems(dir)).toEqual([`${MAIN_ENTRY} is missing`, `${PRELOAD_ENTRY} is missing`]);
    mkdirSync(join(dir, 'main'));
    mkdirSync(join(dir, 'preload'));
    writeFileSync(join(dir, MAIN_ENTRY), 'const p = "../preload/index.js";');
    writeFileSync(join(dir, PRELOAD_ENTRY), 'require("electron").contextBridge.exposeInMainWorld("x", {}); require("ws");');
    expect(shellBundleProblems(dir)).toEqual([
      `${MAIN_ENTRY} does not refer to ../preload/preload.cjs`,
      `${MAIN_ENTRY} does not refer to ../renderer/index.html`,
      `${PRELOAD_ENTRY}: require("ws")`,
    ]);
  });
});

describe('built Electron shell', () => {
  it('a fresh build of main and preload from electron.vite.config.ts gives a sandbox-safe preload', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wb-electron-build-'));
    temps.push(outDir);
    const env = { NODE_ENV: process.env.NODE_ENV, NODE_ENV_ELECTRON_VITE: process.env.NODE_ENV_ELECTRON_VITE };
    try {
      const { resolveConfig } = await import('electron-vite');
      const { build } = await import('vite');
      // What `electron-vite build --outDir <dir>` does, minus the renderer (not part of the shell).
      process.env.NODE_ENV_ELECTRON_VITE = 'production';
      const resolved = await resolveConfig({ root, build: { outDir }, logLevel: 'silent' }, 'build', 'production');
      const { main, preload } = resolved.config ?? {};
      expect(main && preload, 'electron.vite.config.ts defines main and preload').toBeTruthy();
      await build(main!);
      await build(preload!);
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(shellBundleProblems(outDir)).toEqual([]);
  }, 60_000);

  it('out/ from the last `electron-vite build` has the entries and a sandbox-safe preload', ({ skip }) => {
    const outDir = join(root, 'out');
    const required = process.env.CWMP_REQUIRE_BUILD === '1';
    let built = 0;
    try {
      built = Math.min(statSync(join(outDir, MAIN_ENTRY)).mtimeMs, statSync(join(outDir, PRELOAD_ENTRY)).mtimeMs);
    } catch {
      if (!required) skip('out/ has no built shell yet (npm test builds after vitest; run `npm run build` first)');
    }
    if (built && built < newestSource() && !required) {
      skip('out/ is older than the shell sources (run `npm run build` to check the real output)');
    }
    expect(shellBundleProblems(outDir)).toEqual([]);
    // The window loads out/renderer/index.html over file://, where the <meta> policy is the one that surely applies.
    const html = readFileSync(join(outDir, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'out/renderer/index.html keeps its CSP meta tag').not.toBeNull();
    expect(cspProblems(meta![1], 'meta')).toEqual([]);
  });
});
