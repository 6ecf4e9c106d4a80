import { describe, expect, it } from 'vitest';
import { CpeAuthenticator, MAX_NONCES } from '../../../src-main/acs/http-auth';
import { answerChallenge, md5, parseAuthHeader } from '../../../src-main/runtime/http-auth';
import { applyTaskResult } from '../../../src-main/devices/apply-result';
import { ParameterStore } from '../../../src-main/devices/parameter-store';
import { parseTaskRpc } from '../../../src-shared/tasks/request-schema';

describe('HTTP Digest and Basic', () => {
  it('computes the RFC 2617 §3.5 example response', () => {
    // RFC 2617's worked example: Mufasa / "Circle Of Life".
    const challenge = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const header = answerChallenge(challenge, { username: 'Mufasa', password: 'Circle Of Life' }, 'GET', '/dir/index.html');
    const p = parseAuthHeader(header!).params;
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    const ha2 = md5('GET:/dir/index.html');
    expect(p.response).toBe(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${p.nc}:${p.cnonce}:auth:${ha2}`));
    expect(p.opaque).toBe('5ccc069c403ebaf9f0171e9517f40e41');
    // With the RFC's own cnonce and nc the well-known answer comes out.
    expect(md5(`${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:${ha2}`)).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('answers the Digest challenge when a CPE offers Digest and Basic in one WWW-Authenticate value', () => {
    // Node joins repeated WWW-Authenticate headers with ", ": the Basic realm must not leak into the Digest answer.
    const auth = new CpeAuthenticator();
    const expected = { username: 'u', password: 'p', realm: 'cpe-digest' };
    // A fresh challenge each time: a nonce answered with nc=1 once is not accepted with nc=1 again.
    for (const joined of [`${auth.challenge('digest', 'cpe-digest')}, Basic realm="cpe-basic"`, `Basic realm="cpe-basic", ${auth.challenge('digest', 'cpe-digest')}`]) {
      const header = answerChallenge(joined, { username: 'u', password: 'p' }, 'GET', '/cr')!;
      expect(header.startsWith('Digest ')).toBe(true);
      expect(parseAuthHeader(header).params.realm).toBe('cpe-digest');
      expect(auth.verify('digest', header, 'GET', expected, Date.now(), '/cr')).toEqual({ ok: true, username: 'u' });
    }
    // Basic alone is still answered with Basic.
    expect(answerChallenge('Basic realm="b"', { username: 'u', password: 'p' }, 'GET', '/cr')).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('keeps at most MAX_NONCES outstanding nonces under a flood of challenges, oldest dropped first', () => {
    const auth = new CpeAuthenticator();
    const expected = { username: 'u', password: 'p', realm: 'r' };
    const now = Date.now();
    const first = auth.challenge('digest', 'r', false, now);
    for (let i = 0; i < MAX_NONCES + 50; i++) auth.challenge('digest', 'r', false, now);
    const last = auth.challenge('digest', 'r', false, now);
    const answer = (c: string): string => answerChallenge(c, { username: 'u', password: 'p' }, 'POST', '/acs')!;
    expect(auth.verify('digest', answer(first), 'POST', expected, now)).toMatchObject({ ok: false, stale: true });
    expect(auth.verify('digest', answer(last), 'POST', expected, now)).toEqual({ ok: true, username: 'u' });
  });

  it('accepts its own challenge answered correctly and rejects wrong passwords and unknown nonces', () => {
    const auth = new CpeAuthenticator();
    const expected = { username: 'u', password: 'p', realm: 'r' };
    const challenge = auth.challenge('digest', 'r');
    expect(auth.verify('digest', answerChallenge(challenge, { username: 'u', password: 'p' }, 'POST', '/acs')!, 'POST', expected)).toEqual({ ok: true, username: 'u' });
    expect(auth.verify('digest', answerChallenge(challenge, { username: 'u', password: 'x' }, 'POST', '/acs')!, 'POST', expected).ok).toBe(false);
    const foreign = new CpeAuthenticator().challenge('digest', 'r');
    const stale = auth.verify('digest', answerChallenge(foreign, { username: 'u', password: 'p' }, 'POST', '/acs')!, 'POST', expected);
    expect(stale).toMatchObject({ ok: false, stale: true });
    // The uri must name this request (absolute form accepted).
    const other = auth.challenge('digest', 'r');
    expect(auth.verify('digest', answerChallenge(other, { username: 'u', password: 'p' }, 'POST', '/elsewhere')!, 'POST', expected, Date.now(), '/acs')).toMatchObject({ ok: false, reason: expect.stringContaining('uri') });
    expect(auth.verify('digest', answerChallenge(other, { username: 'u', password: 'p' }, 'POST', 'http://h:1/acs')!, 'POST', expected, Date.now(), '/acs').ok).toBe(true);
    // RFC 2069 (no qop) still works for old CPEs (a fresh nonce: each is good once).
    const noQop = auth.challenge('digest', 'r').replace(', qop="auth"', '');
    expect(auth.verify('digest', answerChallenge(noQop, { username: 'u', password: 'p' }, 'POST', '/acs')!, 'POST', expected).ok).toBe(true);
    // Basic.
    expect(auth.verify('basic', `Basic ${Buffer.from('u:p').toString('base64')}`, 'POST', expected).ok).toBe(true);
    expect(auth.verify('basic', `Basic ${Buffer.from('u:q').toString('base64')}`, 'POST', expected).ok).toBe(false);
    expect(auth.verify('basic', answerChallenge(challenge, { username: 'u', password: 'p' }, 'POST', '/')!, 'POST', expected)).toMatchObject({ ok: false, reason: expect.stringContaining('Basic') });
    expect(auth.verify('digest', undefined, 'POST', expected)).toMatchObject({ ok: false });
  });

  it('parses quoted values with commas and escapes', () => {
    expect(parseAuthHeader('Digest realm="a, b", nonce="x\\"y", qop=auth').params).toEqual({ realm: 'a, b', nonce: 'x"y', qop: 'auth' });
  });
});

describe('task requests', () => {
  it('fills the spec defaults and keeps given fields', () => {
    expect(parseTaskRpc({ name: 'Download', url: 'http://h/f' })).toEqual({
      name: 'Download',
      commandKey: '',
      fileType: '1 Firmware Upgrade Image',
      url: 'http://h/f',
      username: '',
      password: '',
      fileSize: 0,
      targetFileName: '',
      delaySeconds: 0,
      successURL: '',
      failureURL: '',
    });
    expect(parseTaskRpc({ name: 'GetParameterNames' })).toEqual({ name: 'GetParameterNames', parameterPath: '', nextLevel: false });
    expect(parseTaskRpc({ name: 'SetParameterValues', parameterList: [{ name: 'A.B', value: '1' }] })).toEqual({
      name: 'SetParameterValues',
      parameterList: [{ name: 'A.B', value: '1', type: 'xsd:string' }],
      parameterKey: '',
    });
  });

  it('names the bad field', () => {
    expect(() => parseTaskRpc({ name: 'AddObject' })).toThrow(/AddObject: .* at objectName/);
    expect(() => parseTaskRpc({ name: 'Reboot', commandKey: 5 })).toThrow(/Reboot: .*commandKey/);
    expect(() => parseTaskRpc({ name: 'Reboot', extra: 1 })).toThrow(/Reboot/);
    expect(() => parseTaskRpc({ name: 'ScheduleInform', delaySeconds: 0 })).toThrow(/delaySeconds/);
  });
});

describe('task results update the parameter tree', () => {
  it('applies GPN, GPV, GPA, SPA, SPV, AddObject and DeleteObject', () => {
    const tree = new ParameterStore();
    applyTaskResult(tree, { name: 'GetParameterNames', parameterPath: 'Device.WiFi.', nextLevel: false }, { name: 'GetParameterNamesResponse', parameterList: [{ name: 'Device.WiFi.SSID.1.', writable: false }, { name: 'Device.WiFi.SSID.1.SSID', writable: true }] }, 1);
    expect(tree.get('Device.WiFi.SSID.1.SSID')).toMatchObject({ writable: true, readAt: 1 });
    applyTaskResult(tree, { name: 'GetParameterValues', parameterNames: ['Device.WiFi.'] }, { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'a', type: 'xsd:string' }] }, 2);
    expect(tree.get('Device.WiFi.SSID.1.SSID')).toMatchObject({ value: 'a', type: 'xsd:string', readAt: 2 });
    applyTaskResult(tree, { name: 'GetParameterAttributes', parameterNames: ['Device.WiFi.SSID.1.SSID'] }, { name: 'GetParameterAttributesResponse', parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', notification: 1, accessList: [] }] }, 3);
    expect(tree.get('Device.WiFi.SSID.1.SSID')?.notification).toBe(1);
    applyTaskResult(tree, { name: 'SetParameterAttributes', parameterList: [{ name: 'Device.WiFi.', notificationChange: true, notification: 2, accessListChange: true, accessList: ['Subscriber'] }] }, { name: 'SetParameterAttributesResponse' }, 4);
    expect(tree.get('Device.WiFi.SSID.1.SSID')).toMatchObject({ notification: 2, accessList: ['Subscriber'] });
    const spv = { name: 'SetParameterValues' as const, parameterList: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'b', type: 'xsd:string' }], parameterKey: '' };
    applyTaskResult(tree, spv, { name: 'SetParameterValuesResponse', status: 2 }, 5);
    expect(tree.get('Device.WiFi.SSID.1.SSID')?.value).toBe('a');
    applyTaskResult(tree, spv, { name: 'SetParameterValuesResponse', status: 1 }, 6);
    expect(tree.get('Device.WiFi.SSID.1.SSID')?.value).toBe('b');
    expect(applyTaskResult(tree, { name: 'AddObject', objectName: 'Device.WiFi.SSID.', parameterKey: '' }, { name: 'AddObjectResponse', instanceNumber: 2, status: 0 }, 7)).toEqual(['Device.WiFi.SSID.2.']);
    expect(tree.get('Device.WiFi.SSID.2.')?.object).toBe(true);
    expect(applyTaskResult(tree, { name: 'DeleteObject', objectName: 'Device.WiFi.SSID.1.', parameterKey: '' }, { name: 'DeleteObjectResponse', status: 0 }, 8)).toEqual(['Device.WiFi.SSID.1.']);
    expect(tree.get('Device.WiFi.SSID.1.SSID')).toBeUndefined();
    expect(tree.get('Device.WiFi.SSID.2')).toBeDefined();
    // A fault-shaped result teaches nothing.
    expect(applyTaskResult(tree, { name: 'GetParameterValues', parameterNames: ['X.'] }, { name: 'Unknown', method: 'X', content: {} }, 9)).toEqual([]);
  });
});
