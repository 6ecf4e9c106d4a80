import { z } from 'zod';
import type { Breakpoint, PausedMessage, ProxyInfo } from '../proxy/types';

export type * from '../proxy/types';

const pem = z.string().min(1).max(1_000_000);
const profileName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (at most 64)');

/** Where the proxy listens. TLS: a certificate of the user's (PEM), or a self-signed one the workbench makes. */
export const proxyListenSchema = z
  .object({
    host: z.string().min(1).max(255).default('127.0.0.1'),
    /** 0 picks a free port. */
    port: z.number().int().min(0).max(65535),
    tls: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('self-signed') }).strict(),
        z.object({ mode: z.literal('pem'), keyPem: pem, certPem: pem }).strict(),
      ])
      .optional(),
  })
  .strict();

/** The ACS the proxy forwards to. Certificate verification is on unless switched off. */
export const proxyUpstreamSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'an http:// or https:// URL'),
    verify: z.boolean().default(true),
    /** Extra trusted CAs (PEM) for the upstream's certificate, added to the system's. */
    caPem: z.array(pem).max(100).optional(),
    /** A client certificate for upstream mutual TLS. */
    clientCert: z.object({ certPem: pem, keyPem: pem }).strict().optional(),
    /**
     * Also trust the CAs in the workbench's proxy trust store (`certs/trust-add`, store `proxy-upstream`;
     * the lab CA is there from the start). Absent means on.
     */
    trustStore: z.boolean().optional(),
  })
  .strict();

/** A certificate id in the workbench's store (`certs/list`); null clears it. */
const listenerCertId = z.string().min(1).max(100).nullable().optional();

export const proxyProfileSchema = z
  .object({
    name: profileName,
    listen: proxyListenSchema,
    upstream: proxyUpstreamSchema,
    /**
     * Serve HTTPS with this certificate (and its chain) from the workbench's store; it needs its private key
     * there. Set, it wins over `listen.tls`.
     */
    listenerCertId,
    /** Forward the CPE's Host header as is (default: the upstream's host, as a reverse proxy should). */
    preserveHost: z.boolean().default(false),
    /** Rewrite the ConnectionRequestURL in Informs to come through the workbench (changes bytes; marked in the trace). */
    rewriteConnectionRequestUrl: z.boolean().default(false),
    /** Start with the application. */
    autoStart: z.boolean().default(false),
    /** How long a message stays paused at a breakpoint before it is let go. */
    pauseTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
    /**
     * A CPE that has not sent a whole request header within this long is answered 408 and closed, as the ACS
     * does. Absent: 30 s.
     */
    headersTimeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .strict();

export type ProxyProfile = z.output<typeof proxyProfileSchema>;
export type ProxyProfileInput = z.input<typeof proxyProfileSchema>;

const breakpointSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    proxy: profileName.optional(),
    deviceId: z.string().min(1).max(512).optional(),
    rpc: z.string().min(1).max(128).optional(),
    direction: z.enum(['cpe-to-acs', 'acs-to-cpe', 'both']).default('both'),
    enabled: z.boolean().default(true),
  })
  .strict();

const pausedId = z.object({ id: z.string().min(1).max(64) }).strict();

export const proxyMethods = {
  'proxy/list': { params: z.object({}).strict() },
  'proxy/create': { params: z.object({ profile: proxyProfileSchema, start: z.boolean().optional() }).strict() },
  /** Replaces the given fields of a profile; a running proxy restarts with them. */
  'proxy/update': {
    params: z
      .object({
        name: profileName,
        changes: z
          .object({
            listen: proxyListenSchema.optional(),
            upstream: proxyUpstreamSchema.optional(),
            listenerCertId,
            preserveHost: z.boolean().optional(),
            rewriteConnectionRequestUrl: z.boolean().optional(),
            autoStart: z.boolean().optional(),
            pauseTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
          })
          .strict(),
      })
      .strict(),
  },
  'proxy/delete': { params: z.object({ name: profileName }).strict() },
  'proxy/start': { params: z.object({ name: profileName }).strict() },
  'proxy/stop': { params: z.object({ name: profileName }).strict() },
  'proxy/breakpoints-list': { params: z.object({}).strict() },
  /** Creates (no id) or replaces (with id) a breakpoint. */
  'proxy/breakpoints-set': { params: z.object({ breakpoint: breakpointSchema }).strict() },
  'proxy/breakpoints-delete': { params: z.object({ id: z.string().min(1).max(64) }).strict() },
  'proxy/paused-list': { params: z.object({}).strict() },
  /** Let a paused message go as it was. */
  'proxy/resume': { params: pausedId },
  /** Drop a paused message: the connection it came on is closed. */
  'proxy/drop': { params: pausedId },
  /** Send an edited body instead (Content-Length follows). */
  'proxy/edit': { params: z.object({ id: z.string().min(1).max(64), body: z.string().max(64 * 1024 * 1024) }).strict() },
  /**
   * Answer the sender with a CWMP fault instead of passing the message on: a paused CPE message is answered
   * to the CPE as if by the ACS; a paused ACS message is answered to the ACS as if by the CPE.
   */
  'proxy/fault': {
    params: z
      .object({
        id: z.string().min(1).max(64),
        faultCode: z.number().int().min(8000).max(9899).default(9002),
        faultString: z.string().max(1024).default('Internal error'),
      })
      .strict(),
  },
} as const;

export interface ProxyResults {
  'proxy/list': { proxies: ProxyInfo[] };
  'proxy/create': { proxy: ProxyInfo };
  'proxy/update': { proxy: ProxyInfo };
  'proxy/delete': { deleted: boolean };
  'proxy/start': { proxy: ProxyInfo };
  'proxy/stop': { proxy: ProxyInfo };
  'proxy/breakpoints-list': { breakpoints: Breakpoint[] };
  'proxy/breakpoints-set': { breakpoint: Breakpoint };
  'proxy/breakpoints-delete': { deleted: boolean };
  'proxy/paused-list': { paused: PausedMessage[] };
  'proxy/resume': { ok: boolean };
  'proxy/drop': { ok: boolean };
  'proxy/edit': { ok: boolean };
  'proxy/fault': { ok: boolean };
}
