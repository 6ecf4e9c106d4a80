/** IPC channel names shared by main and the preload. */
import type { MethodName } from '../../src-shared/api/index';

/** The one channel per API method: `api:<domain/verb>`. */
export function apiChannel(method: MethodName): string {
  return `api:${method}`;
}

/** Main → renderer: every `ApiEvent` the workbench publishes. */
export const EVENT_CHANNEL = 'api:event';

/** Desktop-only file dialogs (optional in the renderer: the browser falls back to downloads/uploads). */
export const DESKTOP_SAVE_FILE_CHANNEL = 'desktop:save-file';
export const DESKTOP_OPEN_FILE_CHANNEL = 'desktop:open-file';
