import { z } from 'zod';
import type { ReplayCpeReport } from '../replay/cpe-report';
import type { DeviceImage } from '../replay/device-image';
import type { ReplayAcsReport } from '../replay/report';

export type ReplaySide = 'acs' | 'cpe';
export type ReplayState = 'running' | 'done' | 'failed' | 'cancelled';

/** One replay the workbench ran or runs: from which capture, how far it got, and its report. */
export interface ReplayInfo {
  id: string;
  side: ReplaySide;
  /** The capture (name in the captures folder, or the path) it replays. */
  capture: string;
  state: ReplayState;
  startedAt: number;
  finishedAt?: number;
  /** What it is doing, newest last (the last 50 lines). */
  progress: string[];
  /** Why it could not run. */
  error?: string;
  /** `acs`: per request, the recorded answer against the bench CPE's. */
  acsReport?: ReplayAcsReport;
  /** `cpe`: session by session, where the ACS behaved differently from the trace. */
  cpeReport?: ReplayCpeReport;
  /** 0 no difference, 1 differences (as the CLI's exit status), when done. */
  verdict?: 0 | 1;
}

const name = z.string().min(1).max(200).regex(/^[^/\\\0]+$/, 'a file name, not a path');
/** A capture by name (captures folder) or an imported trace by path. */
const which = { name: name.optional(), path: z.string().min(1).max(4096).optional() };
const needsOne = (v: { name?: string; path?: string }): boolean => (v.name === undefined) !== (v.path === undefined);
const oneOf = 'give exactly one of name or path';
const device = z.string().min(1).max(512);
const waitSeconds = z.number().int().min(1).max(86_400);
const id = z.string().min(1).max(100);

export const replayMethods = {
  /** Plays the recorded ACS's requests to a bench CPE through this workbench's ACS, then diffs the answers. */
  'replay/acs': {
    params: z
      .object({ ...which, device: device.optional(), waitSeconds: waitSeconds.default(300), ignore: z.array(z.string().min(1).max(512)).max(500).optional() })
      .strict()
      .refine(needsOne, oneOf),
  },
  /** Runs a virtual copy of the recorded device against an ACS (default: this workbench's own). */
  'replay/cpe': {
    params: z
      .object({ ...which, acsUrl: z.string().url().max(2048).optional(), serial: z.string().regex(/^[\x21-\x7e]{1,64}$/).optional(), waitSeconds: waitSeconds.default(300) })
      .strict()
      .refine(needsOne, oneOf),
  },
  /** The device rebuilt from a capture, as a simulator profile (`serve --sim N --sim-profile FILE`). */
  'replay/clone': { params: z.object({ ...which, device: device.optional() }).strict().refine(needsOne, oneOf) },
  'replay/list': { params: z.object({}).strict() },
  'replay/get': { params: z.object({ id }).strict() },
  'replay/cancel': { params: z.object({ id }).strict() },
} as const;

export interface ReplayResults {
  'replay/acs': { replay: ReplayInfo };
  'replay/cpe': { replay: ReplayInfo };
  'replay/clone': { profile: DeviceImage; fileName: string };
  'replay/list': { replays: ReplayInfo[] };
  'replay/get': ReplayInfo;
  'replay/cancel': { cancelled: boolean };
}
