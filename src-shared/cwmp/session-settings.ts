/**
 * The embedded ACS's user-facing settings (persisted by the ACS in its data directory).
 * Platform-free so the renderer can show and edit them.
 */

/** How the ACS authenticates CPEs: none, HTTP Basic, or HTTP Digest (qop=auth). */
export type CpeAuthMode = 'none' | 'basic' | 'digest';

export interface AcsSettings {
  /** Authentication the ACS demands of CPEs. Per-device credentials override `username`/`password`. */
  auth: { mode: CpeAuthMode; username: string; password: string; realm: string };
  /** Send `HoldRequests` true in every ACS message, so CPEs keep their own requests for a later session. */
  holdRequests: boolean;
  /** An abandoned session ends after this long without a message (ms); its in-flight task times out. */
  sessionTimeoutMs: number;
  /** A Download/Upload whose TransferComplete never arrives times out after this long (ms). */
  transferTimeoutMs: number;
  /** The highest CWMP version the ACS offers in `UseCWMPVersion` negotiation. */
  maxCwmpVersion: '1.0' | '1.1' | '1.2' | '1.3' | '1.4';
  /** Request bodies larger than this are refused with HTTP 413. */
  maxBodyBytes: number;
  /** Connection requests give up after this long (ms). */
  connectionRequestTimeoutMs: number;
  /** The file store takes no file larger than this (bytes): CPE uploads get 413, API puts an error. */
  fileMaxBytes: number;
  /** The file store's files together stay under this (bytes); an upload that would pass it gets 413. */
  fileStoreMaxBytes: number;
  /** The live traffic list keeps the newest exchanges that fit in this much memory (bytes); older ones go. */
  trafficMemoryBytes: number;
}

export const DEFAULT_ACS_SETTINGS: AcsSettings = {
  auth: { mode: 'none', username: 'cpe', password: 'cpe', realm: 'cwmp-workbench' },
  holdRequests: false,
  sessionTimeoutMs: 30_000,
  transferTimeoutMs: 10 * 60_000,
  maxCwmpVersion: '1.4',
  maxBodyBytes: 32 * 1024 * 1024,
  connectionRequestTimeoutMs: 10_000,
  fileMaxBytes: 2 * 1024 ** 3,
  fileStoreMaxBytes: 8 * 1024 ** 3,
  trafficMemoryBytes: 256 * 1024 ** 2,
};

/** A settings update: any top-level field, and `auth` may be partial too. */
export type AcsSettingsPatch = Partial<Omit<AcsSettings, 'auth'>> & { auth?: Partial<AcsSettings['auth']> };
