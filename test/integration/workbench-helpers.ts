import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkbench, type WorkbenchOptions } from '../../src-main/app/workbench';

/** A workbench on loopback, every port chosen by the OS, no simulator: what integration tests start from. */
export function loopbackOptions(dataDir: string, overrides: Partial<WorkbenchOptions> = {}): WorkbenchOptions {
  return { dataDir, host: '127.0.0.1', acsPort: 0, acsTlsPort: 0, uiPort: 0, sim: 0, shell: 'headless', ...overrides };
}

/**
 * A data directory whose keys (the ACS's self-signed identity, the lab CA, the ACS certificate) are already
 * made: start and stop a workbench in it once, then copy it per test with `copyTemplate`. RSA key generation
 * would otherwise dominate every test.
 */
export async function keyedTemplate(prefix: string): Promise<string> {
  const template = mkdtempSync(join(tmpdir(), `${prefix}-template-`));
  const w = await createWorkbench(loopbackOptions(template, { record: false, serveUi: false }));
  await w.start();
  await w.stop();
  return template;
}

/** A fresh copy of a keyed template. */
export function copyTemplate(template: string, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  cpSync(template, dir, { recursive: true });
  return dir;
}
