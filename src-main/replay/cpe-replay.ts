/**
 * Runs a virtual copy of the recorded device against an ACS until it has had as many sessions as the
 * trace (or the ACS leaves it idle too long), then reports where the ACS behaved differently.
 */
import { rebuildDevice } from '../../src-shared/replay/device-image';
import { cpeReport, type LiveSession, type ReplayCpeReport } from '../../src-shared/replay/cpe-report';
import type { ReplayScript } from '../../src-shared/replay/script';
import { ReplayError } from './acs-replay';
import { VirtualCpe } from './virtual-cpe';

export interface CpeReplayOptions {
  script: ReplayScript;
  acsUrl: string;
  serial?: string;
  /** The longest wait for the ACS's next session (connection request or periodic Inform). */
  waitMs: number;
  onProgress?: (message: string) => void;
  /** After each session of the virtual CPE. */
  onSession?: (session: LiveSession, cpe: VirtualCpe) => void;
  signal?: AbortSignal;
  rebootDelayMs?: number;
}

export async function replayCpeSide(o: CpeReplayOptions): Promise<ReplayCpeReport> {
  let image;
  try {
    image = rebuildDevice(o.script);
  } catch (err) {
    throw new ReplayError(err instanceof Error ? err.message : String(err));
  }
  try {
    const u = new URL(o.acsUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ReplayError(`--acs ${JSON.stringify(o.acsUrl)} is not an http(s) URL`);
  }
  const progress = o.onProgress ?? (() => undefined);
  let cpe: VirtualCpe | undefined;
  cpe = new VirtualCpe({ script: o.script, image, acsUrl: o.acsUrl, serial: o.serial, rebootDelayMs: o.rebootDelayMs, onSession: (s) => o.onSession?.(s, cpe!) });
  const total = o.script.sessions.length;
  const acs = new URL(o.acsUrl);
  acs.username = '';
  acs.password = '';
  try {
    const first = await cpe.start();
    progress(`${cpe.deviceId}: session 1/${total} [${first.events.join(', ')}]${first.ok ? '' : ` failed: ${first.error}`}; connection requests to ${cpe.connectionRequestUrl}`);
    if (!first.ok && first.requests.length === 0) throw new ReplayError(`the ACS at ${acs} did not take the Inform: ${first.error ?? 'no answer'}`);
    const aborted = new Promise<null>((resolve) => o.signal?.addEventListener('abort', () => resolve(null), { once: true }));
    while (cpe.sessions.length < total && !o.signal?.aborted) {
      const s = await Promise.race([cpe.nextSession(o.waitMs), aborted]);
      if (!s) break;
      progress(`${cpe.deviceId}: session ${cpe.sessions.length}/${total} [${s.events.join(', ')}]: ${s.requests.length} request(s)${s.ok ? '' : ` — ${s.error}`}`);
    }
    const warnings: string[] = [...o.script.warnings];
    if (cpe.sessions.length < total) warnings.push(`the ACS opened ${cpe.sessions.length} of the ${total} recorded session(s) before the run ended`);
    return cpeReport(cpe.deviceId, acs.toString(), o.script.sessions, cpe.sessions, warnings);
  } finally {
    await cpe.stop();
  }
}
