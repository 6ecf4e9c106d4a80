import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { buildUdpConnectionRequest } from '../stun/udp-connection-request';
import type { ConnectionRequestResult } from './connection-request';
import { EMPTY_BODY, newExchangeId } from './recording';

/** Copies of each UDP connection request: UDP may drop one, and a CPE ignores the copies it already acted on. */
const COPIES = 3;
const COPY_GAP_MS = 50;

/** `host:port` (IPv4 or a name) or `[v6]:port`, as UDPConnectionRequestAddress holds it; undefined when unreadable. */
export function parseUdpAddress(value: string | undefined): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value ?? '') ?? /^([^:\s]+):(\d{1,5})$/.exec(value ?? '');
  const port = m ? Number(m[2]) : 0;
  return m && port > 0 && port < 65_536 ? { host: m[1], port } : undefined;
}

/**
 * Sends a TR-111 UDP connection request (signed with the device's connection-request credentials) in
 * a few copies, and waits for the session it should start: UDP carries no answer, so `reached` means
 * the CPE informed after it. Recorded as a `connection-request` exchange noted `udp`.
 */
export async function sendUdpConnectionRequest(o: {
  target: { host: string; port: number; via: string };
  credentials: { username: string; password: string } | null;
  deviceId: string;
  timeoutMs: number;
  record: (exchange: Exchange) => void;
  /** True once the device has opened a session since `since` (ms). */
  sessionSince: (since: number) => boolean;
}): Promise<ConnectionRequestResult> {
  const { text, fields } = buildUdpConnectionRequest(o.target, o.credentials ?? { username: '', password: '' });
  const requestUri = text.slice(4, text.indexOf(' HTTP/1.1'));
  const socket = createSocket(isIPv6(o.target.host) ? 'udp6' : 'udp4');
  const started = Date.now();
  const exchange: Exchange = {
    id: newExchangeId(),
    kind: 'connection-request',
    source: 'acs',
    startedAt: started,
    connection: { id: '', remoteAddress: o.target.host, remotePort: o.target.port, localAddress: '', localPort: 0 },
    deviceId: o.deviceId,
    request: { method: 'GET', url: requestUri, httpVersion: '1.1', headers: [['Host', `${o.target.host}:${o.target.port}`]], body: EMPTY_BODY },
    notes: ['udp', `udp-target:${o.target.via}`, `udp-id:${fields.id}`],
  };
  o.record(exchange);
  const finish = (result: ConnectionRequestResult): ConnectionRequestResult => {
    o.record({ ...exchange, finishedAt: Date.now(), ...(result.outcome === 'reached' ? {} : { error: result.message }) });
    return result;
  };
  try {
    const bytes = Buffer.from(text, 'latin1');
    socket.on('error', () => undefined); // an ICMP "port unreachable" later: the wait below says what happened
    for (let i = 0; i < COPIES; i++) {
      await new Promise<void>((resolve, reject) => socket.send(bytes, o.target.port, o.target.host, (err) => (err ? reject(err) : resolve())));
      exchange.connection = { ...exchange.connection, localAddress: socket.address().address, localPort: socket.address().port };
      if (i < COPIES - 1) await new Promise((r) => setTimeout(r, COPY_GAP_MS));
    }
  } catch (err) {
    socket.close();
    return finish({ outcome: 'error', message: `Could not send the UDP connection request to ${o.target.host}:${o.target.port}: ${err instanceof Error ? err.message : String(err)}` });
  }
  socket.close();
  const until = started + o.timeoutMs;
  while (Date.now() < until) {
    if (o.sessionSince(started)) return finish({ outcome: 'reached', message: `The CPE opened a session after the UDP connection request to ${o.target.host}:${o.target.port} (${o.target.via})` });
    await new Promise((r) => setTimeout(r, 20));
  }
  return finish({ outcome: 'timed-out', message: `No session within ${o.timeoutMs} ms of the UDP connection request to ${o.target.host}:${o.target.port} (${o.target.via}); UDP carries no answer, so the CPE may have ignored it (credentials, replay) or never got it` });
}
