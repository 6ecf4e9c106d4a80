import type { AcsSettings } from '../cwmp/session-settings';

/**
 * The ACS settings as the API shows them: everything but the CPE password, which never leaves the main
 * process in clear; `passwordSet` says whether one is stored.
 */
export interface AcsSettingsView extends Omit<AcsSettings, 'auth'> {
  auth: Omit<AcsSettings['auth'], 'password'> & { passwordSet: boolean };
}

export interface SettingsSnapshot {
  acs: AcsSettingsView;
  /** The defaults, for a "reset" in the UI. */
  acsDefaults: AcsSettingsView;
}

/** The API view of stored ACS settings: the password replaced by whether one is set. */
export function toAcsSettingsView(s: AcsSettings): AcsSettingsView {
  const { password, ...auth } = s.auth;
  return { ...s, auth: { ...auth, passwordSet: password.length > 0 } };
}
