/**
 * The ACS settings form's logic, apart from React: the editable text of each field, and the patch a
 * filled-in form makes (only what changed; the password only when typed).
 */
import { ACS_SETTINGS_LIMITS, type AcsSettingsPatchInput, type AcsSettingsView } from '../../../../src-shared/api/settings';
import type { CpeAuthMode } from '../../../../src-shared/cwmp/session-settings';

export interface AcsForm {
  mode: CpeAuthMode;
  username: string;
  /** Empty = keep the stored password. */
  password: string;
  /** Set to store an empty password (the field alone cannot say that). */
  clearPassword: boolean;
  realm: string;
  holdRequests: boolean;
  sessionTimeoutSec: string;
  transferTimeoutMin: string;
  connectionRequestTimeoutSec: string;
  /** File store limits, in MiB. */
  fileMaxMiB: string;
  fileStoreMaxMiB: string;
  /** Memory for the live traffic list, in MiB. */
  trafficMemoryMiB: string;
  maxCwmpVersion: AcsSettingsView['maxCwmpVersion'];
}

export function formFromView(v: AcsSettingsView): AcsForm {
  return {
    mode: v.auth.mode,
    username: v.auth.username,
    password: '',
    clearPassword: false,
    realm: v.auth.realm,
    holdRequests: v.holdRequests,
    sessionTimeoutSec: String(v.sessionTimeoutMs / 1000),
    transferTimeoutMin: String(v.transferTimeoutMs / 60_000),
    connectionRequestTimeoutSec: String(v.connectionRequestTimeoutMs / 1000),
    fileMaxMiB: String(v.fileMaxBytes / MIB),
    fileStoreMaxMiB: String(v.fileStoreMaxBytes / MIB),
    trafficMemoryMiB: String(v.trafficMemoryBytes / MIB),
    maxCwmpVersion: v.maxCwmpVersion,
  };
}

type Limited = keyof typeof ACS_SETTINGS_LIMITS;

const MIB = 1024 * 1024;

function number(text: string, unitMs: number, key: Limited, label: string, unit: string): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) return `${label}: enter a number`;
  const ms = Math.round(n * unitMs);
  const { min, max } = ACS_SETTINGS_LIMITS[key];
  if (ms < min || ms > max) return `${label}: between ${Number((min / unitMs).toPrecision(3))} and ${max / unitMs} ${unit}`;
  return ms;
}

/** The patch for `settings/update`, or the first problem in words. An unchanged form gives `{}`. */
export function patchFromForm(v: AcsSettingsView, f: AcsForm): { patch: AcsSettingsPatchInput } | { error: string } {
  const patch: AcsSettingsPatchInput = {};
  const auth: NonNullable<AcsSettingsPatchInput['auth']> = {};
  if (f.mode !== v.auth.mode) auth.mode = f.mode;
  if (f.username !== v.auth.username) auth.username = f.username;
  if (f.clearPassword) auth.password = '';
  else if (f.password !== '') auth.password = f.password;
  if (f.realm !== v.auth.realm) {
    if (f.realm.trim() === '' || /["\r\n]/.test(f.realm)) return { error: 'Realm: not empty, no quotes' };
    auth.realm = f.realm;
  }
  if (f.mode !== 'none' && f.username === '') return { error: 'Username: needed for Basic or Digest' };
  if (Object.keys(auth).length) patch.auth = auth;
  if (f.holdRequests !== v.holdRequests) patch.holdRequests = f.holdRequests;
  if (f.maxCwmpVersion !== v.maxCwmpVersion) patch.maxCwmpVersion = f.maxCwmpVersion;
  const fields: Array<[string, number, Limited, string, string, number]> = [
    [f.sessionTimeoutSec, 1000, 'sessionTimeoutMs', 'Session timeout', 's', v.sessionTimeoutMs],
    [f.transferTimeoutMin, 60_000, 'transferTimeoutMs', 'Transfer timeout', 'min', v.transferTimeoutMs],
    [f.connectionRequestTimeoutSec, 1000, 'connectionRequestTimeoutMs', 'Connection request timeout', 's', v.connectionRequestTimeoutMs],
    [f.fileMaxMiB, MIB, 'fileMaxBytes', 'Largest file', 'MiB', v.fileMaxBytes],
    [f.fileStoreMaxMiB, MIB, 'fileStoreMaxBytes', 'File store size', 'MiB', v.fileStoreMaxBytes],
    [f.trafficMemoryMiB, MIB, 'trafficMemoryBytes', 'Traffic kept in memory', 'MiB', v.trafficMemoryBytes],
  ];
  for (const [text, unitMs, key, label, unit, current] of fields) {
    const ms = number(text, unitMs, key, label, unit);
    if (typeof ms === 'string') return { error: ms };
    if (ms !== current) (patch as Record<string, unknown>)[key] = ms;
  }
  return { patch };
}
