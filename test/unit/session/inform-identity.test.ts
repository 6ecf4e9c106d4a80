import { describe, expect, it } from 'vitest';
import { initialSession, step } from '../../../src-shared/cwmp/session';
import type { CwmpMessage, Inform } from '../../../src-shared/cwmp/types';

const base: Inform = {
  name: 'Inform',
  deviceId: { manufacturer: 'Acme', oui: '00AA11', productClass: 'Box', serialNumber: 'SN1' },
  event: [{ eventCode: '0 BOOTSTRAP', commandKey: '' }],
  maxEnvelopes: 1,
  currentTime: '2026-01-01T00:00:00Z',
  retryCount: 0,
  parameterList: [],
};

function informWith(deviceId: Partial<Inform['deviceId']>): CwmpMessage {
  return { namespace: 'urn:dslforum-org:cwmp-1-2', version: '1.2', header: { id: '7' }, rpc: { ...base, deviceId: { ...base.deviceId, ...deviceId } }, warnings: [] };
}

describe('session: an Inform that does not identify its device', () => {
  for (const [what, id] of [
    ['an empty OUI', { oui: '' }],
    ['an empty SerialNumber', { serialNumber: '' }],
    ['a blank SerialNumber', { serialNumber: '  ' }],
    ['no DeviceId at all', { manufacturer: '', oui: '', productClass: '', serialNumber: '' }],
  ] as const) {
    it(`answers ${what} with fault 8003 and registers nothing`, () => {
      const r = step(initialSession({}, 's1'), { type: 'message', message: informWith(id), next: null });
      expect(r.commands.some((c) => c.type === 'inform')).toBe(false);
      const reply = r.commands.find((c) => c.type === 'reply');
      expect(reply?.type === 'reply' && reply.rpc).toMatchObject({ name: 'Fault', faultCode: 8003 });
      expect(reply?.type === 'reply' && reply.namespace).toBe('urn:dslforum-org:cwmp-1-2');
      expect(r.commands.some((c) => c.type === 'warning' && c.code === 'invalid-device-id')).toBe(true);
      expect(r.state.phase).toBe('ended');
    });
  }

  it('still accepts a full DeviceId (an empty ProductClass is allowed)', () => {
    const r = step(initialSession({}, 's1'), { type: 'message', message: informWith({ productClass: '' }), next: null });
    expect(r.commands.some((c) => c.type === 'inform')).toBe(true);
  });
});
