/**
 * buildCwmp over xmlbuilder2: the escaping xmlbuilder2 does not do (it leaves entity-like `&…;`
 * sequences and CR raw, and writes characters XML cannot carry) is ours, so values that look like
 * markup or references must still come back exactly, and the output must be well-formed XML for
 * a parser other than our own.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildCwmp, parseCwmp, type CwmpMessage, type Rpc } from '../../../src-shared/cwmp';
import { ALL_RPC_NAMES, Gen, prng } from './generate';

/** Values that an XML writer could mistake for markup or references. */
const TRICKY = [
  '&amp;',
  '&amp;amp;',
  '&lt;tag&gt;',
  '&quot;&apos;',
  '&#13;',
  '&#xD;',
  '&#x1F600;',
  '&#0;',
  '&foo;',
  '&unknown-entity;',
  'a&b;c',
  '&',
  '&&;',
  ']]>',
  '<![CDATA[x]]>',
  '<![CDATA[',
  '<!-- c -->',
  '<?pi x?>',
  '<!DOCTYPE x [<!ENTITY e "v">]>',
  '</Value>',
  '"quoted" \'single\'',
  'line1\r\nline2\rline3\n',
  '\r',
  '\t tab',
  '  ',
  '中文 ☃ 😀 𝄞',
];

/** Builds, checks well-formedness with fast-xml-parser, decodes; `warn`: the warning codes expected. */
function roundTrip(rpc: Rpc, header: CwmpMessage['header'] = {}, warn: string[] = []): CwmpMessage {
  const xml = buildCwmp({ rpc, header, namespace: 'urn:dslforum-org:cwmp-1-2' });
  expect(XMLValidator.validate(xml), xml).toBe(true);
  const r = parseCwmp(xml);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}\n${xml}`);
  expect(r.message.warnings.map((w) => w.code)).toEqual(warn);
  return r.message;
}

describe('buildCwmp escaping (xmlbuilder2 with our references)', () => {
  it.each(TRICKY)('element text %j comes back exactly (RPC field, parameter value, cwmp:ID)', (v) => {
    const m = roundTrip(
      { name: 'SetParameterValues', parameterList: [{ name: 'Device.X', value: v, type: 'xsd:string' }], parameterKey: v },
      { id: v, idMustUnderstand: true },
    );
    expect(m.rpc).toStrictEqual({ name: 'SetParameterValues', parameterList: [{ name: 'Device.X', value: v, type: 'xsd:string' }], parameterKey: v });
    expect(m.header.id).toBe(v);
  });

  it.each(TRICKY.filter((v) => v.trim() !== ''))('attribute value %j (xsi:type) comes back exactly', (v) => {
    // The decoder notes the unknown type, and keeps it as sent.
    const m = roundTrip({ name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: '1', type: v }] }, {}, ['unknown-xsi-type']);
    expect(m.rpc).toStrictEqual({ name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: '1', type: v }] });
  });

  it('writes each & as &amp; (never trusting what follows) and CR as &#xD;', () => {
    const xml = buildCwmp({ rpc: { name: 'Reboot', commandKey: '&amp;|&#13;|&#xD;|&foo;|a\rb' } });
    expect(xml).toContain('<CommandKey>&amp;amp;|&amp;#13;|&amp;#xD;|&amp;foo;|a&#xD;b</CommandKey>');
  });

  it('escapes < and > so that ]]> and CDATA openers stay text', () => {
    const xml = buildCwmp({ rpc: { name: 'Reboot', commandKey: '<![CDATA[x]]>' } });
    expect(xml).toContain('<CommandKey>&lt;![CDATA[x]]&gt;</CommandKey>');
  });

  it('keeps TAB, LF and CR in attribute values as references, and " as &quot;', () => {
    const type = 'a\tb\nc\rd"e\'f';
    const xml = buildCwmp({ rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'A', value: '', type }] } });
    expect(xml).toContain(`<Value xsi:type="a&#x9;b&#xA;c&#xD;d&quot;e'f"></Value>`);
  });

  it('drops characters XML 1.0 cannot carry, keeps surrogate pairs, and leaks no internal marker', () => {
    const illegal = [...Array.from({ length: 32 }, (_, i) => i).filter((c) => c !== 9 && c !== 10 && c !== 13), 0xfffe, 0xffff]
      .map((c) => String.fromCharCode(c))
      .join('');
    const lone = '\ud800x\udc00y\udbff';
    const v = `a${illegal}b${lone}c😀`;
    const xml = buildCwmp({
      rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: v, type: `xsd:${illegal}string` }] },
      header: { id: v },
    });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    const m = roundTrip({ name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: v, type: `xsd:${illegal}string` }] }, { id: v });
    expect(m.rpc).toStrictEqual({ name: 'GetParameterValuesResponse', parameterList: [{ name: 'Device.X', value: 'abxyc😀', type: 'xsd:string' }] });
    expect(m.header.id).toBe('abxyc😀');
  });

  it('writes empty containers open-and-closed and empty leaves self-closed, as before', () => {
    const xml = buildCwmp({ rpc: { name: 'GetParameterValues', parameterNames: [] }, header: { id: '' } });
    expect(xml).toContain('<cwmp:ID SOAP-ENV:mustUnderstand="1"></cwmp:ID>');
    expect(xml).toContain('<ParameterNames SOAP-ENC:arrayType="xsd:string[0]"></ParameterNames>');
    expect(buildCwmp({ rpc: { name: 'Reboot', commandKey: '' } })).toContain('<cwmp:Reboot><CommandKey/></cwmp:Reboot>');
    expect(buildCwmp({ rpc: { name: 'GetParameterValuesResponse', parameterList: [{ name: 'A', value: '', type: 'xsd:string' }] } })).toContain(
      '<ParameterValueStruct><Name>A</Name><Value xsi:type="xsd:string"></Value></ParameterValueStruct>',
    );
    expect(buildCwmp({ rpc: { name: 'InformResponse', maxEnvelopes: 1 } })).toContain('<SOAP-ENV:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></SOAP-ENV:Body>');
  });

  it('declares the five namespaces once, on the Envelope, for every RPC (xmlbuilder2 adds none)', () => {
    for (const name of ALL_RPC_NAMES) {
      const gen = new Gen(prng(0x5eed ^ name.charCodeAt(2)));
      for (let i = 0; i < 5; i++) {
        const xml = buildCwmp({ rpc: gen.rpc(name), header: gen.header(), namespace: gen.namespace() });
        expect(xml.match(/xmlns/g), name).toHaveLength(5);
        expect(xml.indexOf('xmlns'), name).toBeLessThan(xml.indexOf('>', xml.indexOf('<SOAP-ENV:Envelope')));
        expect(XMLValidator.validate(xml), name).toBe(true);
      }
    }
  });

  it('counts a 10,000-item array right and round-trips it', () => {
    const parameterList = Array.from({ length: 10_000 }, (_, i) => ({ name: `Device.X.${i}.Y`, value: `v&${i}<`, type: 'xsd:string' }));
    const xml = buildCwmp({ rpc: { name: 'GetParameterValuesResponse', parameterList } });
    expect(xml).toContain('SOAP-ENC:arrayType="cwmp:ParameterValueStruct[10000]"');
    const r = parseCwmp(xml);
    expect(r.ok && r.message.rpc).toStrictEqual({ name: 'GetParameterValuesResponse', parameterList });
  });
});
