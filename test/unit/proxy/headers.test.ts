import { describe, expect, it } from 'vitest';
import { forwardHeaders, upstreamPath } from '../../../src-main/proxy/headers';
import { faultEnvelope, findConnectionRequestUrl, replaceConnectionRequestUrl } from '../../../src-main/proxy/cwmp-edit';
import { parseCwmp } from '../../../src-shared/cwmp/index';
import { informXml } from '../capture/cwmp-bodies';

describe('forwardHeaders', () => {
  it('drops hop-by-hop fields and those the Connection header names, keeps the rest in order and case', () => {
    const raw = ['Host', 'cpe-side:7547', 'Connection', 'keep-alive, X-Hop', 'Keep-Alive', 'timeout=5', 'X-Hop', '1', 'TE', 'trailers', 'SOAPAction', '""', 'cookie', 'a=1', 'Cookie', 'b=2', 'Transfer-Encoding', 'chunked', 'Proxy-Authorization', 'Basic x'];
    expect(forwardHeaders(raw)).toEqual(['Host', 'cpe-side:7547', 'SOAPAction', '""', 'cookie', 'a=1', 'Cookie', 'b=2', 'Transfer-Encoding', 'chunked']);
  });

  it('replaces a field in place, removes with null, and adds what was missing', () => {
    const raw = ['host', 'a', 'Content-Length', '10', 'Expect', '100-continue'];
    expect(forwardHeaders(raw, { Host: 'acs:80', 'content-length': '12', expect: null, 'Content-Type': 'text/xml' })).toEqual(['host', 'acs:80', 'Content-Length', '12', 'Content-Type', 'text/xml']);
  });
});

describe('upstreamPath', () => {
  it('maps / to the upstream path and appends other paths, keeping the query', () => {
    expect(upstreamPath(new URL('http://acs/tr069'), '/')).toBe('/tr069');
    expect(upstreamPath(new URL('http://acs/tr069/'), '/x?y=1')).toBe('/tr069/x?y=1');
    expect(upstreamPath(new URL('http://acs/'), '/cwmp')).toBe('/cwmp');
    expect(upstreamPath(new URL('http://acs'), '/?a=b')).toBe('/?a=b');
    expect(upstreamPath(new URL('http://acs/acs?key=k'), '/')).toBe('/acs?key=k');
  });
});

describe('CWMP byte edits', () => {
  it('finds and replaces only the ConnectionRequestURL value', () => {
    const xml = informXml({ crUrl: 'http://10.0.0.1:7547/cr?a=1&amp;b=2' });
    expect(findConnectionRequestUrl(xml)).toBe('http://10.0.0.1:7547/cr?a=1&b=2');
    const out = replaceConnectionRequestUrl(xml, 'http://127.0.0.1:9/cr/abc&x');
    expect(findConnectionRequestUrl(out)).toBe('http://127.0.0.1:9/cr/abc&x');
    expect(out.replace('http://127.0.0.1:9/cr/abc&amp;x', 'http://10.0.0.1:7547/cr?a=1&amp;b=2')).toBe(xml);
    expect(findConnectionRequestUrl('<x/>')).toBeUndefined();
  });

  it('builds a fault the codec reads back with the right code, id and namespace', () => {
    const xml = faultEnvelope({ namespace: 'urn:dslforum-org:cwmp-1-2', cwmpId: 'a<b', faultCode: 9005, faultString: 'Invalid & wrong' });
    const r = parseCwmp(xml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(r.message.header.id).toBe('a<b');
    expect(r.message.rpc).toMatchObject({ name: 'Fault', faultCode: 9005, faultString: 'Invalid & wrong' });
  });
});
