/**
 * The replay service behind `replay/*`: replays run in the background in the running workbench (its own
 * ACS for the ACS side; its own ACS by default for a virtual CPE), each kept in memory with its progress
 * and report, and announced with `replay/changed`.
 */
import { randomBytes } from 'node:crypto';
import type { ApiHandlers } from '../../src-shared/api/client';
import { InvalidRequestError, NotFoundError, UnavailableError } from '../../src-shared/errors/domain-error';
import type { ApiEvent } from '../../src-shared/api/index';
import type { ReplayInfo } from '../../src-shared/api/replay';
import { cpeReportExitCode } from '../../src-shared/replay/cpe-report';
import { rebuildDevice } from '../../src-shared/replay/device-image';
import { acsReportExitCode } from '../../src-shared/replay/report';
import { buildReplayScript, type ReplayScript } from '../../src-shared/replay/script';
import { DEFAULT_VOLATILE } from '../../src-shared/replay/volatile';
import { replayAcsSide, type AcsReplayHost } from './acs-replay';
import { replayCpeSide } from './cpe-replay';

export type ReplayHandlerName = 'replay/acs' | 'replay/cpe' | 'replay/clone' | 'replay/list' | 'replay/get' | 'replay/cancel';

export interface ReplayServiceDeps {
  /** Reads a capture as the Captures view does (`captures/open`). */
  openCapture: (which: { name?: string; path?: string }) => Promise<{ exchanges: import('../../src-shared/traffic/exchange').Exchange[] }>;
  /** The running workbench, for the ACS side. */
  host: () => Promise<AcsReplayHost>;
  /** This workbench's own ACS URL (the default ACS of a virtual CPE). */
  acsUrl: () => string | undefined;
  publish: (event: ApiEvent) => void;
}

const KEPT = 50;
const PROGRESS = 50;

export function createReplayService(deps: ReplayServiceDeps): { handlers: Pick<ApiHandlers, ReplayHandlerName>; stop(): void } {
  const replays = new Map<string, { info: ReplayInfo; abort: AbortController }>();

  const script = async (which: { name?: string; path?: string }, device?: string): Promise<ReplayScript> => {
    const { exchanges } = await deps.openCapture(which);
    const s = buildReplayScript(exchanges, { device });
    if (s.sessions.length === 0) throw new InvalidRequestError(`${which.name ?? which.path} holds no CWMP session`);
    return s;
  };

  const changed = (info: ReplayInfo): void => deps.publish({ event: 'replay/changed', data: structuredClone(info) });

  const begin = (side: ReplayInfo['side'], capture: string): { info: ReplayInfo; abort: AbortController; note: (line: string) => void } => {
    const info: ReplayInfo = { id: `r-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, side, capture, state: 'running', startedAt: Date.now(), progress: [] };
    const abort = new AbortController();
    replays.set(info.id, { info, abort });
    // Only the newest replays are kept.
    for (const [key, r] of replays) if (replays.size > KEPT && r.info.state !== 'running') replays.delete(key);
    changed(info);
    const note = (line: string): void => {
      info.progress.push(line);
      if (info.progress.length > PROGRESS) info.progress.shift();
      changed(info);
    };
    return { info, abort, note };
  };

  const finish = (info: ReplayInfo, abort: AbortController, run: Promise<void>): void => {
    run.then(
      () => {
        info.state = abort.signal.aborted ? 'cancelled' : 'done';
      },
      (err: unknown) => {
        info.state = abort.signal.aborted ? 'cancelled' : 'failed';
        info.error = err instanceof Error ? err.message : String(err);
      },
    ).finally(() => {
      info.finishedAt = Date.now();
      changed(info);
    });
  };

  const handlers: Pick<ApiHandlers, ReplayHandlerName> = {
    'replay/acs': async ({ name, path, device, waitSeconds, ignore }) => {
      const s = await script({ name, path }, device);
      const host = await deps.host();
      const { info, abort, note } = begin('acs', name ?? path ?? '');
      finish(
        info,
        abort,
        replayAcsSide(host, { script: s, device, waitMs: waitSeconds * 1000, ignore: ignore ?? DEFAULT_VOLATILE, onProgress: note, signal: abort.signal }).then((report) => {
          info.acsReport = report;
          info.verdict = acsReportExitCode(report);
        }),
      );
      return { replay: structuredClone(info) };
    },
    'replay/cpe': async ({ name, path, acsUrl, serial, waitSeconds }) => {
      const s = await script({ name, path });
      const url = acsUrl ?? deps.acsUrl();
      if (!url) throw new UnavailableError('this workbench has no ACS listening: give acsUrl');
      const { info, abort, note } = begin('cpe', name ?? path ?? '');
      finish(
        info,
        abort,
        replayCpeSide({ script: s, acsUrl: url, serial, waitMs: waitSeconds * 1000, onProgress: note, signal: abort.signal }).then((report) => {
          info.cpeReport = report;
          info.verdict = cpeReportExitCode(report);
        }),
      );
      return { replay: structuredClone(info) };
    },
    'replay/clone': async ({ name, path, device }) => {
      const s = await script({ name, path }, device);
      let profile;
      try {
        profile = rebuildDevice(s);
      } catch (err) {
        // A trace without an Inform: nothing to take the identity from.
        throw new InvalidRequestError(err instanceof Error ? err.message : String(err));
      }
      const id = profile.deviceId;
      return { profile, fileName: `${id.oui}-${id.productClass}-${id.serialNumber}.profile.json`.replace(/[^A-Za-z0-9._-]/g, '_') };
    },
    'replay/list': async () => ({ replays: [...replays.values()].map((r) => structuredClone(r.info)).sort((a, b) => b.startedAt - a.startedAt) }),
    'replay/get': async ({ id }) => {
      const r = replays.get(id);
      if (!r) throw new NotFoundError(`No replay ${id}`);
      return structuredClone(r.info);
    },
    'replay/cancel': async ({ id }) => {
      const r = replays.get(id);
      if (!r) throw new NotFoundError(`No replay ${id}`);
      if (r.info.state !== 'running') return { cancelled: false };
      r.abort.abort();
      return { cancelled: true };
    },
  };
  return {
    handlers,
    stop: () => {
      for (const r of replays.values()) r.abort.abort();
    },
  };
}
