/** What the shell refuses, for every web contents present and future: navigation, windows, permissions. */
import { app, session, type WebContents } from 'electron';
import { withCsp } from './csp';

/** No navigation away from our page, no redirects, no new windows, no webviews. */
export function lockDownContents(contents: WebContents, rendererUrl: string): void {
  contents.on('will-navigate', (e, url) => {
    if (url !== rendererUrl) e.preventDefault();
  });
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applies the lock-down to every web contents Electron creates, denies every permission, adds the CSP. */
export function lockDown(rendererUrl: string): void {
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, rendererUrl));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
}
