/**
 * A device's recent exchanges grouped by CWMP session (as the Traffic view groups them): newest session
 * first, each session's exchanges in the order they happened (the Inform first).
 */
import { isFault, type TrafficRow } from '../../state/traffic-rows';

export interface SessionGroup {
  key: string;
  startedAt: number;
  /** Oldest first. */
  rows: TrafficRow[];
  faults: number;
  /** The Inform's event codes, when the session began with one ("1 BOOT, 6 CONNECTION REQUEST"). */
  events: string[];
}

/** The latest `limit` exchanges of `deviceId` in `rows` (arrival order), grouped by session. */
export function deviceSessions(rows: readonly TrafficRow[], deviceId: string, limit = 300): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  let taken = 0;
  for (let i = rows.length - 1; i >= 0 && taken < limit; i--) {
    const r = rows[i];
    if (r.deviceId !== deviceId) continue;
    taken++;
    let g = groups.get(r.groupKey);
    if (!g) {
      g = { key: r.groupKey, startedAt: r.startedAt, rows: [], faults: 0, events: [] };
      groups.set(r.groupKey, g);
    }
    g.rows.unshift(r);
    g.startedAt = Math.min(g.startedAt, r.startedAt);
    if (isFault(r)) g.faults++;
    if (r.events.length) g.events = r.events;
  }
  // Map order is the order each session's newest exchange was met, walking back: newest session first.
  return [...groups.values()];
}
