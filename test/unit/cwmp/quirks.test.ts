import { describe, expect, it } from 'vitest';
import { parseCwmp, type CwmpMessage, type DecodeResult } from '../../../src-shared/cwmp';
import { envelope, GPV_RESPONSE_BODY, informBody } from './hand';

function ok(r: DecodeResult): CwmpMessage {
  if (!r.ok) throw new Error(`decode failed: ${r.error.code}: ${r.error.message}`);
  return r.message;
}
const codes = (m: CwmpMessage): string[] => m.warnings.map((w) => w.code);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

describe('namespace prefixes', () => {
  for (const prefix of ['SOAP-ENV', 'soap', 'soapenv', 'soap-env', 'env']) {
    it(`envelope prefix '${prefix}'`, () => {
      const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { prefix })));
      expect(m.rpc?.name).toBe('GetParameterValuesResponse');
      expect(m.header.id).toBe('42');
      expect(m.header.idMustUnderstand).toBe(true);
      expect(m.warnings).toEqual([]);
    });
  }

  it('no prefix at all: default namespaces on Envelope and on the RPC', () => {
    const xml =
      '<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body>' +
      '<GetParameterValues xmlns="urn:dslforum-org:cwmp-1-1"><ParameterNames xmlns:e="http://schemas.xmlsoap.org/soap/encoding/" e:arrayType="xsd:string[1]"><string>Device.</string></ParameterNames></GetParameterValues>' +
      '</Body></Envelope>';
    const m = ok(parseCwmp(xml));
    expect(m.namespace).toBe('urn:dslforum-org:cwmp-1-1');
    expect(m.rpc).toEqual({ name: 'GetParameterValues', parameterNames: ['Device.'] });
    expect(m.warnings).toEqual([]);
  });

  it('an RPC in no cwmp namespace decodes with unqualified-rpc, namespace taken from the envelope', () => {
    const m = ok(parseCwmp(envelope('<GetRPCMethods/>')));
    expect(m.rpc).toEqual({ name: 'GetRPCMethods' });
    expect(m.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(codes(m)).toContain('unqualified-rpc');
  });

  it('an undeclared prefix is read by local name with unbound-prefix', () => {
    const xml = envelope('<soap:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>9005</FaultCode><FaultString>x</FaultString></cwmp:Fault></detail></soap:Fault>');
    const m = ok(parseCwmp(xml));
    expect(m.rpc).toMatchObject({ name: 'Fault', faultCode: 9005 });
    expect(codes(m)).toContain('unbound-prefix');
  });

  it('SOAP 1.2 envelope namespace is tolerated with soap12-namespace', () => {
    const xml = envelope(GPV_RESPONSE_BODY).replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope');
    expect(codes(ok(parseCwmp(xml)))).toContain('soap12-namespace');
  });
});

describe('cwmp namespaces and versions', () => {
  for (const [ns, version] of [
    ['urn:dslforum-org:cwmp-1-0', '1.0'],
    ['urn:dslforum-org:cwmp-1-1', '1.1'],
    ['urn:dslforum-org:cwmp-1-2', '1.2'],
  ] as const) {
    it(`${ns} ⇒ version ${version}, no warning`, () => {
      const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { ns })));
      expect(m.namespace).toBe(ns);
      expect(m.version).toBe(version);
      expect(m.warnings).toEqual([]);
    });
  }

  it('CWMP 1.4: 1-2 namespace, version from SupportedCWMPVersions (highest listed)', () => {
    const header = '<cwmp:ID SOAP-ENV:mustUnderstand="1">1</cwmp:ID><cwmp:SupportedCWMPVersions SOAP-ENV:mustUnderstand="0">1.0,1.2,1.4</cwmp:SupportedCWMPVersions>';
    const m = ok(parseCwmp(envelope(informBody(), { ns: 'urn:dslforum-org:cwmp-1-2', header })));
    expect(m.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(m.version).toBe('1.4');
    expect(m.header.supportedCwmpVersions).toBe('1.0,1.2,1.4');
  });

  it('UseCWMPVersion decides the version', () => {
    const header = '<cwmp:ID SOAP-ENV:mustUnderstand="1">1</cwmp:ID><cwmp:UseCWMPVersion SOAP-ENV:mustUnderstand="1">1.3</cwmp:UseCWMPVersion>';
    const m = ok(parseCwmp(envelope('<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>', { ns: 'urn:dslforum-org:cwmp-1-2', header })));
    expect(m.version).toBe('1.3');
    expect(m.header.useCwmpVersion).toBe('1.3');
  });

  for (const ns of ['urn:dslforum-org:cwmp-1-3', 'urn:dslforum-org:cwmp-1-4'] as const) {
    it(`non-standard ${ns} is accepted with nonstandard-namespace`, () => {
      const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { ns })));
      expect(m.namespace).toBe(ns);
      expect(m.version).toBe(ns.endsWith('3') ? '1.3' : '1.4');
      expect(codes(m)).toEqual(['nonstandard-namespace']);
    });
  }

  it('an unknown cwmp namespace gives namespace null with unknown-namespace', () => {
    const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { ns: 'urn:dslforum-org:cwmp-1-9' })));
    expect(m.namespace).toBeNull();
    expect(m.version).toBeNull();
    expect(codes(m)).toContain('unknown-namespace');
  });
});

describe('SOAP headers', () => {
  it('HoldRequests, SessionTimeout, and ID without mustUnderstand', () => {
    const header = '<cwmp:ID>7</cwmp:ID><cwmp:HoldRequests SOAP-ENV:mustUnderstand="1">1</cwmp:HoldRequests><cwmp:SessionTimeout>30</cwmp:SessionTimeout>';
    const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { header })));
    expect(m.header).toEqual({ id: '7', idMustUnderstand: false, holdRequests: true, sessionTimeout: 30 });
    expect(codes(m)).toEqual(['id-without-mustunderstand']);
  });

  it('deprecated NoMoreRequests is read, with deprecated-header', () => {
    const header = '<cwmp:ID SOAP-ENV:mustUnderstand="1">7</cwmp:ID><cwmp:NoMoreRequests>1</cwmp:NoMoreRequests>';
    const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { header })));
    expect(m.header.noMoreRequests).toBe(true);
    expect(codes(m)).toEqual(['deprecated-header']);
  });

  it('unknown header entries are kept in header.extra', () => {
    const header = '<cwmp:ID SOAP-ENV:mustUnderstand="1">7</cwmp:ID><x:Trace xmlns:x="urn:x">abc</x:Trace>';
    const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { header })));
    expect(m.header.extra).toEqual({ Trace: { '#text': 'abc', '@_xmlns:x': 'urn:x' } });
    expect(codes(m)).toEqual(['unknown-header']);
  });

  it('a message without a Header decodes with an empty header', () => {
    const m = ok(parseCwmp(envelope(GPV_RESPONSE_BODY, { header: '' })));
    expect(m.header).toEqual({});
    expect(m.warnings).toEqual([]);
  });
});

describe('xsi:type and arrayType', () => {
  it('missing xsi:type ⇒ type "" with missing-xsi-type', () => {
    const params = '<ParameterValueStruct><Name>A.B</Name><Value>x</Value></ParameterValueStruct>';
    const m = ok(parseCwmp(envelope(informBody({ params }))));
    expect(m.rpc).toMatchObject({ parameterList: [{ name: 'A.B', value: 'x', type: '' }] });
    expect(codes(m)).toEqual(['missing-xsi-type']);
  });

  it('a value that does not fit its xsi:type is kept, with value-type-mismatch', () => {
    const params = '<ParameterValueStruct><Name>A.B</Name><Value xsi:type="xsd:unsignedInt">abc</Value></ParameterValueStruct>';
    const m = ok(parseCwmp(envelope(informBody({ params }))));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: 'abc', type: 'xsd:unsignedInt' }] });
    expect(codes(m)).toEqual(['value-type-mismatch']);
  });

  it('an unknown xsi:type is kept as sent, with unknown-xsi-type', () => {
    const params = '<ParameterValueStruct><Name>A.B</Name><Value xsi:type="xsd:float">1.5</Value></ParameterValueStruct>';
    const m = ok(parseCwmp(envelope(informBody({ params }))));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: '1.5', type: 'xsd:float' }] });
    expect(codes(m)).toEqual(['unknown-xsi-type']);
  });

  it('arrayType absent ⇒ missing-array-type; wrong count ⇒ array-count-mismatch; zero-padded count is fine', () => {
    expect(codes(ok(parseCwmp(envelope(informBody({ count: null })))))).toEqual(['missing-array-type']);
    expect(codes(ok(parseCwmp(envelope(informBody({ count: 10 })))))).toEqual(['array-count-mismatch']);
    const padded = envelope(informBody()).replace('ParameterValueStruct[1]', 'ParameterValueStruct[0001]');
    expect(ok(parseCwmp(padded)).warnings).toEqual([]);
    const garbage = envelope(informBody()).replace('cwmp:ParameterValueStruct[1]', 'whatever');
    expect(codes(ok(parseCwmp(garbage)))).toEqual(['malformed-array-type']);
  });

  it('SOAP-ENC:Array xsi:type and Clark-notation arrayType are accepted', () => {
    const xml = envelope(
      '<cwmp:GetParameterValues><ParameterNames xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="{urn:dslforum-org:cwmp-1-2}string[2]"><string>A.</string><string>B.</string></ParameterNames></cwmp:GetParameterValues>',
    );
    const m = ok(parseCwmp(xml));
    expect(m.rpc).toEqual({ name: 'GetParameterValues', parameterNames: ['A.', 'B.'] });
    expect(m.warnings).toEqual([]);
  });
});

describe('bytes and charsets', () => {
  const informLatin1 = (decl: string): string =>
    `${decl}${envelope(informBody({ params: '<ParameterValueStruct><Name>A.SSID</Name><Value xsi:type="xsd:string">Caf\u00e9</Value></ParameterValueStruct>' }))}`;

  it('ISO-8859-1 from the XML declaration', () => {
    const m = ok(parseCwmp(latin1(informLatin1('<?xml version="1.0" encoding="ISO-8859-1"?>'))));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: 'Café' }] });
    expect(m.warnings).toEqual([]);
  });

  it('ISO-8859-1 from the HTTP content type', () => {
    const m = ok(parseCwmp(latin1(informLatin1('')), { contentType: 'text/xml; charset=ISO-8859-1' }));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: 'Café' }] });
    expect(m.warnings).toEqual([]);
  });

  it('Latin-1 bytes mislabelled as UTF-8 are read as Windows-1252 with invalid-utf8', () => {
    const m = ok(parseCwmp(latin1(informLatin1('<?xml version="1.0" encoding="UTF-8"?>'))));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: 'Café' }] });
    expect(codes(m)).toEqual(['invalid-utf8']);
  });

  it('HTTP charset and declaration disagreeing ⇒ the declaration wins, with charset-mismatch', () => {
    const m = ok(parseCwmp(latin1(informLatin1('<?xml version="1.0" encoding="ISO-8859-1"?>')), { contentType: 'text/xml; charset=utf-8' }));
    expect(m.rpc).toMatchObject({ parameterList: [{ value: 'Café' }] });
    expect(codes(m)).toEqual(['charset-mismatch']);
  });

  it('an unknown charset falls back to UTF-8 with unknown-charset', () => {
    const m = ok(parseCwmp(enc(envelope(GPV_RESPONSE_BODY)), { contentType: 'text/xml; charset=x-klingon' }));
    expect(m.rpc?.name).toBe('GetParameterValuesResponse');
    expect(codes(m)).toEqual(['unknown-charset']);
  });

  it('UTF-8 BOM, leading whitespace, CRLF and non-ASCII values', () => {
    const xml = `\uFEFF  \r\n<?xml version="1.0" encoding="UTF-8"?>\r\n${envelope(informBody({ params: '<ParameterValueStruct>\r\n<Name>A.B</Name>\r\n<Value xsi:type="xsd:string">中文 ☃ 😀</Value>\r\n</ParameterValueStruct>' }))}\r\n`;
    const m = ok(parseCwmp(enc(xml)));
    expect(m.rpc).toMatchObject({ parameterList: [{ name: 'A.B', value: '中文 ☃ 😀' }] });
    expect(codes(m).sort()).toEqual(['byte-order-mark', 'leading-whitespace']);
  });

  it('a UTF-16LE body with BOM', () => {
    const xml = envelope(GPV_RESPONSE_BODY);
    const bytes = new Uint8Array(2 + xml.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < xml.length; i++) {
      bytes[2 + i * 2] = xml.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = xml.charCodeAt(i) >> 8;
    }
    const m = ok(parseCwmp(bytes));
    expect(m.rpc?.name).toBe('GetParameterValuesResponse');
    expect(codes(m)).toEqual(['byte-order-mark']);
  });

  it('UTF-16 without BOM is recognised; a UTF-16 label on 8-bit bytes is overruled', () => {
    const xml = envelope(GPV_RESPONSE_BODY);
    const be = new Uint8Array(xml.length * 2);
    for (let i = 0; i < xml.length; i++) {
      be[i * 2] = xml.charCodeAt(i) >> 8;
      be[i * 2 + 1] = xml.charCodeAt(i) & 0xff;
    }
    const m = ok(parseCwmp(be));
    expect(m.rpc?.name).toBe('GetParameterValuesResponse');
    expect(m.warnings).toEqual([]);
    const lying = ok(parseCwmp(enc(`<?xml version="1.0" encoding="UTF-16"?>${xml}`)));
    expect(lying.rpc?.name).toBe('GetParameterValuesResponse');
    expect(codes(lying)).toEqual(['charset-mismatch']);
  });

  it('a CR kept as a character reference survives; a bare CRLF in a value becomes LF (XML end-of-line rule)', () => {
    const params = '<ParameterValueStruct><Name>A.B</Name><Value xsi:type="xsd:string">a&#13;\nb\r\nc</Value></ParameterValueStruct>';
    expect(ok(parseCwmp(envelope(informBody({ params })))).rpc).toMatchObject({ parameterList: [{ value: 'a\r\nb\nc' }] });
  });
});

describe('lexical quirks', () => {
  it('elements in an unexpected order', () => {
    const body =
      '<cwmp:Inform><ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[0]"/><RetryCount>3</RetryCount><CurrentTime>2024-01-01T00:00:00Z</CurrentTime>' +
      '<MaxEnvelopes>1</MaxEnvelopes><Event SOAP-ENC:arrayType="cwmp:EventStruct[1]"><EventStruct><CommandKey>k</CommandKey><EventCode>M Reboot</EventCode></EventStruct></Event>' +
      '<DeviceId><SerialNumber>S</SerialNumber><OUI>001122</OUI><ProductClass>P</ProductClass><Manufacturer>M</Manufacturer></DeviceId></cwmp:Inform>';
    const m = ok(parseCwmp(envelope(body)));
    expect(m.rpc).toEqual({
      name: 'Inform',
      deviceId: { manufacturer: 'M', oui: '001122', productClass: 'P', serialNumber: 'S' },
      event: [{ eventCode: 'M Reboot', commandKey: 'k' }],
      maxEnvelopes: 1,
      currentTime: '2024-01-01T00:00:00Z',
      retryCount: 3,
      parameterList: [],
    });
    expect(m.warnings).toEqual([]);
  });

  it('unknown elements are kept in rpc.extra, not dropped', () => {
    const body =
      '<cwmp:GetParameterNamesResponse><ParameterList SOAP-ENC:arrayType="cwmp:ParameterInfoStruct[1]"><ParameterInfoStruct><Name>A.</Name><Writable>1</Writable><X_Note>hi</X_Note></ParameterInfoStruct></ParameterList><X_Vendor>v</X_Vendor></cwmp:GetParameterNamesResponse>';
    const m = ok(parseCwmp(envelope(body)));
    expect(m.rpc).toEqual({
      name: 'GetParameterNamesResponse',
      parameterList: [{ name: 'A.', writable: true }],
      extra: { 'ParameterList/ParameterInfoStruct[1]/X_Note': 'hi', X_Vendor: 'v' },
    });
    expect(codes(m)).toEqual(['unknown-element', 'unknown-element']);
  });

  it('booleans as 0/1 and true/false are standard; True/yes are tolerated with nonstandard-boolean', () => {
    const gpn = (w: string): string => envelope(`<cwmp:GetParameterNames><ParameterPath>A.</ParameterPath><NextLevel>${w}</NextLevel></cwmp:GetParameterNames>`);
    expect(ok(parseCwmp(gpn('1'))).rpc).toEqual({ name: 'GetParameterNames', parameterPath: 'A.', nextLevel: true });
    expect(ok(parseCwmp(gpn('0'))).rpc).toMatchObject({ nextLevel: false });
    expect(ok(parseCwmp(gpn('1'))).warnings).toEqual([]);
    const t = ok(parseCwmp(gpn('True')));
    expect(t.rpc).toMatchObject({ nextLevel: true });
    expect(codes(t)).toEqual(['nonstandard-boolean']);
    const bad = ok(parseCwmp(gpn('maybe')));
    expect(bad.rpc).toMatchObject({ nextLevel: false });
    expect(codes(bad)).toEqual(['invalid-boolean']);
  });

  it('dateTimes: without zone warns; microseconds and 0001-01-01T00:00:00Z are valid; garbage warns', () => {
    const dt = (t: string): CwmpMessage => ok(parseCwmp(envelope(informBody({ currentTime: t }))));
    expect(codes(dt('2024-01-01T10:00:00'))).toEqual(['datetime-no-zone']);
    expect(dt('2024-01-01T10:00:00.123456Z').warnings).toEqual([]);
    expect(dt('0001-01-01T00:00:00Z').warnings).toEqual([]);
    expect(dt('2024-01-01T10:00:00+05:30').warnings).toEqual([]);
    const bad = dt('2019-03-05T11:54::14');
    expect(bad.rpc).toMatchObject({ currentTime: '2019-03-05T11:54::14' });
    expect(codes(bad)).toEqual(['invalid-datetime']);
  });

  it('numbers with leading zeros are read, with leading-zeros; non-numbers read as 0 with invalid-number', () => {
    const lz = ok(parseCwmp(envelope(informBody({ retryCount: '05' }))));
    expect(lz.rpc).toMatchObject({ retryCount: 5 });
    expect(codes(lz)).toEqual(['leading-zeros']);
    const bad = ok(parseCwmp(envelope(informBody({ retryCount: 'x' }))));
    expect(bad.rpc).toMatchObject({ retryCount: 0 });
    expect(codes(bad)).toEqual(['invalid-number']);
    const spaced = ok(parseCwmp(envelope(informBody({ retryCount: ' 7\n' }))));
    expect(spaced.rpc).toMatchObject({ retryCount: 7 });
    expect(spaced.warnings).toEqual([]);
  });

  it('control characters and stray whitespace in names are removed, with name-trimmed', () => {
    const params = '<ParameterValueStruct><Name>\n\tDevice.DeviceInfo.UpTime&#9; \n</Name><Value xsi:type="xsd:unsignedInt">1</Value></ParameterValueStruct>';
    const m = ok(parseCwmp(envelope(informBody({ params }))));
    expect(m.rpc).toMatchObject({ parameterList: [{ name: 'Device.DeviceInfo.UpTime' }] });
    expect(codes(m)).toEqual(['name-trimmed']);
    const gpv = envelope('<cwmp:GetParameterValues><ParameterNames SOAP-ENC:arrayType="xsd:string[1]"><string> Device.\u007f</string></ParameterNames></cwmp:GetParameterValues>');
    expect(ok(parseCwmp(gpv)).rpc).toEqual({ name: 'GetParameterValues', parameterNames: ['Device.'] });
    const spaced = envelope('<cwmp:GetParameterNames><ParameterPath>Device. WiFi .SSID.</ParameterPath><NextLevel>true</NextLevel></cwmp:GetParameterNames>');
    const sm = ok(parseCwmp(spaced));
    expect(sm.rpc).toMatchObject({ parameterPath: 'Device.WiFi.SSID.' });
    expect(codes(sm)).toEqual(['name-trimmed']);
    // Alias-based addressing keeps spaces inside brackets.
    const alias = envelope('<cwmp:GetParameterNames><ParameterPath>Device.WiFi.SSID.[my ssid].</ParameterPath><NextLevel>true</NextLevel></cwmp:GetParameterNames>');
    expect(ok(parseCwmp(alias)).rpc).toMatchObject({ parameterPath: 'Device.WiFi.SSID.[my ssid].' });
  });

  it('an unescaped & (as in URLs) is kept, with unescaped-ampersand; character references decode', () => {
    const m = ok(parseCwmp(envelope('<cwmp:Reboot><CommandKey>http://x/?a=1&b=2 &#65;&#x42;&amp;</CommandKey></cwmp:Reboot>')));
    expect(m.rpc).toEqual({ name: 'Reboot', commandKey: 'http://x/?a=1&b=2 AB&' });
    expect(codes(m)).toEqual(['unescaped-ampersand']);
  });

  it('values keep their whitespace exactly', () => {
    const params = '<ParameterValueStruct><Name>A</Name><Value xsi:type="xsd:string">  two  spaces \n</Value></ParameterValueStruct>';
    expect(ok(parseCwmp(envelope(informBody({ params })))).rpc).toMatchObject({ parameterList: [{ value: '  two  spaces \n' }] });
  });

  it('a missing required element gets its default, with missing-element', () => {
    const m = ok(parseCwmp(envelope('<cwmp:AddObjectResponse><InstanceNumber>3</InstanceNumber></cwmp:AddObjectResponse>')));
    expect(m.rpc).toEqual({ name: 'AddObjectResponse', instanceNumber: 3, status: 0 });
    expect(m.warnings).toEqual([{ code: 'missing-element', message: '<Status> is missing', path: 'AddObjectResponse/Status' }]);
  });

  it('a repeated single element: the first is used, with duplicate-element', () => {
    const m = ok(parseCwmp(envelope('<cwmp:Reboot><CommandKey>a</CommandKey><CommandKey>b</CommandKey></cwmp:Reboot>')));
    expect(m.rpc).toEqual({ name: 'Reboot', commandKey: 'a' });
    expect(codes(m)).toEqual(['duplicate-element']);
  });

  it('non-standard Inform event codes warn; vendor ones do not', () => {
    const events = '<EventStruct><EventCode>M TRANSFERCOMPLETE</EventCode><CommandKey/></EventStruct>';
    expect(codes(ok(parseCwmp(envelope(informBody({ events })))))).toEqual(['unknown-event-code']);
    const vendor = '<EventStruct><EventCode>X 00D09E Reset</EventCode><CommandKey/></EventStruct>';
    expect(ok(parseCwmp(envelope(informBody({ events: vendor })))).warnings).toEqual([]);
  });

  it('the same warning on thousands of values is listed 20 times, then counted', () => {
    const params = '<ParameterValueStruct><Name>A</Name><Value>x</Value></ParameterValueStruct>'.repeat(1000);
    const m = ok(parseCwmp(envelope(informBody({ params }))));
    expect(m.warnings.filter((w) => w.code === 'missing-xsi-type')).toHaveLength(21);
    expect(m.warnings.at(-1)?.message).toContain('980 more');
  });
});

describe('empty and unusual bodies', () => {
  for (const body of ['', '   ', '\r\n', new Uint8Array(0), new Uint8Array([0x20, 0x0a])]) {
    it(`empty POST ${JSON.stringify(typeof body === 'string' ? body : [...body])} ⇒ rpc null`, () => {
      expect(parseCwmp(body)).toEqual({ ok: true, message: { namespace: null, version: null, header: {}, rpc: null, warnings: [] } });
    });
  }

  it('an empty SOAP Body ⇒ rpc null with empty-soap-body', () => {
    const m = ok(parseCwmp(envelope('')));
    expect(m.rpc).toBeNull();
    expect(m.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(codes(m)).toEqual(['empty-soap-body']);
  });

  it('two RPCs in one Body: the first is decoded, with multiple-rpcs', () => {
    const m = ok(parseCwmp(envelope('<cwmp:Reboot><CommandKey>a</CommandKey></cwmp:Reboot><cwmp:FactoryReset/>')));
    expect(m.rpc).toEqual({ name: 'Reboot', commandKey: 'a' });
    expect(codes(m)).toEqual(['multiple-rpcs']);
  });

  it('an unknown method becomes UnknownRpc with its content', () => {
    const m = ok(parseCwmp(envelope('<cwmp:X_ACME_Blink><Times>3</Times></cwmp:X_ACME_Blink>')));
    expect(m.rpc).toEqual({ name: 'Unknown', method: 'X_ACME_Blink', content: { Times: '3' } });
    expect(codes(m)).toEqual(['unknown-rpc']);
  });

  it('text after the root element is ignored with trailing-content', () => {
    const m = ok(parseCwmp(`${envelope(GPV_RESPONSE_BODY)}garbage`));
    expect(m.rpc?.name).toBe('GetParameterValuesResponse');
    expect(codes(m)).toEqual(['trailing-content']);
  });

  it('comments and processing instructions are ignored', () => {
    const xml = envelope(`<!-- c --><?pi x?>${GPV_RESPONSE_BODY.replace('<Name>', '<!-- n --><Name>')}`);
    const m = ok(parseCwmp(xml));
    expect(m.rpc).toMatchObject({ parameterList: [{ name: 'Device.DeviceInfo.UpTime', value: '42' }] });
  });

  it('CDATA values are read as text', () => {
    const xml = envelope(GPV_RESPONSE_BODY.replace('>42<', '><![CDATA[<b>&amp;</b>]]><'));
    expect(ok(parseCwmp(xml)).rpc).toMatchObject({ parameterList: [{ value: '<b>&amp;</b>' }] });
  });
});
