import { describe, expect, it } from 'vitest';
import { toCurl } from '../../../src-renderer/src/lib/copy';
import { prettyXml } from '../../../src-renderer/src/lib/xml-pretty';
import { commonNameOf, createCertificatesStore, expiryLevel } from '../../../src-renderer/src/state/certificates';
import { createCapturesStore } from '../../../src-renderer/src/state/captures';
import { ApiError } from '../../../src-shared/api/errors';
import type { Caller } from '../../../src-renderer/src/state/caller';
import { informExchange } from './fixtures';

describe('prettyXml', () => {
  it('indents elements, keeps text on one line and leaves non-XML alone', () => {
    const out = prettyXml('<a><b>x y</b><c/><d><e>1</e></d></a>');
    expect(out.split('\n')).toEqual(['<a>', '  <b>x y</b>', '  <c/>', '  <d>', '    <e>1</e>', '  </d>', '</a>']);
    expect(prettyXml('not xml')).toBe('not xml');
    expect(prettyXml('<a><![CDATA[<b>]]></a>')).toContain('<![CDATA[<b>]]>');
  });
});

describe('toCurl', () => {
  it('replays the request against the same listener, quoting the body for a shell', () => {
    const x = informExchange({ params: [["Device.X.Name", "it's"]] });
    const curl = toCurl(x);
    expect(curl).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:7547\/'/);
    expect(curl).not.toContain("-H 'Host:");
    expect(curl).toContain(`it'\\''s`);
  });
});

describe('certificates slice', () => {
  it('flags expired and soon-expiring certificates', () => {
    expect(expiryLevel({ validity: 'expired', daysLeft: -3 })).toBe('bad');
    expect(expiryLevel({ validity: 'valid', daysLeft: 12 })).toBe('soon');
    expect(expiryLevel({ validity: 'valid', daysLeft: 400 })).toBe('ok');
  });

  it("names an issuer by its common name, wherever it sits in the name", () => {
    expect(commonNameOf('O=Bench 3, CN=Bench CA')).toBe('Bench CA');
    expect(commonNameOf('CN=Lab\\, Inc, O=Lab')).toBe('Lab, Inc');
    expect(commonNameOf('O=No Common Name')).toBe('O=No Common Name');
  });

  it('reports an unavailable service instead of failing', async () => {
    const api: Caller = { call: () => Promise.reject(new ApiError('unavailable', 'certs are not part of this build')) };
    const s = createCertificatesStore(api);
    await s.getState().refresh();
    expect(s.getState()).toMatchObject({ unavailable: true, loaded: true, error: 'certs are not part of this build' });
    expect(await s.getState().createCa({ subject: { commonName: 'x' } })).toBeNull();
  });

  it('selects a created CA and shows its details', async () => {
    const detail = { id: 'c1', label: 'Lab CA' } as never;
    const calls: string[] = [];
    const api = {
      async call(method: string) {
        calls.push(method);
        if (method === 'certs/create-ca' || method === 'certs/get') return detail;
        if (method === 'certs/list') return { certs: [detail] };
        if (method === 'certs/acs-tls-get') return null;
        throw new Error(method);
      },
    } as unknown as Caller;
    const s = createCertificatesStore(api);
    await s.getState().createCa({ subject: { commonName: 'Lab CA' } });
    expect(s.getState().selectedId).toBe('c1');
    expect(s.getState().detail).toBe(detail);
    expect(calls).toContain('certs/list');
  });
});

describe('captures slice', () => {
  it('lists newest first and knows the recording', async () => {
    const info = (name: string, modifiedAt: number, recording = false) => ({ name, path: `/c/${name}`, size: 1, modifiedAt, recording });
    const api = {
      async call(method: string) {
        if (method === 'captures/list') return { captures: [info('a', 1), info('b', 3, true), info('c', 2)], dir: '/c' };
        if (method === 'captures/current') return { recording: true, capture: info('b', 3, true) };
        throw new Error(method);
      },
    } as unknown as Caller;
    const s = createCapturesStore(api);
    await s.getState().refresh();
    expect(s.getState().captures.map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(s.getState().recording?.name).toBe('b');
  });
});
