/**
 * Runner operations a built-in case can ask for with a `host` step: things done on the workbench side
 * rather than by CWMP (an ACS setting, a file in the file store, a helper listener, a look at the recorded
 * traffic). Each one that changes something registers how to put it back at the end of the case.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AcsSettingsPatch } from '../../src-shared/cwmp/session-settings';
import type { Exchange } from '../../src-shared/traffic/exchange';
import type { TestBench } from './bench';
import type { DeviceLink } from './device-link';
import type { DeviceFacts } from './facts';
import { sendConnectionRequest } from '../acs/connection-request';
import { dataModelCheck } from './helpers/datamodel-checks';
import { startRedirector } from './helpers/redirector';
import { startBadTlsListener, type BadTlsKind } from './helpers/bad-tls-listener';

/** What the runner can do on the device by other means than CWMP (the simulator offers this). */
export interface DeviceHooks {
  /** Changes a value on the device itself, as a user or the firmware would (not through the ACS). */
  setLocalValue?: (name: string, value: string) => void | Promise<void>;
}

export interface HostContext {
  bench: TestBench;
  link: DeviceLink;
  facts: DeviceFacts;
  hooks: DeviceHooks;
  /** The case's transfer tasks by CommandKey. */
  transfers: Map<string, string>;
  startedAt: number;
  onCleanup(fn: () => Promise<void>): void;
}

export interface HostResult {
  ok: boolean;
  value?: string;
  message?: string;
  verdict?: 'fail' | 'skip' | 'error';
}

export type HostOp = (ctx: HostContext, args: Record<string, unknown>) => Promise<HostResult>;

const fail = (message: string): HostResult => ({ ok: false, verdict: 'fail', message });
const ok = (value?: string): HostResult => (value === undefined ? { ok: true } : { ok: true, value });

function str(args: Record<string, unknown>, key: string): string {
  const v = args[key];
  if (typeof v !== 'string') throw new Error(`argument ${key} must be a string`);
  return v;
}

/** The case's CWMP exchanges, oldest first. */
function caseExchanges(ctx: HostContext): Exchange[] {
  return ctx.link
    .exchangeIds()
    .map((id) => ctx.bench.traffic.get(id))
    .filter((x): x is Exchange => x !== undefined && x.kind === 'cwmp');
}

function header(x: Exchange, name: string, where: 'request' | 'response'): string | undefined {
  const h = x[where]?.headers.find(([k]) => k.toLowerCase() === name);
  return h?.[1];
}

/** Named checks over the traffic of the case so far. */
const TRAFFIC_CHECKS: Record<string, (xs: Exchange[], args: Record<string, unknown>) => HostResult> = {
  /** Every request after the one that got Set-Cookie, in that session, carries the cookie back. */
  cookies(xs) {
    const bySession = new Map<string, Exchange[]>();
    for (const x of xs) if (x.sessionId) bySession.set(x.sessionId, [...(bySession.get(x.sessionId) ?? []), x]);
    let checked = 0;
    for (const [sid, list] of bySession) {
      const first = list.findIndex((x) => (header(x, 'set-cookie', 'response') ?? '').includes(`=${sid}`));
      if (first < 0) continue;
      for (const x of list.slice(first + 1)) {
        checked++;
        if (!(header(x, 'cookie', 'request') ?? '').includes(sid)) {
          return fail(`a POST in session ${sid} came without the session cookie the ACS set (Cookie: ${header(x, 'cookie', 'request') ?? 'none'})`);
        }
      }
    }
    return checked ? ok() : { ok: false, verdict: 'error', message: 'no session with more than one POST to check cookies on' };
  },
  /** The CPE ended its requests with an empty POST (HTTP body empty). */
  'empty-post'(xs) {
    const empty = xs.find((x) => x.request?.method === 'POST' && x.request.body.size === 0);
    return empty ? ok() : fail('no empty POST from the CPE in the session (it must send one when it has no more requests)');
  },
  /** Each response carries the cwmp:ID of the request it answers. */
  'id-echo'(xs) {
    let checked = 0;
    for (let i = 0; i + 1 < xs.length; i++) {
      const sent = xs[i].cwmpResponse;
      const next = xs[i + 1].cwmpRequest;
      if (!sent?.rpc || sent.rpc.endsWith('Response') || sent.id === undefined || !next?.rpc) continue;
      checked++;
      if (next.id !== sent.id) return fail(`${next.rpc} carries cwmp:ID ${next.id ?? '(none)'}, the request had ${sent.id}`);
    }
    return checked ? ok() : { ok: false, verdict: 'error', message: 'no ACS request with a cwmp:ID was answered' };
  },
  /** CPE messages (non-empty POSTs) are sent as text/xml. */
  'content-type'(xs) {
    const posts = xs.filter((x) => x.request?.method === 'POST' && x.request.body.size > 0);
    if (!posts.length) return { ok: false, verdict: 'error', message: 'no CPE message to check' };
    const bad = posts.find((x) => !/^text\/xml\b/i.test(header(x, 'content-type', 'request') ?? ''));
    return bad ? fail(`${bad.cwmpRequest?.rpc ?? 'a message'} was sent as ${header(bad, 'content-type', 'request') ?? '(no Content-Type)'}`) : ok();
  },
  /** Every non-empty POST carries a SOAPAction header (TR-069 3.4.1). */
  'soap-action'(xs) {
    const posts = xs.filter((x) => x.request?.method === 'POST' && x.request.body.size > 0);
    if (!posts.length) return { ok: false, verdict: 'error', message: 'no CPE message to check' };
    const bad = posts.find((x) => header(x, 'soapaction', 'request') === undefined);
    return bad ? fail(`${bad.cwmpRequest?.rpc ?? 'a message'} came without a SOAPAction header`) : ok();
  },
  /** The case's CWMP exchanges came over TLS. */
  tls(xs) {
    const informs = xs.filter((x) => x.cwmpRequest?.rpc === 'Inform');
    if (!informs.length) return { ok: false, verdict: 'error', message: 'no Inform to check' };
    const plain = informs.find((x) => !x.connection.tls);
    return plain ? fail('an Inform came over plain HTTP') : ok(informs[0].connection.tls?.protocol ?? '');
  },
  /** The session went through an HTTP authentication challenge and then succeeded. */
  'auth-answered'(xs, args) {
    const challenged = xs.findIndex((x) => x.response?.status === 401);
    if (challenged < 0) return { ok: false, verdict: 'error', message: 'the ACS sent no 401 challenge' };
    const after = xs.slice(challenged + 1).find((x) => x.cwmpRequest?.rpc === 'Inform' && x.response?.status === 200);
    if (!after) return fail('the CPE did not get past the 401 challenge with its credentials');
    const scheme = (header(after, 'authorization', 'request') ?? '').split(' ')[0].toLowerCase();
    if (typeof args.scheme === 'string' && scheme !== args.scheme) return fail(`the CPE answered with ${scheme || 'no'} authentication, expected ${args.scheme}`);
    return ok(scheme);
  },
  /** No CPE request (TransferComplete, ...) arrived while the ACS held them with HoldRequests. */
  'held-requests'(xs) {
    const bad = xs.find((x) => x.notes?.some((n) => n.startsWith('hold-requests-ignored')));
    return bad ? fail(`the CPE sent ${bad.cwmpRequest?.rpc ?? 'a request'} although the ACS set HoldRequests`) : ok();
  },
};

export const HOST_OPS: Record<string, HostOp> = {
  /** Changes ACS settings for the case (put back at its end). */
  async 'acs-settings'(ctx, args) {
    const patch = args.patch as AcsSettingsPatch;
    const before = ctx.bench.acs.settings.get();
    const undo: AcsSettingsPatch = {};
    for (const key of Object.keys(patch) as Array<keyof AcsSettingsPatch>) (undo as Record<string, unknown>)[key] = before[key];
    ctx.onCleanup(async () => void (await ctx.bench.acs.settings.update(undo)));
    await ctx.bench.acs.settings.update(patch);
    return ok();
  },

  /** A check of what discovery learnt against the device's declared data model. */
  async datamodel(ctx, args) {
    for (const id of ctx.facts.exchangeIds) ctx.link.note(id);
    return dataModelCheck(ctx.facts, str(args, 'check'));
  },

  /** Changes a value on the device itself (skipped where the runner has no way to). */
  async 'local-change'(ctx, args) {
    if (!ctx.hooks.setLocalValue) return { ok: false, verdict: 'skip', message: 'needs a way to change a value on the device itself (the simulator has one; a real CPE does not)' };
    const name = str(args, 'name');
    const before = ctx.facts.params.get(name)?.value;
    // Between sessions, as a user's change usually is (the simulator drops a change made while a session
    // whose Inform already reported 4 VALUE CHANGE is still open).
    await ctx.link.sessionEnded(5_000);
    await ctx.hooks.setLocalValue(name, str(args, 'value'));
    if (before !== undefined) ctx.onCleanup(async () => void (await ctx.hooks.setLocalValue?.(name, before)));
    return ok();
  },

  /** Waits for the TransferComplete of the transfer with this CommandKey and checks its fault code. */
  async 'transfer-complete'(ctx, args) {
    const key = str(args, 'commandKey');
    const taskId = ctx.transfers.get(key);
    if (!taskId) return { ok: false, verdict: 'error', message: `no transfer with CommandKey ${key} was sent in this case` };
    const task = await ctx.link.taskFinished(taskId, Number(args.timeoutMs ?? 30_000));
    if (!task) return fail(`no TransferComplete with CommandKey "${key}" within ${Math.round(Number(args.timeoutMs ?? 30_000) / 1000)} s`);
    const tc = task.transferComplete;
    if (!tc) return fail(`the transfer ended ${task.status} without a TransferComplete${task.message ? `: ${task.message}` : ''}`);
    const want = [args.faultCode ?? 0].flat().map(Number);
    if (!want.includes(tc.faultCode)) {
      return fail(`TransferComplete reported fault ${tc.faultCode}${tc.faultString ? ` (${tc.faultString})` : ''}, expected ${want.join(' or ')}`);
    }
    return ok(String(tc.faultCode));
  },

  /** Puts a file in the file store (removed at the end); the value is its download URL. */
  async 'file-put'(ctx, args) {
    const name = str(args, 'name');
    const base = ctx.bench.acs.urls().files;
    if (!base) return { ok: false, verdict: 'error', message: 'the ACS has no file store URL' };
    const content = typeof args.text === 'string' ? Buffer.from(args.text) : Buffer.alloc(Number(args.bytes ?? 1024), 0x5a);
    const path = join(ctx.bench.acs.files.dir, name);
    await writeFile(path, content);
    ctx.onCleanup(() => rm(path, { force: true }));
    return ok(`${base}${encodeURIComponent(name)}`);
  },

  /** The URL the file store serves for `name` (need not exist: a 404 check). */
  async 'file-url'(ctx, args) {
    const base = ctx.bench.acs.urls().files;
    if (!base) return { ok: false, verdict: 'error', message: 'the ACS has no file store URL' };
    const name = str(args, 'name');
    if (args.upload) {
      const path = join(ctx.bench.acs.files.dir, name);
      ctx.onCleanup(() => rm(path, { force: true }));
      return ok(`${base.replace(/files\/$/, 'upload/')}${encodeURIComponent(name)}`);
    }
    return ok(`${base}${encodeURIComponent(name)}`);
  },

  /** Checks that the file store holds `name` (an Upload arrived), at least `minBytes` long. */
  async 'file-exists'(ctx, args) {
    const name = str(args, 'name');
    const file = (await ctx.bench.acs.files.list()).find((f) => f.name === name);
    if (!file) return fail(`the file store has no ${name}: the upload did not arrive`);
    if (file.size < Number(args.minBytes ?? 1)) return fail(`${name} holds ${file.size} bytes`);
    return ok(String(file.size));
  },

  /** A named check over this case's traffic so far (`cookies`, `empty-post`, `id-echo`, ...). */
  async traffic(ctx, args) {
    const check = TRAFFIC_CHECKS[str(args, 'check')];
    if (!check) return { ok: false, verdict: 'error', message: `unknown traffic check ${String(args.check)}` };
    // The ACS completes an exchange's record when it answers: let the session end and the records settle.
    await ctx.link.sessionEnded(5_000);
    await new Promise((resolve) => setImmediate(resolve));
    let xs = caseExchanges(ctx);
    // With a few exchanges before the case's own: its first request may have gone out in the answer to
    // an exchange that began before the case did.
    const last = xs.at(-1);
    if (last && args.check === 'id-echo') xs = ctx.bench.traffic.deviceHistory(last.id, xs.length + 4).filter((x) => x.kind === 'cwmp');
    return check(xs, args);
  },

  /** No Inform (with these events, when given) for `ms`: e.g. no VALUE CHANGE for a change the ACS made. */
  async 'no-inform'(ctx, args) {
    const events = (args.events as string[] | undefined) ?? [];
    const until = Date.now() + Number(args.ms ?? 1000);
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return ok();
      const seen = await ctx.link.nextInform(left);
      if (!seen) return ok();
      const codes = seen.inform.event.map((e) => e.eventCode);
      if (events.length === 0 || events.some((e) => codes.includes(e))) return fail(`an Inform came with ${codes.join(', ')}`);
    }
  },

  /**
   * A connection request with no credentials: it must be refused with 401 (and, with `scheme: digest`, a
   * Digest challenge). The exchange is noted for the case.
   */
  async 'cr-unauthenticated'(ctx, args) {
    const device = await ctx.bench.acs.handlers['devices/get']({ deviceId: ctx.link.deviceId });
    if (!device.connectionRequestUrl) return { ok: false, verdict: 'error', message: 'the device has not reported a ConnectionRequestURL' };
    let seen: Exchange | undefined;
    const result = await sendConnectionRequest({
      url: device.connectionRequestUrl,
      credentials: null,
      timeoutMs: ctx.bench.acs.settings.get().connectionRequestTimeoutMs,
      deviceId: ctx.link.deviceId,
      record: (x) => {
        seen = x;
        ctx.bench.traffic.record(x);
      },
    });
    if (result.outcome === 'reached') return fail('the CPE accepted a connection request without credentials');
    if (result.status !== 401) return fail(`the CPE answered ${result.status ?? result.outcome} (${result.message}), expected 401`);
    const challenge = seen?.response?.headers.find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1] ?? '';
    if (args.scheme === 'digest' && !/^digest\b/i.test(challenge.trim())) return fail(`the challenge is ${JSON.stringify(challenge) || 'missing'}, not Digest`);
    return ok(challenge.split(' ')[0]);
  },

  /** An HTTP listener that answers every POST with a redirect to the ACS; the value is its URL. */
  async redirector(ctx, args) {
    // The plain-HTTP listener: a CPE follows a redirect within the scheme it started with.
    const target = ctx.bench.acs.urls().http;
    if (!target) return { ok: false, verdict: 'error', message: 'the ACS has no HTTP listener' };
    const r = await startRedirector({ status: Number(args.status ?? 302), target });
    // Closed once the device's session through it is over (a cut connection would fail the session).
    ctx.onCleanup(async () => {
      await ctx.link.sessionEnded(5_000);
      await r.close();
    });
    (ctx as HostContext & { redirector?: typeof r }).redirector = r;
    return ok(r.url);
  },

  /** Checks the redirector sent the CPE on (at least one redirected POST). */
  async 'redirected'(ctx) {
    const r = (ctx as HostContext & { redirector?: { hits: number } }).redirector;
    if (!r) return { ok: false, verdict: 'error', message: 'no redirector in this case' };
    return r.hits > 0 ? ok(String(r.hits)) : fail('the CPE never contacted the redirecting URL');
  },

  /**
   * An HTTPS listener with a deliberately bad certificate (unknown CA, expired, wrong host). A CPE that
   * refuses it (right) is let through to the real ACS on its next attempt; the value is its URL.
   */
  async 'bad-tls'(ctx, args) {
    const { https, http } = ctx.bench.acs.urls();
    if (!https || !http) return { ok: false, verdict: 'skip', message: 'the ACS has no HTTPS listener' };
    const l = await startBadTlsListener({ kind: str(args, 'kind') as BadTlsKind, store: ctx.bench.certs.store, acsHttpsUrl: https, acsHttpUrl: http });
    ctx.onCleanup(async () => {
      await ctx.link.sessionEnded(5_000);
      await l.close();
    });
    (ctx as HostContext & { badTls?: typeof l }).badTls = l;
    return ok(l.url);
  },

  /** Checks the CPE refused the bad certificate: it sent no HTTP request over that TLS connection. */
  async 'bad-tls-refused'(ctx) {
    const l = (ctx as HostContext & { badTls?: { handshakes: number; accepted: number; refused: number } }).badTls;
    if (!l) return { ok: false, verdict: 'error', message: 'no bad-certificate listener in this case' };
    if (l.accepted > 0) return fail(`the CPE accepted the bad certificate and sent ${l.accepted} request(s) over it`);
    if (l.refused === 0) return { ok: false, verdict: 'error', message: 'the CPE never tried the bad-certificate listener' };
    return ok(String(l.refused));
  },
};
