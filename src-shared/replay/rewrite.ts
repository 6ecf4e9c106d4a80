/**
 * A recorded request made fit for the bench: object instances the bench CPE numbered differently (learnt
 * from earlier AddObject answers) and file URLs that point at the workbench's file store when it holds the
 * file. Pure: the caller says which files exist.
 */
import type { AcsRequest, UnknownRpc } from '../cwmp/types';

/** Recorded instance path prefix (`Device.NAT.PortMapping.3.`) → the bench CPE's (`Device.NAT.PortMapping.1.`). */
export type InstanceMap = Map<string, string>;

function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/** The last path segment of a URL (the file name a store would hold), or undefined. */
export function urlFileName(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/(?:[^?#]*\/)?([^/?#]+)/i.exec(url);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** Every path (and path reference) in a request or answer, renumbered by the mapping. */
export function renumber<T>(value: T, instances: InstanceMap): T {
  const pairs = [...instances].sort((a, b) => b[0].length - a[0].length);
  if (pairs.length === 0) return value;
  return mapStrings(value, (s) => {
    for (const [from, to] of pairs) if (s.startsWith(from)) return to + s.slice(from.length);
    // References to an instance are written without the trailing dot (`Device.IP.Interface.3`).
    for (const [from, to] of pairs) if (s === from.slice(0, -1)) return to.slice(0, -1);
    return s;
  }) as T;
}

/** The inverse mapping: the bench CPE's instances back to the recorded ones. */
export function inverse(instances: InstanceMap): InstanceMap {
  return new Map([...instances].map(([recorded, bench]) => [bench, recorded]));
}

export function rewriteRequest(
  request: AcsRequest | UnknownRpc,
  o: { instances?: InstanceMap; storeUrl?: (fileName: string) => string | undefined },
): AcsRequest | UnknownRpc {
  let out = o.instances ? renumber(request, o.instances) : request;
  if ((out.name === 'Download' || out.name === 'ScheduleDownload') && o.storeUrl) {
    const name = urlFileName(out.url);
    const local = name !== undefined ? o.storeUrl(name) : undefined;
    if (local) out = { ...out, url: local };
  }
  return out;
}

/** Learns an instance mapping from an AddObject answered on both sides. */
export function learnInstance(instances: InstanceMap, objectName: string, recorded: number, replayed: number): void {
  if (!objectName.endsWith('.') || recorded === replayed) return;
  instances.set(`${objectName}${recorded}.`, `${objectName}${replayed}.`);
}
