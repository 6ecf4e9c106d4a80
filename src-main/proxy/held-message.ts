/**
 * A message the proxy holds whole before passing it on: decoded inline, its ConnectionRequestURL rewritten
 * when the profile says so, and paused when a breakpoint matches, until the user (or the timeout) decides.
 */
import type { Exchange, HttpHeaders } from '../../src-shared/traffic/exchange';
import type { InterceptDirection, ProxyProfile } from '../../src-shared/api/proxy';
import type { InterceptDecision, Interceptor } from './intercept';
import type { BodyRecorder } from './body-recorder';
import type { ConnectionRequestRelay } from './cr-relay';
import { headerValue } from './headers';
import { recordMessage, type RecordedMessage } from './record';
import { findConnectionRequestUrl, replaceConnectionRequestUrl } from './cwmp-edit';

/** What holding needs from the proxy listener. */
export interface HoldContext {
  profile: ProxyProfile;
  interceptor: Interceptor;
  relay?: ConnectionRequestRelay;
}

/** A CPE message held whole: rewritten if asked, and paused if a breakpoint matches. */
export async function prepareRequest(
  o: HoldContext,
  conn: { deviceId?: string },
  x: Exchange,
  copy: BodyRecorder,
  headers: HttpHeaders,
  notes: string[],
  onHeld: (id: string | undefined) => void,
): Promise<{ recorded: RecordedMessage; body: Buffer; decision: InterceptDecision; deviceId?: string }> {
  let body = copy.bytes();
  const recorded = recordMessage(body, copy.size, copy.truncated, headers);
  const deviceId = recorded.deviceId ?? conn.deviceId;
  if (o.profile.rewriteConnectionRequestUrl && o.relay && recorded.summary?.rpc === 'Inform' && !copy.truncated) {
    if (headerValue(headers, 'content-encoding')) {
      notes.push('connection-request-url-not-rewritten:compressed-body');
    } else {
      const text = body.toString('utf8');
      const original = findConnectionRequestUrl(text);
      if (original) {
        const relayed = o.relay.relayUrlFor(original, deviceId);
        body = Buffer.from(replaceConnectionRequestUrl(text, relayed), 'utf8');
        notes.push('rewritten-connection-request-url');
      }
    }
  }
  const rpc = recorded.summary?.rpc ?? null;
  const bp = o.interceptor.match(o.profile.name, 'cpe-to-acs', deviceId, rpc);
  if (!bp) return { recorded, body, decision: { action: 'resume' }, deviceId: recorded.deviceId };
  notes.push('intercepted');
  const decision = await hold(o, x, 'cpe-to-acs', deviceId, rpc, recorded, body.toString('utf8'), bp.id, onHeld);
  return { recorded, body, decision, deviceId: recorded.deviceId };
}

/** An ACS message held whole: paused if a breakpoint matches (only answers under 300 carry an RPC). */
export async function pauseResponse(
  o: HoldContext,
  conn: { deviceId?: string },
  x: Exchange,
  statusCode: number,
  copy: BodyRecorder,
  headers: HttpHeaders,
  onHeld: (id: string | undefined) => void,
): Promise<{ recorded: RecordedMessage; decision: InterceptDecision }> {
  const recorded = recordMessage(copy.bytes(), copy.size, copy.truncated, headers);
  const rpc = statusCode < 300 ? (recorded.summary?.rpc ?? null) : null;
  const bp = statusCode < 300 ? o.interceptor.match(o.profile.name, 'acs-to-cpe', conn.deviceId, rpc) : undefined;
  if (!bp) return { recorded, decision: { action: 'resume' } };
  const decision = await hold(o, x, 'acs-to-cpe', conn.deviceId, rpc, recorded, copy.bytes().toString('utf8'), bp.id, onHeld);
  return { recorded, decision };
}

function hold(
  o: HoldContext,
  x: Exchange,
  direction: InterceptDirection,
  deviceId: string | undefined,
  rpc: string | null,
  recorded: RecordedMessage,
  body: string,
  breakpointId: string,
  onHeld: (id: string | undefined) => void,
): Promise<InterceptDecision> {
  const { id, decision } = o.interceptor.pause(
    { proxy: o.profile.name, exchangeId: x.id, deviceId, direction, rpc, cwmpId: recorded.summary?.id, body, breakpointId },
    o.profile.pauseTimeoutMs,
  );
  onHeld(id);
  return decision;
}
