import { z } from 'zod';
import type { SettingsSnapshot } from '../settings/acs-settings-view';

export * from '../settings/acs-settings-view';

/** Bounds the API enforces on the ACS settings (the ACS's own store may accept a wider range). */
export const ACS_SETTINGS_LIMITS = {
  /** An abandoned CWMP session ends after 1 s … 1 h of silence. */
  sessionTimeoutMs: { min: 1_000, max: 3_600_000 },
  /** A firmware download plus flash and reboot can take long: 1 s … 24 h. */
  transferTimeoutMs: { min: 1_000, max: 86_400_000 },
  /** Connection requests: 1 s … 2 min (the ACS gives up sooner anyway). */
  connectionRequestTimeoutMs: { min: 1_000, max: 120_000 },
  /** Largest CPE request body: 1 KiB … 256 MiB. */
  maxBodyBytes: { min: 1_024, max: 256 * 1024 * 1024 },
  /** Largest file in the file store: 1 KiB … 1 TiB. */
  fileMaxBytes: { min: 1_024, max: 2 ** 40 },
  /** All files of the file store together: 1 KiB … 1 TiB. */
  fileStoreMaxBytes: { min: 1_024, max: 2 ** 40 },
  /** Memory for the live traffic list: 16 MiB … 64 GiB. */
  trafficMemoryBytes: { min: 16 * 1024 ** 2, max: 64 * 1024 ** 3 },
} as const;

const ms = (k: keyof typeof ACS_SETTINGS_LIMITS): z.ZodOptional<z.ZodNumber> =>
  z.number().int().min(ACS_SETTINGS_LIMITS[k].min).max(ACS_SETTINGS_LIMITS[k].max).optional();

/** A partial update of the ACS settings; `auth` may be partial too. Absent fields keep their value. */
export const acsSettingsPatchSchema = z
  .object({
    auth: z
      .object({
        mode: z.enum(['none', 'basic', 'digest']).optional(),
        username: z.string().max(256).optional(),
        /** Write-only: `settings/get` answers `passwordSet` instead. */
        password: z.string().max(256).optional(),
        realm: z
          .string()
          .min(1)
          .max(256)
          .refine((r) => !r.includes('"') && !/[\r\n]/.test(r), 'the realm must not contain quotes or line breaks')
          .optional(),
      })
      .strict()
      .optional(),
    holdRequests: z.boolean().optional(),
    sessionTimeoutMs: ms('sessionTimeoutMs'),
    transferTimeoutMs: ms('transferTimeoutMs'),
    maxCwmpVersion: z.enum(['1.0', '1.1', '1.2', '1.3', '1.4']).optional(),
    maxBodyBytes: ms('maxBodyBytes'),
    connectionRequestTimeoutMs: ms('connectionRequestTimeoutMs'),
    fileMaxBytes: ms('fileMaxBytes'),
    fileStoreMaxBytes: ms('fileStoreMaxBytes'),
    trafficMemoryBytes: ms('trafficMemoryBytes'),
  })
  .strict();

export type AcsSettingsPatchInput = z.input<typeof acsSettingsPatchSchema>;

export const settingsMethods = {
  /** The workbench's settings (today: the embedded ACS's). */
  'settings/get': { params: z.object({}).strict() },
  /** Validates, applies and persists a partial update; the next CPE session uses it. */
  'settings/update': { params: z.object({ acs: acsSettingsPatchSchema.optional() }).strict() },
} as const;

export interface SettingsResults {
  'settings/get': SettingsSnapshot;
  'settings/update': SettingsSnapshot;
}

