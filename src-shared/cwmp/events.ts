/** Inform event codes (cwmp-1-0 … cwmp-1-4 schemas, TR-069 Amendment 6), for the UI to explain. */

export interface EventInfo {
  code: string;
  /** What the event means, in one sentence. */
  meaning: string;
  /** standard: in the table; vendor: `X <OUI> …` or `M X_…`; unknown: anything else. */
  kind: 'standard' | 'vendor' | 'unknown';
  /** The CWMP version that introduced it. */
  since?: string;
}

const STANDARD: Array<[string, string, string]> = [
  ['0 BOOTSTRAP', 'First contact after installation or a factory reset, or after the ACS URL changed', '1.0'],
  ['1 BOOT', 'The CPE was powered up or rebooted', '1.0'],
  ['2 PERIODIC', 'The periodic Inform interval elapsed', '1.0'],
  ['3 SCHEDULED', 'A session the ACS asked for with ScheduleInform', '1.0'],
  ['4 VALUE CHANGE', 'A parameter with notification enabled changed value', '1.0'],
  ['5 KICKED', 'The session was started by a Kicked (web-identity) request', '1.0'],
  ['6 CONNECTION REQUEST', 'The ACS asked the CPE to connect (connection request)', '1.0'],
  ['7 TRANSFER COMPLETE', 'A Download or Upload finished, successfully or not; TransferComplete follows', '1.0'],
  ['8 DIAGNOSTICS COMPLETE', 'A diagnostic test the ACS started has completed', '1.0'],
  ['9 REQUEST DOWNLOAD', 'The CPE wants to ask the ACS for a file (RequestDownload follows)', '1.0'],
  ['10 AUTONOMOUS TRANSFER COMPLETE', 'A transfer the ACS did not request finished; AutonomousTransferComplete follows', '1.1'],
  ['11 DU STATE CHANGE COMPLETE', 'A ChangeDUState finished; DUStateChangeComplete follows', '1.2'],
  ['12 AUTONOMOUS DU STATE CHANGE COMPLETE', 'A deployment-unit change the ACS did not request finished', '1.2'],
  ['13 WAKEUP', 'The CPE woke up from a power-saving state (standby)', '1.4'],
  ['14 HEARTBEAT', 'A heartbeat session (TR-069 Amendment 6)', '1.4'],
  ['M Reboot', 'The reboot was requested by the ACS with Reboot (CommandKey from it)', '1.0'],
  ['M ScheduleInform', 'The session is the one requested by ScheduleInform (CommandKey from it)', '1.0'],
  ['M Download', 'The completed transfer was requested by Download (CommandKey from it)', '1.0'],
  ['M ScheduleDownload', 'The completed transfer was requested by ScheduleDownload (CommandKey from it)', '1.2'],
  ['M Upload', 'The completed transfer was requested by Upload (CommandKey from it)', '1.0'],
  ['M ChangeDUState', 'The completed change was requested by ChangeDUState (CommandKey from it)', '1.2'],
];

/** Every standard event code, in table order. */
export const EVENT_CODES: readonly EventInfo[] = STANDARD.map(([code, meaning, since]) => ({
  code,
  meaning,
  kind: 'standard',
  since,
}));

const BY_CODE = new Map(EVENT_CODES.map((e) => [e.code, e]));

/** Explains an event code; vendor codes (`X 00D09E Foo`, `M X_Foo`) and unknown ones are labelled so. */
export function describeEvent(code: string): EventInfo {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (/^M X_\S+$/.test(code)) return { code, meaning: 'Vendor-specific method completed (CommandKey from it)', kind: 'vendor' };
  if (/^X \S+ .+$/.test(code)) return { code, meaning: 'Vendor-specific event', kind: 'vendor' };
  return { code, meaning: 'Not a standard event code', kind: 'unknown' };
}

/** True when the event code is standard or follows a vendor pattern. */
export function isKnownEvent(code: string): boolean {
  return describeEvent(code).kind !== 'unknown';
}
