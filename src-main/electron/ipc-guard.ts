/** Who may call the API over IPC: only our own window's top frame showing our own page. */
import type { DispatchOutcome } from '../../src-shared/api/dispatch';

/** The parts of an IPC event the check reads (Electron's `IpcMainInvokeEvent` has them). */
export interface IpcCallerFrame {
  readonly url: string;
}
export interface IpcCaller {
  readonly sender: { readonly mainFrame: IpcCallerFrame };
  readonly senderFrame: IpcCallerFrame | null;
}

/** The answer to a call from anything else (another window, a subframe, a page we navigated away to). */
export const UNTRUSTED_SENDER: DispatchOutcome = {
  ok: false,
  error: { code: 'unauthorized', message: 'Calls are accepted from the workbench window only' },
};

/**
 * True only if the call comes from `windowContents` (the main window's web contents), from its top
 * frame, and that frame shows `rendererUrl` (query and fragment ignored).
 */
export function isTrustedSender(event: IpcCaller, windowContents: unknown, rendererUrl: string): boolean {
  if (!windowContents || event.sender !== windowContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  const url = frame.url.split('#')[0].split('?')[0];
  return url === rendererUrl;
}
