import type { Exchange } from '../traffic/exchange';
import type { DeviceSummary } from './devices';
import type { TaskInfo } from './tasks';
import type { ServerStatus } from './server';
import type { PausedMessage, ProxyInfo } from './proxy';
import type { AcsSettingsView } from './settings';
import type { TestProgressEvent } from './tests';
import type { ReplayInfo } from './replay';

/** Events main pushes to the renderer (and to WebSocket clients). */
export interface ApiEvents {
  /** A new or updated exchange (an exchange is published when it starts and again when it ends). */
  'traffic/exchange': Exchange;
  'traffic/cleared': Record<string, never>;
  'devices/changed': DeviceSummary;
  'devices/removed': { deviceId: string };
  /** The parameter tree of a device changed (refetch with devices/get). */
  'devices/parameters-changed': { deviceId: string; paths: string[] };
  'tasks/changed': TaskInfo;
  'server/status': ServerStatus;
  /** The certificate store, a trust store or the ACS's TLS settings changed (refetch with certs/list). */
  'certs/changed': { ids: string[] };
  /** A proxy profile was created, changed, started, stopped or deleted (`deleted` set then). */
  'proxy/changed': { proxy: ProxyInfo; deleted?: boolean };
  /** The messages held at breakpoints changed (one paused, decided or let go after its timeout). */
  'proxy/paused': { paused: PausedMessage[] };
  /** Recording started, stopped or moved to a new file (rotation); or a capture was renamed, deleted or imported. */
  'captures/changed': { recording: boolean; file?: string };
  /** The ACS settings were changed through the API (the password is never in it). */
  'settings/changed': { acs: AcsSettingsView };
  /** A file was added to, replaced in (by files/put or a CPE's Upload) or deleted from the file store. */
  'files/changed': { name: string; deleted?: boolean };
  /** A test run started, a case started or ended, or the run ended. */
  'tests/progress': TestProgressEvent;
  /** A replay started, moved on, or ended (with its report). */
  'replay/changed': ReplayInfo;
}

export type ApiEventName = keyof ApiEvents;
export type ApiEvent = { [K in ApiEventName]: { event: K; data: ApiEvents[K] } }[ApiEventName];
