import { networkInterfaces } from 'node:os';

/**
 * The host to put in URLs a CPE must reach (ACS URL, file-store Download URLs). A listener bound to a
 * wildcard address is reachable on every interface, but `0.0.0.0` in a URL reaches nothing: advertise the
 * host's first external IPv4 address instead (loopback if it has none).
 */
export function advertisedHost(bindHost: string, interfaces = networkInterfaces()): string {
  if (bindHost !== '0.0.0.0' && bindHost !== '::' && bindHost !== '') {
    return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  }
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) return info.address;
    }
  }
  return '127.0.0.1';
}
