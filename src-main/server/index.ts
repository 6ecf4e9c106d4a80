export { createUiServer, type UiServer, type UiServerOptions } from './ui-server';
export { randomToken, isAllowedHost, isAllowedOrigin, contentSecurityPolicy, cookieNameFor } from './security';
