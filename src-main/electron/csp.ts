import { CONTENT_SECURITY_POLICY } from '../server/security';

/**
 * The Content-Security-Policy main sets on every response the window loads: the same policy the headless
 * UI server sends. The renderer's index.html carries its own `<meta>` policy as well: Electron's docs say
 * header policies may not reach `file://` pages, and the meta tag also covers headless mode in a browser.
 */
export { CONTENT_SECURITY_POLICY };

export type ResponseHeaders = Record<string, string | string[]>;

/** The response's headers with our policy added (replacing a same-named header the response carried). */
export function withCsp(headers: ResponseHeaders | undefined): ResponseHeaders {
  return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}
