/**
 * Replay, ACS side: the workbench's ACS plays a recorded ACS's requests to a bench CPE, session by session,
 * through the ordinary task queue. When the bench CPE informs, the next recorded session's requests are
 * queued at once (before its empty POST reaches the session machine), so they go out in that session in
 * the recorded order; when they are all answered, a connection request asks for the next session.
 */
import type { ApiHandlers } from '../../src-shared/api/client';
import { dispatch } from '../../src-shared/api/dispatch';
import type { ApiEvent } from '../../src-shared/api/index';
import type { TaskInfo } from '../../src-shared/api/tasks';
import { diffAnswers } from '../../src-shared/replay/diff';
import { acsReport, type ReplayAcsReport } from '../../src-shared/replay/report';
import { inverse, learnInstance, renumber, rewriteRequest, type InstanceMap } from '../../src-shared/replay/rewrite';
import { sessionsWithRequests, type RecordedAnswer, type ReplayScript, type ScriptRpc } from '../../src-shared/replay/script';
import { DEFAULT_VOLATILE } from '../../src-shared/replay/volatile';

/** What the replay needs of a running workbench (its composition root provides all of it). */
export interface AcsReplayHost {
  hub: { subscribe(listener: (event: ApiEvent) => void): () => void };
  handlers: ApiHandlers;
  /** Sends a connection request now; resolves whatever the outcome. */
  connectionRequest(deviceId: string): Promise<unknown>;
  /** A file store URL for this file name when the store holds it. */
  storeUrl(fileName: string): string | undefined;
  /** Devices the ACS knows already (the bench CPE may be one of them, with a ConnectionRequestURL). */
  knownDevices: readonly string[];
}

export interface AcsReplayOptions {
  script: ReplayScript;
  /** The bench CPE: a serial number or OUI-ProductClass-SerialNumber; default the first CPE to inform. */
  device?: string;
  /** How long to wait for the bench CPE's next session, and for each session's answers. */
  waitMs: number;
  /** Volatile parameter patterns; default DEFAULT_VOLATILE. */
  ignore?: readonly string[];
  /** Progress, in words. */
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

/** The replay could not run at all (exit 2). */
export class ReplayError extends Error {}

const FINISHED = new Set(['done', 'fault', 'timed-out', 'cancelled']);

function matchesDevice(deviceId: string, wanted: string | undefined): boolean {
  return wanted === undefined || deviceId === wanted || deviceId.endsWith(`-${wanted}`);
}

/** A task has an answer: finished, or a transfer accepted and waiting for its TransferComplete. */
function answered(t: TaskInfo): boolean {
  return FINISHED.has(t.status) || (t.status === 'sent' && t.result !== undefined);
}

function replayedAnswer(t: TaskInfo | undefined): RecordedAnswer {
  if (!t) return null;
  if (t.fault) return t.fault;
  return (t.result as RecordedAnswer | undefined) ?? null;
}

export async function replayAcsSide(host: AcsReplayHost, o: AcsReplayOptions): Promise<ReplayAcsReport> {
  const sessions = sessionsWithRequests(o.script);
  if (sessions.length === 0) throw new ReplayError('the trace holds no request from the ACS to a CPE: nothing to replay');
  const ignore = [...(o.ignore ?? DEFAULT_VOLATILE)];
  const progress = o.onProgress ?? (() => undefined);
  const results = new Map<number, TaskInfo>();
  const instances: InstanceMap = new Map();
  const warnings = [...o.script.warnings];
  let device: string | undefined;
  let next = 0;
  /** The session being played: its requests, the next to queue, and the task of each one queued. */
  let playing: { rpcs: ScriptRpc[]; at: number; tasks: Map<string, ScriptRpc> } | null = null;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;

  // The instance mapping each request was played with, to read the bench CPE's answer back in recorded terms.
  const mappings = new Map<number, InstanceMap>();
  const endSession = (): void => {
    playing = null;
    wake?.();
  };
  /**
   * Queues the session's next request. Requests go one at a time: each is queued while the ACS handles the
   * answer to the one before (tasks/changed is published then), so it still goes out in the same session,
   * already renumbered by what an AddObject just before it answered.
   */
  const queueNext = (deviceId: string): void => {
    const p = playing;
    if (!p) return;
    const rpc = p.rpcs[p.at++];
    if (!rpc) return endSession();
    mappings.set(rpc.index, new Map(instances));
    const request = rewriteRequest(rpc.request, { instances, storeUrl: host.storeUrl });
    const params = request.name === 'Unknown' ? { deviceId, rpc: { name: 'Raw', xml: rpc.requestXml } } : { deviceId, rpc: request };
    // Validated as any API caller's; the handler queues the task before its first await, i.e. right now.
    void dispatch(host.handlers, 'tasks/create', params).then((out) => {
      if (out.ok) {
        p.tasks.set((out.result as { taskId: string }).taskId, rpc);
        return;
      }
      warnings.push(`#${rpc.index} ${rpc.request.name} could not be queued: ${out.error.message}`);
      if (playing === p) queueNext(deviceId);
    });
  };
  const queueSession = (deviceId: string): void => {
    const session = sessions[next++];
    progress(`session ${next}/${sessions.length}: ${session.rpcs.length} request(s) to ${deviceId}`);
    playing = { rpcs: session.rpcs, at: 0, tasks: new Map() };
    queueNext(deviceId);
  };

  const off = host.hub.subscribe((e) => {
    if (e.event === 'traffic/exchange') {
      const x = e.data;
      // The end of an Inform exchange: the device is registered and its session open; its empty POST is still to come.
      if (x.cwmpRequest?.rpc !== 'Inform' || x.response?.status !== 200 || x.cwmpResponse?.rpc !== 'InformResponse' || !x.deviceId) return;
      if (!matchesDevice(x.deviceId, device ?? o.device)) return;
      device ??= x.deviceId;
      if (playing || next >= sessions.length) return;
      queueSession(device);
      wake?.();
    } else if (e.event === 'tasks/changed' && playing) {
      const rpc = playing.tasks.get(e.data.id);
      if (!rpc || !answered(e.data) || results.has(rpc.index)) return;
      results.set(rpc.index, e.data);
      // AddObject answers teach the instance numbers later requests refer to.
      const got = replayedAnswer(e.data);
      if (rpc.request.name === 'AddObject' && rpc.answer?.name === 'AddObjectResponse' && got?.name === 'AddObjectResponse') {
        learnInstance(instances, rpc.request.objectName, rpc.answer.instanceNumber, got.instanceNumber);
      }
      queueNext(e.data.deviceId);
    }
  });

  const sleepUntilWoken = (ms: number, what: string): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        o.signal?.removeEventListener('abort', onAbort);
        resolve(false);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        failure = new ReplayError(`stopped while waiting for ${what}`);
        resolve(false);
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
      wake = () => {
        clearTimeout(timer);
        wake = null;
        o.signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
    });

  try {
    // A bench CPE the ACS already knows can be asked for a session at once.
    const known = host.knownDevices.filter((d) => o.device !== undefined && matchesDevice(d, o.device));
    if (known.length === 1) void host.connectionRequest(known[0]).catch(() => undefined);
    let sessionsPlayed = 0;
    const waitSec = Math.round(o.waitMs / 1000);
    while (next < sessions.length || playing) {
      if (!playing) {
        progress(device ? `waiting for ${device} to open a session (up to ${waitSec} s)` : `waiting for a CPE${o.device ? ` ${o.device}` : ''} to inform (up to ${waitSec} s)`);
        if (!(await sleepUntilWoken(o.waitMs, 'the CPE'))) break;
        continue;
      }
      // A session is playing: wait for all its answers.
      const before = playing;
      if (!(await sleepUntilWoken(o.waitMs, 'the answers'))) break;
      if (playing === before) continue;
      sessionsPlayed++;
      if (next < sessions.length && device) void host.connectionRequest(device).catch(() => undefined);
    }
    if (failure) throw failure;
    if (!device) throw new ReplayError(`no CPE${o.device ? ` matching ${o.device}` : ''} informed within ${waitSec} s`);
    if (sessionsPlayed < sessions.length) warnings.push(`played ${sessionsPlayed} of ${sessions.length} session(s): the bench CPE did not answer within ${waitSec} s`);
    const rows = sessions.flatMap((s) =>
      s.rpcs.map((rpc) => {
        const task = results.get(rpc.index);
        const replayed = replayedAnswer(task);
        const played = replayed !== null;
        // Compared in recorded terms: the bench CPE's instance numbers put back to the recorded ones.
        const diff = played ? diffAnswers(rpc.answer, renumber(replayed, inverse(mappings.get(rpc.index) ?? new Map())), { ignore }) : { differences: [{ path: '', kind: 'response' as const, recorded: rpc.answer?.name ?? null, replayed: task?.message ?? 'not answered' }], ignored: 0 };
        return { index: rpc.index, name: rpc.request.name === 'Unknown' ? rpc.request.method : rpc.request.name, recorded: rpc.answer, replayed, played, diff };
      }),
    );
    return acsReport(device, rows, { sessions: sessions.length, sessionsPlayed, recordedDevice: o.script.device, ignorePatterns: ignore, warnings });
  } finally {
    off();
  }
}
