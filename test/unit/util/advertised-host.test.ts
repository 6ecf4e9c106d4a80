import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { advertisedHost } from '../../../src-main/util/advertised-host';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null }) as NetworkInterfaceInfo;

describe('advertisedHost', () => {
  it('keeps a concrete bind address, bracketing IPv6', () => {
    expect(advertisedHost('127.0.0.1', {})).toBe('127.0.0.1');
    expect(advertisedHost('::1', {})).toBe('[::1]');
  });

  it('replaces a wildcard bind with the first external IPv4 address', () => {
    const interfaces = { lo: [nic('127.0.0.1', 'IPv4', true)], eth0: [nic('fe80::1', 'IPv6', false), nic('192.0.2.10', 'IPv4', false)] };
    expect(advertisedHost('0.0.0.0', interfaces)).toBe('192.0.2.10');
    expect(advertisedHost('::', interfaces)).toBe('192.0.2.10');
  });

  it('falls back to loopback when there is no external interface', () => {
    expect(advertisedHost('0.0.0.0', { lo: [nic('127.0.0.1', 'IPv4', true)] })).toBe('127.0.0.1');
  });
});
