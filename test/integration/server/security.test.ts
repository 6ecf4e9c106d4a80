import { describe, expect, it } from 'vitest';
import { cookieValue, isAllowedHost, isAllowedOrigin, tokensEqual } from '../../../src-main/server/security';

describe('Host and Origin policy', () => {
  const loopback = { host: '127.0.0.1', port: 4000 };

  it('accepts only loopback names with our port when bound to loopback', () => {
    expect(isAllowedHost('127.0.0.1:4000', loopback)).toBe(true);
    expect(isAllowedHost('localhost:4000', loopback)).toBe(true);
    expect(isAllowedHost('[::1]:4000', loopback)).toBe(true);
    expect(isAllowedHost('127.0.0.1:4001', loopback)).toBe(false);
    expect(isAllowedHost('127.0.0.1', loopback)).toBe(false);
    expect(isAllowedHost('10.0.0.5:4000', loopback)).toBe(false);
    expect(isAllowedHost('evil.example:4000', loopback)).toBe(false);
    expect(isAllowedHost('localhost.evil.example:4000', loopback)).toBe(false);
    expect(isAllowedHost(undefined, loopback)).toBe(false);
    expect(isAllowedHost('', loopback)).toBe(false);
    expect(isAllowedHost('127.0.0.1:4000@evil', loopback)).toBe(false);
  });

  it('accepts the bound address when it is a specific one', () => {
    const lan = { host: '192.168.1.10', port: 80 };
    expect(isAllowedHost('192.168.1.10:80', lan)).toBe(true);
    expect(isAllowedHost('192.168.1.11:80', lan)).toBe(false);
    expect(isAllowedHost('bench.local:80', lan)).toBe(false);
    const v6 = { host: 'fd00::1', port: 80 };
    expect(isAllowedHost('[fd00::1]:80', v6)).toBe(true);
  });

  it('accepts any IP literal, but no DNS name, when bound to every interface', () => {
    const any = { host: '0.0.0.0', port: 9000 };
    expect(isAllowedHost('10.1.2.3:9000', any)).toBe(true);
    expect(isAllowedHost('[fe80::1]:9000', any)).toBe(true);
    expect(isAllowedHost('bench.example:9000', any)).toBe(false);
    expect(isAllowedHost('10.1.2.3:9001', any)).toBe(false);
  });

  it('accepts only http origins naming this listener', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4000', loopback)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4000', loopback)).toBe(true);
    expect(isAllowedOrigin('https://localhost:4000', loopback)).toBe(false);
    expect(isAllowedOrigin('http://localhost:4000/path', loopback)).toBe(false);
    expect(isAllowedOrigin('null', loopback)).toBe(false);
    expect(isAllowedOrigin('http://evil.example', loopback)).toBe(false);
  });
});

describe('token helpers', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('abc ', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });

  it('reads one cookie out of a header', () => {
    expect(cookieValue('a=1; cwmp_workbench_5=tok%2Fen; b=2', 'cwmp_workbench_5')).toBe('tok/en');
    expect(cookieValue('cwmp_workbench_50=x', 'cwmp_workbench_5')).toBeUndefined();
    expect(cookieValue('cwmp_workbench_5=%E0%A4%A', 'cwmp_workbench_5')).toBeUndefined();
    expect(cookieValue(undefined, 'x')).toBeUndefined();
  });
});
