#!/usr/bin/env node
// `npm start` / `npm run dev`: build when the build is missing or stale, then launch Electron; where the
// Electron binary is missing or cannot start, say so in one line and run the same services headless.
//
//   node scripts/start.mjs [--dev] [--headless] [-- <extra serve flags>]
//
// Never require('electron') here: from plain Node that triggers the binary download, which cannot work
// on machines without network access to GitHub. The binary is looked for on disk instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const own = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const extra = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const dev = own.includes('--dev');
const forceHeadless = own.includes('--headless') || process.env.CWMP_WORKBENCH_HEADLESS === '1';
/** The UI port `npm start` prefers (beside the ACS's 7547/7548), so bookmarks keep working. */
const PREFERRED_UI_PORT = 7549;

const SOURCES = ['src-main', 'src-shared', 'src-renderer', 'resources', 'electron.vite.config.ts', 'package.json'];
const OUTPUTS = ['out/main/cli.js', 'out/main/electron.js', 'out/renderer/index.html'];

function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why a build is needed, or null when `out/` is complete and newer than every source. */
function buildReason() {
  const outputs = OUTPUTS.map((p) => join(root, p));
  const missing = outputs.find((p) => !existsSync(p));
  if (missing) return `${missing.slice(root.length + 1)} is missing`;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const changed = SOURCES.find((p) => newestMtime(join(root, p)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

function build(reason) {
  process.stderr.write(`cwmp-workbench: building (${reason})…\n`);
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  // Quiet unless it fails: the bundler's size advice is not for the user starting the app.
  const options = { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 };
  const result = existsSync(bin)
    ? spawnSync(process.execPath, [bin, 'build'], options)
    : spawnSync('npx', ['electron-vite', 'build'], { ...options, shell: process.platform === 'win32' });
  if (result.status === 0) return;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `${result.error.message}\n` : ''}`);
  // A half-finished edit elsewhere should not lock the user out of a build that already works.
  if (existsSync(join(root, 'out', 'main', 'cli.js'))) {
    process.stderr.write('cwmp-workbench: the build failed (see above); running the previous build\n');
    return;
  }
  process.stderr.write('cwmp-workbench: the build failed (see above); run `npm run build` for details\n');
  process.exit(1);
}

/** The Electron executable if it is really on disk, else the reason it is not. */
function findElectron() {
  const env = process.env;
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH) ? { path: env.ELECTRON_EXEC_PATH } : { reason: `ELECTRON_EXEC_PATH ${env.ELECTRON_EXEC_PATH} does not exist` };
  }
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = join(env.ELECTRON_OVERRIDE_DIST_PATH, name || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(exe) ? { path: exe } : { reason: `no Electron executable at ${exe}` };
  }
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (!name) return { reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
  const exe = join(pkg, 'dist', name);
  return existsSync(exe) ? { path: exe } : { reason: `${exe.slice(root.length + 1)} is missing` };
}

function portFree(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => done(true)));
  });
}

/** Runs a child with our stdio; SIGTERM/SIGHUP reach it, Ctrl-C reaches it through the terminal. */
function runChild(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const onInt = () => forward('SIGINT');
  const onTerm = () => forward('SIGTERM');
  const onHup = () => forward('SIGHUP');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  const startedAt = Date.now();
  return new Promise((done) => {
    const finish = (code, signal, error) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      done({ code, signal, error, ms: Date.now() - startedAt });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('exit', (code, signal) => finish(code, signal, undefined));
  });
}

async function runHeadless(why) {
  process.stderr.write(
    why ? `Electron binary not available (${why}); running headless — open the URL below\n` : 'Running headless — open the URL below\n',
  );
  const cli = join(root, 'out', 'main', 'cli.js');
  const args = [cli, 'serve', '--sim', '1'];
  if (!extra.includes('--ui-port')) args.push('--ui-port', String((await portFree(PREFERRED_UI_PORT)) ? PREFERRED_UI_PORT : 0));
  args.push(...extra);
  const result = await runChild(process.execPath, args);
  if (result.error) {
    process.stderr.write(`cwmp-workbench: could not run headless mode: ${result.error.message}\n`);
    return 1;
  }
  return result.code ?? (result.signal === 'SIGINT' ? 130 : 143);
}

async function runElectron(exe) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const result = dev
    ? await runChild(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev'], { env: { ...env, ELECTRON_EXEC_PATH: exe } })
    : await runChild(exe, ['.', ...extra], { env });
  // A window that opened and was closed is a normal end; an exit at once with an error is a broken binary
  // (no display, missing libraries), for which headless mode is the fallback.
  const failedAtOnce = result.error || ((result.code !== 0 || result.signal) && result.ms < 5000);
  if (!failedAtOnce) return result.code ?? 0;
  const what = result.error ? result.error.message : result.code !== null ? `exit code ${result.code}` : `signal ${result.signal}`;
  return runHeadless(`${exe.slice(exe.startsWith(root) ? root.length + 1 : 0)} failed to start: ${what}`);
}

async function main() {
  const electron = forceHeadless ? {} : findElectron();
  // electron-vite dev builds by itself; every other path runs from out/.
  const reason = dev && !electron.path ? 'npm run dev rebuilds' : dev ? null : buildReason();
  if (reason) build(reason);
  if (forceHeadless) return runHeadless(null);
  return electron.path ? runElectron(electron.path) : runHeadless(electron.reason);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cwmp-workbench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
