import { describe, expect, it } from 'vitest';
import { parseCwmp, type DecodeResult } from '../../../src-shared/cwmp';
import { envelope, GPV_RESPONSE_BODY } from './hand';

function err(r: DecodeResult): { code: string; message: string; line?: number; column?: number } {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.message).slice(0, 200)}`);
  return r.error;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${envelope('<cwmp:Reboot><CommandKey>&lol9;</CommandKey></cwmp:Reboot>')}`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
${envelope('<cwmp:Reboot><CommandKey>&xxe;</CommandKey></cwmp:Reboot>')}`;

describe('bad input gives a clear error, never a throw', () => {
  it('billion laughs is rejected before parsing', () => {
    const e = err(parseCwmp(BILLION_LAUGHS));
    expect(e.code).toBe('dtd-forbidden');
    expect(e.message).toMatch(/DTD/);
    expect(e.line).toBe(2);
  });

  it('an external entity is rejected', () => {
    expect(err(parseCwmp(EXTERNAL_ENTITY)).code).toBe('dtd-forbidden');
  });

  it('a lower-case or internal-subset-only DOCTYPE is rejected too', () => {
    expect(err(parseCwmp(`<!doctype x>${envelope(GPV_RESPONSE_BODY)}`)).code).toBe('dtd-forbidden');
    expect(err(parseCwmp(`<!DOCTYPE Envelope>${envelope(GPV_RESPONSE_BODY)}`)).code).toBe('dtd-forbidden');
  });

  it('an undefined entity reference is left as text, not expanded', () => {
    const r = parseCwmp(envelope('<cwmp:Reboot><CommandKey>&xxe;</CommandKey></cwmp:Reboot>'));
    expect(r.ok && r.message.rpc).toEqual({ name: 'Reboot', commandKey: '&xxe;' });
    expect(r.ok && r.message.warnings.map((w) => w.code)).toEqual(['unknown-entity']);
  });

  it('size limit', () => {
    const xml = envelope(GPV_RESPONSE_BODY);
    expect(err(parseCwmp(xml, { maxBytes: 100 })).code).toBe('too-large');
    expect(err(parseCwmp(new TextEncoder().encode(xml), { maxBytes: 100 })).code).toBe('too-large');
    expect(parseCwmp(xml, { maxBytes: xml.length }).ok).toBe(true);
  });

  it('nesting depth limit', () => {
    const deep = envelope(`<cwmp:X_Deep>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</cwmp:X_Deep>`);
    expect(err(parseCwmp(deep)).code).toBe('too-deep');
    expect(err(parseCwmp(envelope(GPV_RESPONSE_BODY), { maxDepth: 4 })).code).toBe('too-deep');
    expect(parseCwmp(envelope(GPV_RESPONSE_BODY), { maxDepth: 7 }).ok).toBe(true);
    // Far beyond any stack: still an error, not a crash.
    expect(err(parseCwmp('<a>'.repeat(200_000))).code).toBe('too-deep');
  });

  it('a truncated body', () => {
    const xml = envelope(GPV_RESPONSE_BODY);
    for (const cut of [xml.length - 1, xml.length - 9, xml.length - 30, Math.floor(xml.length / 2), 10]) {
      const e = err(parseCwmp(xml.slice(0, cut)));
      expect(e.code, `cut at ${cut}`).toBe('truncated');
      expect(e.message).toMatch(/truncated/);
    }
  });

  it('a mismatched end tag', () => {
    const e = err(parseCwmp(envelope(GPV_RESPONSE_BODY.replace('</Name>', '</Nam>'))));
    expect(e.code).toBe('mismatched-tag');
    expect(e.message).toContain('</Nam>');
    expect(e.message).toContain('<Name>');
  });

  it('not XML at all', () => {
    expect(err(parseCwmp('hello world')).code).toBe('not-xml');
    expect(err(parseCwmp('{"json": true}')).code).toBe('not-xml');
    expect(err(parseCwmp('<a>1 < 2</a>')).code).toBe('not-xml');
    expect(err(parseCwmp(new Uint8Array([0xff, 0x00, 0x13, 0x37]))).code).toBe('not-xml');
  });

  it('XML but not SOAP', () => {
    const e = err(parseCwmp('<html><body>502 Bad Gateway</body></html>'));
    expect(e.code).toBe('not-soap');
    expect(e.message).toContain('<html>');
  });

  it('an Envelope without Body', () => {
    const xml = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/></soap:Envelope>';
    expect(err(parseCwmp(xml)).code).toBe('no-body');
  });

  it('element names that would pollute prototypes are an error, not a crash', () => {
    for (const name of ['__proto__', 'constructor']) {
      const e = err(parseCwmp(envelope(`<cwmp:Reboot><${name}>x</${name}><CommandKey>a</CommandKey></cwmp:Reboot>`)));
      expect(e.code).toBe('forbidden-name');
      expect(e.message).toContain(name);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a fault without detail decodes with missing-element', () => {
    const r = parseCwmp(envelope('<SOAP-ENV:Fault><faultcode>Server</faultcode><faultstring>boom</faultstring></SOAP-ENV:Fault>'));
    expect(r.ok && r.message.rpc).toEqual({ name: 'Fault', soapFaultCode: 'Server', soapFaultString: 'boom', faultCode: 0, faultString: '' });
    expect(r.ok && r.message.warnings.map((w) => w.code)).toEqual(['missing-element']);
  });
});

describe('duplicate attributes (not well-formed XML)', () => {
  it('are warned about with a code, the message still decoded', () => {
    const xml = envelope('<cwmp:Reboot a="1" b="2" a="3"><CommandKey>k</CommandKey></cwmp:Reboot>');
    const r = parseCwmp(xml);
    expect(r.ok && r.message.rpc).toEqual({ name: 'Reboot', commandKey: 'k' });
    expect(r.ok && r.message.warnings.map((w) => w.code)).toEqual(['duplicate-attribute']);
    expect(r.ok && r.message.warnings[0].message).toContain('"a"');
  });

  it('are not confused by a name that is a prefix of another, or by values that look like attributes', () => {
    const r = parseCwmp(envelope('<cwmp:Reboot ab="1" a="x a=&quot;2&quot;" b=\'a="3"\'><CommandKey>k</CommandKey></cwmp:Reboot>'));
    expect(r.ok && r.message.warnings).toEqual([]);
  });
});
