/** A profile as listed: keys are never sent back, only whether one is set. */
export interface ProxyInfo {
  name: string;
  listen: { host: string; port: number; tls?: { mode: 'self-signed' | 'pem'; certPem?: string } };
  upstream: { url: string; verify: boolean; caPem?: string[]; clientCert?: { certPem: string }; trustStore?: boolean };
  /** The listener presents this certificate from the workbench's store (HTTPS). */
  listenerCertId?: string;
  preserveHost: boolean;
  rewriteConnectionRequestUrl: boolean;
  autoStart: boolean;
  pauseTimeoutMs: number;
  running: boolean;
  /** The URL to give the CPE as its ACS URL, while running. */
  url?: string;
  /** The connection-request relay's base URL, when the rewrite is on and running. */
  connectionRequestUrl?: string;
  /** Why it is not running (port in use, bad certificate). */
  error?: string;
  connections: number;
}

export type InterceptDirection = 'cpe-to-acs' | 'acs-to-cpe';

/** A breakpoint: pause messages matching every field given. */
export interface Breakpoint {
  id: string;
  /** Only this proxy profile; all when absent. */
  proxy?: string;
  deviceId?: string;
  /** RPC name, e.g. `Inform`, `SetParameterValues`, `Fault`; any when absent. */
  rpc?: string;
  direction: InterceptDirection | 'both';
  enabled: boolean;
}

/** A message held at a breakpoint. */
export interface PausedMessage {
  id: string;
  proxy: string;
  exchangeId: string;
  deviceId?: string;
  direction: InterceptDirection;
  rpc: string | null;
  cwmpId?: string;
  /** The body as text (what edit starts from). */
  body: string;
  pausedAt: number;
  /** When it is let go on its own. */
  expiresAt: number;
  breakpointId: string;
}
