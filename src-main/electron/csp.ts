/**
 * The Content-Security-Policy main sets on every response the window loads. The renderer's index.html
 * carries its own `<meta>` policy as well: Electron's docs say header policies may not reach `file://`
 * pages, and the meta tag also covers headless mode in a browser. No `unsafe-eval`, scripts from our own
 * bundle only, nothing may frame the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/** The response's headers with our policy added (replacing a same-named header the response carried). */
export function withCsp(headers: ResponseHeaders | undefined): ResponseHeaders {
  return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}
