import { describe, expect, it } from 'vitest';
import { Interceptor } from '../../../src-main/proxy/intercept';

const info = { proxy: 'p', exchangeId: 'x', direction: 'cpe-to-acs' as const, rpc: 'Inform', body: '<x/>', breakpointId: 'b' };

describe('Interceptor', () => {
  it('matches on proxy, device, RPC and direction; an unknown device may still match a device rule', () => {
    const i = new Interceptor();
    i.set({ id: 'a', proxy: 'p', deviceId: 'D1', rpc: 'Inform', direction: 'cpe-to-acs', enabled: true });
    i.set({ id: 'b', rpc: 'SetParameterValues', direction: 'acs-to-cpe', enabled: true });
    i.set({ id: 'c', rpc: 'Reboot', direction: 'both', enabled: false });
    expect(i.match('p', 'cpe-to-acs', 'D1', 'Inform')?.id).toBe('a');
    expect(i.match('p', 'cpe-to-acs', 'D2', 'Inform')).toBeUndefined();
    expect(i.match('q', 'cpe-to-acs', 'D1', 'Inform')).toBeUndefined();
    expect(i.match('p', 'acs-to-cpe', 'D1', 'Inform')).toBeUndefined();
    expect(i.match('q', 'acs-to-cpe', undefined, 'SetParameterValues')?.id).toBe('b');
    expect(i.match('p', 'acs-to-cpe', 'D1', 'Reboot')).toBeUndefined();
    expect(i.mayPause('p', 'cpe-to-acs', undefined)).toBe(true);
    expect(i.mayPause('p', 'cpe-to-acs', 'D2')).toBe(false);
    i.set({ id: 'a', proxy: 'p', deviceId: 'D1', rpc: 'Inform', direction: 'cpe-to-acs', enabled: false });
    expect(i.list().find((b) => b.id === 'a')?.enabled).toBe(false);
    expect(i.delete('a')).toBe(true);
    expect(i.delete('a')).toBe(false);
  });

  it('holds until decided, and lets go on its own after the timeout', async () => {
    const changes: string[] = [];
    const i = new Interceptor([], (w) => changes.push(w));
    const held = i.pause(info, 10_000);
    expect(i.paused()).toHaveLength(1);
    expect(i.paused()[0].expiresAt - i.paused()[0].pausedAt).toBe(10_000);
    i.decide(held.id, { action: 'edit', body: '<y/>' });
    expect(await held.decision).toEqual({ action: 'edit', body: '<y/>' });
    expect(() => i.decide(held.id, { action: 'drop' })).toThrow(/no paused message/);
    const late = i.pause(info, 20);
    expect(await late.decision).toEqual({ action: 'resume' });
    expect(i.paused()).toHaveLength(0);
    expect(changes.filter((c) => c === 'paused')).toHaveLength(4);
    const a = i.pause(info, 10_000);
    const b = i.pause({ ...info, proxy: 'other' }, 10_000);
    i.releaseAll('p');
    expect(await a.decision).toEqual({ action: 'resume' });
    expect(i.paused().map((p) => p.proxy)).toEqual(['other']);
    i.releaseAll();
    expect(await b.decision).toEqual({ action: 'resume' });
  });
});
