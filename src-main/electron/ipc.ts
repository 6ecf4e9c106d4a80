/**
 * The IPC adapter over the API contract: one `api:<method>` handler per method, each refusing foreign
 * senders (ipc-guard) and validating its parameters through `dispatch()`; workbench events go to the window.
 */
import { ipcMain, type WebContents } from 'electron';
import type { ApiHandlers } from '../../src-shared/api/client';
import { dispatch, type DispatchOutcome } from '../../src-shared/api/dispatch';
import { METHOD_NAMES } from '../../src-shared/api/index';
import type { EventHub } from '../runtime/event-hub';
import { apiChannel, EVENT_CHANNEL } from './channels';
import { isTrustedSender, UNTRUSTED_SENDER } from './ipc-guard';

/** The main window's web contents right now (none while the window is closed). */
export type WindowContents = () => WebContents | null | undefined;

export function registerApiHandlers(handlers: ApiHandlers, windowContents: WindowContents, rendererUrl: string): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(apiChannel(method), async (event, params: unknown): Promise<DispatchOutcome> => {
      if (!isTrustedSender(event, windowContents(), rendererUrl)) return UNTRUSTED_SENDER;
      return dispatch(handlers, method, params);
    });
  }
}

/** Sends every published event to the window while it exists; returns the unsubscribe. */
export function forwardEvents(hub: Pick<EventHub, 'subscribe'>, windowContents: WindowContents): () => void {
  return hub.subscribe((event) => {
    const contents = windowContents();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
}
