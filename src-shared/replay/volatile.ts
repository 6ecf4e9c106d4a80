/**
 * Parameters whose values change on their own (uptime, counters, clocks): differences in them are not a
 * device behaving differently, so the diff leaves them out unless the user says otherwise.
 */

/** Glob patterns (`*` any run of characters, `?` one) matched against a difference's whole path. */
export const DEFAULT_VOLATILE: readonly string[] = [
  '*UpTime',
  '*Uptime',
  '*.CurrentLocalTime',
  '*.LastChange',
  '*.Stats.*',
  '*BytesSent',
  '*BytesReceived',
  '*PacketsSent',
  '*PacketsReceived',
  '*.MemoryStatus.Free',
  '*.ProcessStatus.*',
  '*.TemperatureStatus.*',
  '*.DeviceLog',
  // The bench CPE's own listener, not the recorded one's.
  '*.ConnectionRequestURL',
  // Transfer responses: when the bench CPE did it, not what it did.
  'startTime',
  'completeTime',
];

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** A predicate for "leave this path out"; a pattern ending in `.` also covers everything below it. */
export function volatileMatcher(patterns: readonly string[]): (path: string) => boolean {
  const res = patterns.filter((p) => p.trim() !== '').map((p) => globToRegExp(p.trim().endsWith('.') ? `${p.trim()}*` : p.trim()));
  return (path) => res.some((re) => re.test(path));
}
