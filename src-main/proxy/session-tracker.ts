import type { ConnectionInfo, Exchange } from '../../src-shared/traffic/exchange';

/** What the tracker reads and sets on a CPE connection. */
export interface SessionHolder {
  info: ConnectionInfo;
  deviceId?: string;
  sessionId?: string;
}

/** Remembered per CPE address so a session that moves to a new TCP connection (or retries after 401) stays one. */
interface RemoteSession {
  sessionId: string;
  deviceId?: string;
  at: number;
  /** The last exchange was an Inform answered with 401: the next Inform is its retry. */
  challenged?: boolean;
}

const SESSION_FOLLOW_MS = 30_000;

/**
 * Which CWMP session and device each proxied exchange belongs to. An Inform opens a session; the other
 * messages belong to their connection's session, or to their address's recent one when the CPE reconnected.
 */
export class SessionTracker {
  private readonly byRemote = new Map<string, RemoteSession>();
  private counter = 0;

  constructor(private readonly prefix: string) {}

  /** At a request's start: it belongs to its connection's session, or to its address's recent one (a CPE that reconnected). */
  atStart(conn: SessionHolder, x: Exchange): void {
    if (!conn.sessionId) {
      const prev = this.byRemote.get(conn.info.remoteAddress);
      if (prev && Date.now() - prev.at < SESSION_FOLLOW_MS) {
        conn.sessionId = prev.sessionId;
        conn.deviceId = prev.deviceId;
      }
    }
    if (conn.sessionId) x.sessionId = conn.sessionId;
    if (conn.deviceId) x.deviceId = conn.deviceId;
  }

  /** An Inform opens a new session, except the retry of an Inform that was answered with a 401 challenge. */
  informSeen(conn: SessionHolder, x: Exchange, deviceId: string): void {
    const remote = conn.info.remoteAddress;
    const prev = this.byRemote.get(remote);
    const authRetry = prev !== undefined && prev.challenged === true && prev.deviceId === deviceId && Date.now() - prev.at < SESSION_FOLLOW_MS;
    const id = authRetry ? prev.sessionId : `${this.prefix}-${Date.now().toString(36)}-${++this.counter}`;
    conn.sessionId = id;
    conn.deviceId = deviceId;
    x.sessionId = id;
    x.deviceId = deviceId;
    this.byRemote.set(remote, { sessionId: id, deviceId, at: Date.now() });
  }

  touched(conn: SessionHolder, x: Exchange): void {
    if (!x.sessionId) return;
    const challenged = x.response?.status === 401 && x.cwmpRequest?.rpc === 'Inform';
    this.byRemote.set(conn.info.remoteAddress, { sessionId: x.sessionId, deviceId: x.deviceId, at: Date.now(), challenged });
    if (this.byRemote.size > 10_000) this.byRemote.delete(this.byRemote.keys().next().value!);
  }
}
