import type { ApiHandlers } from '../../src-shared/api/client';
import { toAcsSettingsView, type SettingsSnapshot } from '../../src-shared/api/settings';
import { DEFAULT_ACS_SETTINGS, type AcsSettings, type AcsSettingsPatch } from '../../src-shared/cwmp/session-settings';

export type SettingsHandlerName = 'settings/get' | 'settings/update';

export interface SettingsHandlerDeps {
  /** The ACS's settings (`AcsService.settings`). */
  acs: { get(): AcsSettings; update(patch: AcsSettingsPatch): Promise<AcsSettings> };
  /** Told after every applied update (the composition root publishes `settings/changed`). */
  onChange?: (snapshot: SettingsSnapshot) => void;
}

/** `settings/get` and `settings/update` over the ACS's settings store; the CPE password is never returned. */
export function createSettingsHandlers(deps: SettingsHandlerDeps): Pick<ApiHandlers, SettingsHandlerName> {
  const snapshot = (acs: AcsSettings): SettingsSnapshot => ({ acs: toAcsSettingsView(acs), acsDefaults: toAcsSettingsView(DEFAULT_ACS_SETTINGS) });
  return {
    'settings/get': () => snapshot(deps.acs.get()),
    'settings/update': async ({ acs }) => {
      if (!acs || Object.keys(acs).length === 0) return snapshot(deps.acs.get());
      const next = snapshot(await deps.acs.update(withoutUndefined(acs) as AcsSettingsPatch));
      deps.onChange?.(next);
      return next;
    },
  };
}

/** An in-process caller may pass `{ password: undefined }`; that means "unchanged", not "clear it". */
function withoutUndefined<T extends object>(patch: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? withoutUndefined(v as object) : v;
  }
  return out as T;
}
