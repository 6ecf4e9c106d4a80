import type { Exchange } from '../traffic/exchange';

/**
 * Fills `deviceId` on exchanges that lack it, from the Inform that opened their connection or session
 * (imports know the device only from the Inform's body).
 */
export function propagateDeviceIds(exchanges: Exchange[]): void {
  const byConnection = new Map<string, string>();
  const bySession = new Map<string, string>();
  for (const x of [...exchanges].sort((a, b) => a.startedAt - b.startedAt)) {
    if (x.deviceId) {
      byConnection.set(x.connection.id, x.deviceId);
      if (x.sessionId) bySession.set(x.sessionId, x.deviceId);
      continue;
    }
    const id = (x.sessionId && bySession.get(x.sessionId)) || byConnection.get(x.connection.id);
    if (id) x.deviceId = id;
  }
}
