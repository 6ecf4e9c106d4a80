/**
 * The shared e2e fixture: one real headless workbench (`serve --sim 2`) per worker, on free ports and a
 * throw-away data folder, and a page that has loaded the UI (waiting for the explicit `app-ready` marker).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface Workbench {
  /** The UI URL with its token. */
  url: string;
  token: string;
  uiBase: string;
  acsUrl: string;
  /** Calls the HTTP API directly (for set-up and for checking what the UI did). */
  api<T = unknown>(method: string, params?: unknown): Promise<T>;
}

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/main/cli.js');

async function startServe(): Promise<{ child: ChildProcess; wb: Workbench; dataDir: string }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx electron-vite build\` first (npm run test:e2e does)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cwmp-e2e-'));
  const child = spawn(process.execPath, [cli, 'serve', '--sim', '2', '--data', dataDir, '--acs-port', '0', '--acs-tls-port', '0', '--ui-port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const found: { ui?: string; acs?: string } = {};
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its UI URL in 20 s\n${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}\n${stderr}`)));
    lines.on('line', (line) => {
      const ui = /^UI (http:\/\/\S+)/.exec(line);
      const acs = /^ACS (http:\/\/\S+)/.exec(line);
      if (ui) found.ui = ui[1];
      if (acs) found.acs = acs[1];
      if (found.ui && found.acs) {
        clearTimeout(timer);
        resolvePromise();
      }
    });
  });
  const url = found.ui!;
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  const uiBase = `${parsed.protocol}//${parsed.host}`;
  const wb: Workbench = {
    url,
    token,
    uiBase,
    acsUrl: found.acs!,
    async api<T>(method: string, params: unknown = {}): Promise<T> {
      const res = await fetch(`${uiBase}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      });
      const body = (await res.json()) as T & { code?: string; message?: string };
      if (!res.ok) throw new Error(`${method}: ${res.status} ${body.message ?? ''}`);
      return body;
    },
  };
  return { child, wb, dataDir };
}

export const test = base.extend<{ app: Page }, { workbench: Workbench; ownServer: boolean }>({
  /**
   * A spec whose work would show up in what other specs read (a test suite run leaves faults and sessions
   * in the traffic list) sets `test.use({ ownServer: true })`: a different worker option means a worker,
   * and so a `serve`, of its own.
   */
  ownServer: [false, { scope: 'worker', option: true }],
  workbench: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { child, wb, dataDir } = await startServe();
      try {
        await use(wb);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  app: async ({ page, workbench }, use) => {
    await page.setViewportSize({ width: 1440, height: 880 });
    await page.goto(workbench.url);
    await expect(page.getByTestId('app-ready')).toBeVisible({ timeout: 20_000 });
    await use(page);
  },
});

export { expect };

/** Saves a screenshot of a main view for the README. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(root, 'docs/screenshots', `${name}.png`) });
}
