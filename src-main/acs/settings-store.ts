import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidRequestError } from '../../src-shared/errors/domain-error';
import { DEFAULT_ACS_SETTINGS, type AcsSettings, type AcsSettingsPatch } from '../../src-shared/cwmp/session-settings';
import { writeFileAtomic } from '../util/atomic-file';

const settingsSchema = z
  .object({
    auth: z
      .object({
        mode: z.enum(['none', 'basic', 'digest']),
        username: z.string().max(256),
        password: z.string().max(256),
        realm: z.string().min(1).max(256).refine((r) => !r.includes('"'), 'realm must not contain "'),
      })
      .strict(),
    holdRequests: z.boolean(),
    sessionTimeoutMs: z.number().int().min(100).max(3_600_000),
    transferTimeoutMs: z.number().int().min(100).max(7 * 86_400_000),
    maxCwmpVersion: z.enum(['1.0', '1.1', '1.2', '1.3', '1.4']),
    maxBodyBytes: z.number().int().min(1024).max(1024 * 1024 * 1024),
    connectionRequestTimeoutMs: z.number().int().min(100).max(120_000),
    fileMaxBytes: z.number().int().min(1024).max(2 ** 40),
    fileStoreMaxBytes: z.number().int().min(1024).max(2 ** 40),
    trafficMemoryBytes: z.number().int().min(1024 ** 2).max(64 * 1024 ** 3),
  })
  .strict();

/** The ACS settings, persisted as `<dataDir>/acs-settings.json` (owner-only: it holds the CPE password). */
export class SettingsStore {
  private current: AcsSettings;

  private constructor(
    private readonly file: string,
    initial: AcsSettings,
  ) {
    this.current = initial;
  }

  static async open(dataDir: string, overrides: Partial<AcsSettings> = {}): Promise<SettingsStore> {
    const file = join(dataDir, 'acs-settings.json');
    let stored: Partial<AcsSettings> = {};
    try {
      stored = JSON.parse(await readFile(file, 'utf8')) as Partial<AcsSettings>;
    } catch {
      // First start or unreadable: defaults (a bad file is replaced on the next update).
    }
    const merged = { ...DEFAULT_ACS_SETTINGS, ...overrides, ...stored, auth: { ...DEFAULT_ACS_SETTINGS.auth, ...(stored.auth ?? {}) } };
    const parsed = settingsSchema.safeParse(merged);
    return new SettingsStore(file, parsed.success ? parsed.data : { ...DEFAULT_ACS_SETTINGS, ...overrides });
  }

  get(): AcsSettings {
    return structuredClone(this.current);
  }

  /** Validates and persists a partial update; `auth` may be partial too. */
  async update(patch: AcsSettingsPatch): Promise<AcsSettings> {
    const next = { ...this.current, ...patch, auth: { ...this.current.auth, ...(patch.auth ?? {}) } };
    const parsed = settingsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidRequestError(`ACS settings: ${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`);
    }
    this.current = parsed.data;
    await this.save();
    return this.get();
  }

  async save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(this.current, null, 2)}\n`, 0o600);
  }
}
