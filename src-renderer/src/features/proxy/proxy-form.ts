/**
 * The proxy profile form's logic, apart from React: the editable text of each field, the profile a new
 * form makes, and the changes an edited one makes (only what changed), both checked by the contract's
 * schemas so the user reads the reason before anything is sent.
 */
import { proxyMethods, proxyProfileSchema, type ProxyInfo, type ProxyProfileInput } from '../../../../src-shared/api/proxy';
import type { ProxyChanges } from '../../state/proxy';

/** How the listener speaks: plain HTTP, or HTTPS with a generated, a stored or a pasted certificate. */
export type ListenerMode = 'http' | 'https-self-signed' | 'https-store' | 'https-pem';

export interface ProxyForm {
  name: string;
  host: string;
  port: string;
  listener: ListenerMode;
  /** With `https-store`: a certificate id from the workbench's store. */
  listenerCertId: string;
  /** With `https-pem`. Editing: an empty key keeps the stored one (keys are never sent back). */
  certPem: string;
  keyPem: string;
  upstreamUrl: string;
  verify: boolean;
  trustStore: boolean;
  /** Extra CAs for the upstream's certificate, as PEM (any number). */
  caPem: string;
  /** Present a client certificate to the upstream (mutual TLS). Editing: an empty key keeps the stored one only while the upstream is unchanged. */
  clientCert: boolean;
  clientCertPem: string;
  clientKeyPem: string;
  rewriteConnectionRequestUrl: boolean;
  preserveHost: boolean;
  autoStart: boolean;
  pauseTimeoutSec: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function emptyForm(): ProxyForm {
  return {
    name: '',
    host: '127.0.0.1',
    port: '',
    listener: 'http',
    listenerCertId: '',
    certPem: '',
    keyPem: '',
    upstreamUrl: '',
    verify: true,
    trustStore: true,
    caPem: '',
    clientCert: false,
    clientCertPem: '',
    clientKeyPem: '',
    rewriteConnectionRequestUrl: false,
    preserveHost: false,
    autoStart: false,
    pauseTimeoutSec: '60',
  };
}

export function listenerModeOf(p: Pick<ProxyInfo, 'listen' | 'listenerCertId'>): ListenerMode {
  if (p.listenerCertId) return 'https-store';
  if (p.listen.tls?.mode === 'pem') return 'https-pem';
  if (p.listen.tls?.mode === 'self-signed') return 'https-self-signed';
  return 'http';
}

export function formFromInfo(p: ProxyInfo): ProxyForm {
  return {
    name: p.name,
    host: p.listen.host,
    port: String(p.listen.port),
    listener: listenerModeOf(p),
    listenerCertId: p.listenerCertId ?? '',
    certPem: p.listen.tls?.certPem ?? '',
    keyPem: '',
    upstreamUrl: p.upstream.url,
    verify: p.upstream.verify,
    trustStore: p.upstream.trustStore !== false,
    caPem: (p.upstream.caPem ?? []).join('\n'),
    clientCert: p.upstream.clientCert !== undefined,
    clientCertPem: p.upstream.clientCert?.certPem ?? '',
    clientKeyPem: '',
    rewriteConnectionRequestUrl: p.rewriteConnectionRequestUrl,
    preserveHost: p.preserveHost,
    autoStart: p.autoStart,
    pauseTimeoutSec: String(Math.round(p.pauseTimeoutMs / 100) / 10),
  };
}

const FIELD_NAMES: Record<string, string> = {
  name: 'Name',
  'listen.host': 'Listen host',
  'listen.port': 'Listen port',
  'upstream.url': 'Upstream URL',
  pauseTimeoutMs: 'Pause timeout',
  listenerCertId: 'Listener certificate',
};

/** The first schema issue in words, naming the form field it is about. */
function issueText(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  if (!first) return 'invalid profile';
  const path = first.path.filter((k) => k !== 'profile' && k !== 'changes').map(String);
  const key = path.join('.');
  const label = FIELD_NAMES[key] ?? (key || 'Profile');
  return `${label}: ${first.message}`;
}

/** The certificates in a PEM text, each as its own PEM block. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function upstreamOf(f: ProxyForm): FormResult<ProxyProfileInput['upstream']> {
  const cas = splitPem(f.caPem);
  if (f.caPem.trim() && cas.length === 0) return { ok: false, error: 'Upstream CAs: paste certificates as PEM (-----BEGIN CERTIFICATE-----)' };
  if (f.clientCert && (!f.clientCertPem.includes('-----BEGIN') || !f.clientKeyPem.includes('-----BEGIN'))) {
    return { ok: false, error: 'Upstream client certificate: paste the certificate and its private key as PEM' };
  }
  return {
    ok: true,
    value: {
      url: f.upstreamUrl.trim(),
      verify: f.verify,
      ...(f.trustStore ? {} : { trustStore: false }),
      ...(cas.length ? { caPem: cas } : {}),
      ...(f.clientCert ? { clientCert: { certPem: f.clientCertPem.trim(), keyPem: f.clientKeyPem.trim() } } : {}),
    },
  };
}

function port(text: string): FormResult<number> {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t) || Number(t) > 65535) return { ok: false, error: 'Listen port: a number from 0 to 65535 (0 picks a free port)' };
  return { ok: true, value: Number(t) };
}

function timeoutMs(text: string): FormResult<number> {
  const s = Number(text.trim());
  if (!text.trim() || !Number.isFinite(s) || s < 0.1 || s > 3600) return { ok: false, error: 'Pause timeout: between 0.1 and 3600 seconds' };
  return { ok: true, value: Math.round(s * 1000) };
}

function listenOf(f: ProxyForm, p: number): FormResult<{ listen: ProxyProfileInput['listen']; listenerCertId?: string }> {
  const base = { host: f.host.trim(), port: p };
  switch (f.listener) {
    case 'http':
      return { ok: true, value: { listen: base } };
    case 'https-self-signed':
      return { ok: true, value: { listen: { ...base, tls: { mode: 'self-signed' } } } };
    case 'https-store':
      if (!f.listenerCertId) return { ok: false, error: 'Listener certificate: pick one from the store (it needs its private key)' };
      return { ok: true, value: { listen: base, listenerCertId: f.listenerCertId } };
    case 'https-pem':
      if (!f.certPem.includes('-----BEGIN') || !f.keyPem.includes('-----BEGIN')) return { ok: false, error: 'Listener certificate: paste the certificate and its private key as PEM' };
      return { ok: true, value: { listen: { ...base, tls: { mode: 'pem', certPem: f.certPem.trim(), keyPem: f.keyPem.trim() } } } };
    default: {
      const never: never = f.listener;
      return { ok: false, error: `unknown listener mode ${String(never)}` };
    }
  }
}

/** The profile a new-profile form makes, checked by the contract's schema. */
export function profileFromForm(f: ProxyForm): FormResult<ProxyProfileInput> {
  const p = port(f.port);
  if (!p.ok) return p;
  const t = timeoutMs(f.pauseTimeoutSec);
  if (!t.ok) return t;
  const l = listenOf(f, p.value);
  if (!l.ok) return l;
  const u = upstreamOf(f);
  if (!u.ok) return u;
  const profile: ProxyProfileInput = {
    name: f.name.trim(),
    listen: l.value.listen,
    upstream: u.value,
    ...(l.value.listenerCertId ? { listenerCertId: l.value.listenerCertId } : {}),
    preserveHost: f.preserveHost,
    rewriteConnectionRequestUrl: f.rewriteConnectionRequestUrl,
    autoStart: f.autoStart,
    pauseTimeoutMs: t.value,
  };
  const parsed = proxyProfileSchema.safeParse(profile);
  if (!parsed.success) return { ok: false, error: issueText(parsed.error.issues) };
  return { ok: true, value: profile };
}

/** What an edited form changes on `before` (an empty object when nothing changed). */
export function changesFromForm(f: ProxyForm, before: ProxyInfo): FormResult<ProxyChanges> {
  const p = port(f.port);
  if (!p.ok) return p;
  const t = timeoutMs(f.pauseTimeoutSec);
  if (!t.ok) return t;
  const was = formFromInfo(before);
  const changes: ProxyChanges = {};

  const listenChanged = f.host.trim() !== was.host || p.value !== before.listen.port || f.listener !== was.listener;
  if (f.listener === 'https-pem' && !f.keyPem.trim()) {
    // Keys are never sent back: an unchanged PEM listener is left alone, anything else needs the key again.
    if (listenChanged || f.certPem.trim() !== was.certPem.trim()) return { ok: false, error: 'Listener certificate: paste the private key again to change a PEM listener' };
  } else if (f.listener === 'https-store') {
    if (!f.listenerCertId) return { ok: false, error: 'Listener certificate: pick one from the store (it needs its private key)' };
    if (listenChanged) changes.listen = { host: f.host.trim(), port: p.value };
    if (f.listenerCertId !== was.listenerCertId) changes.listenerCertId = f.listenerCertId;
  } else if (listenChanged || (f.listener === 'https-pem' && f.keyPem.trim())) {
    const l = listenOf(f, p.value);
    if (!l.ok) return l;
    changes.listen = l.value.listen;
    if (before.listenerCertId) changes.listenerCertId = null;
  }

  const upstreamChanged =
    f.upstreamUrl.trim() !== before.upstream.url ||
    f.verify !== was.verify ||
    f.trustStore !== was.trustStore ||
    splitPem(f.caPem).join('\n') !== (before.upstream.caPem ?? []).join('\n') ||
    f.clientCert !== was.clientCert ||
    (f.clientCert && (f.clientCertPem.trim() !== was.clientCertPem.trim() || f.clientKeyPem.trim() !== ''));
  if (upstreamChanged) {
    // The upstream is replaced whole, and keys are never sent back: a kept client certificate needs its key again.
    if (f.clientCert && !f.clientKeyPem.trim()) {
      return { ok: false, error: 'Upstream client certificate: paste its private key again to change the upstream (keys are never sent back)' };
    }
    const u = upstreamOf(f);
    if (!u.ok) return u;
    changes.upstream = u.value;
  }
  if (f.rewriteConnectionRequestUrl !== before.rewriteConnectionRequestUrl) changes.rewriteConnectionRequestUrl = f.rewriteConnectionRequestUrl;
  if (f.preserveHost !== before.preserveHost) changes.preserveHost = f.preserveHost;
  if (f.autoStart !== before.autoStart) changes.autoStart = f.autoStart;
  if (t.value !== before.pauseTimeoutMs) changes.pauseTimeoutMs = t.value;

  const parsed = proxyMethods['proxy/update'].params.safeParse({ name: before.name, changes });
  if (!parsed.success) return { ok: false, error: issueText(parsed.error.issues) };
  return { ok: true, value: changes };
}
