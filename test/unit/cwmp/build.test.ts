import { describe, expect, it } from 'vitest';
import { buildCwmp, parseCwmp } from '../../../src-shared/cwmp';

describe('buildCwmp', () => {
  it('writes a complete SOAP envelope with the standard prefixes', () => {
    const xml = buildCwmp({ rpc: { name: 'GetRPCMethods' }, header: { id: 'x1', holdRequests: false }, namespace: 'urn:dslforum-org:cwmp-1-2' });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    for (const decl of [
      'xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"',
      'xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"',
      'xmlns:xsd="http://www.w3.org/2001/XMLSchema"',
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      'xmlns:cwmp="urn:dslforum-org:cwmp-1-2"',
    ]) {
      expect(xml).toContain(decl);
    }
    expect(xml).toContain('<cwmp:ID SOAP-ENV:mustUnderstand="1">x1</cwmp:ID>');
    expect(xml).toContain('<cwmp:HoldRequests SOAP-ENV:mustUnderstand="1">0</cwmp:HoldRequests>');
    expect(xml).toContain('<SOAP-ENV:Body><cwmp:GetRPCMethods/></SOAP-ENV:Body>');
  });

  it('defaults to the cwmp-1-0 namespace and omits an empty header', () => {
    const xml = buildCwmp({ rpc: { name: 'FactoryReset' } });
    expect(xml).toContain('xmlns:cwmp="urn:dslforum-org:cwmp-1-0"');
    expect(xml).not.toContain('Header');
  });

  it('returns an empty string for rpc null (the empty body)', () => {
    expect(buildCwmp({ rpc: null, header: { id: '1' } })).toBe('');
  });

  it('puts xsi:type on values and counts arrays right', () => {
    const xml = buildCwmp({
      rpc: {
        name: 'SetParameterValues',
        parameterList: [
          { name: 'A.B', value: '1', type: 'xsd:unsignedInt' },
          { name: 'A.C', value: 'x', type: 'xsd:string' },
          { name: 'A.D', value: 'true', type: 'xsd:boolean' },
        ],
        parameterKey: 'k',
      },
    });
    expect(xml).toContain('<ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[3]">');
    expect(xml).toContain('<Value xsi:type="xsd:unsignedInt">1</Value>');
    expect(xml).toContain('<Value xsi:type="xsd:boolean">true</Value>');
    const gpv = buildCwmp({ rpc: { name: 'GetParameterValues', parameterNames: ['A.', 'B.'] } });
    expect(gpv).toContain('<ParameterNames SOAP-ENC:arrayType="xsd:string[2]"><string>A.</string><string>B.</string></ParameterNames>');
    const empty = buildCwmp({ rpc: { name: 'GetParameterValues', parameterNames: [] } });
    expect(empty).toContain('SOAP-ENC:arrayType="xsd:string[0]"');
  });

  it('escapes markup and keeps carriage returns; drops characters XML cannot carry', () => {
    const value = `a<b>&c"d'e\r\nf\u0001g`;
    const xml = buildCwmp({ rpc: { name: 'Reboot', commandKey: value } });
    expect(xml).toContain('<CommandKey>a&lt;b&gt;&amp;c"d\'e&#xD;\nfg</CommandKey>');
    const r = parseCwmp(xml);
    expect(r.ok && r.message.rpc).toEqual({ name: 'Reboot', commandKey: 'a<b>&c"d\'e\r\nfg' });
  });

  it('writes ChangeDUState operations with their xsi:type, in order', () => {
    const xml = buildCwmp({
      rpc: { name: 'ChangeDUState', operations: [{ type: 'Uninstall', uuid: 'u1' }, { type: 'Install', url: 'http://x/a.ipk' }], commandKey: '' },
    });
    expect(xml).toContain('<Operations xsi:type="cwmp:UninstallOpStruct"><UUID>u1</UUID></Operations><Operations xsi:type="cwmp:InstallOpStruct"><URL>http://x/a.ipk</URL></Operations><CommandKey/>');
  });

  it('writes the SOAP Fault with its cwmp:Fault detail', () => {
    const xml = buildCwmp({
      rpc: { name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 8003, faultString: 'Invalid arguments' },
    });
    expect(xml).toContain(
      '<SOAP-ENV:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>8003</FaultCode><FaultString>Invalid arguments</FaultString></cwmp:Fault></detail></SOAP-ENV:Fault>',
    );
  });

  it('writes the CWMP 1.4 headers with their mustUnderstand values', () => {
    const xml = buildCwmp({ rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header: { id: '1', useCwmpVersion: '1.4', sessionTimeout: 30, supportedCwmpVersions: '1.0,1.4' }, namespace: 'urn:dslforum-org:cwmp-1-2' });
    expect(xml).toContain('<cwmp:UseCWMPVersion SOAP-ENV:mustUnderstand="1">1.4</cwmp:UseCWMPVersion>');
    expect(xml).toContain('<cwmp:SessionTimeout SOAP-ENV:mustUnderstand="0">30</cwmp:SessionTimeout>');
    expect(xml).toContain('<cwmp:SupportedCWMPVersions SOAP-ENV:mustUnderstand="0">1.0,1.4</cwmp:SupportedCWMPVersions>');
    const r = parseCwmp(xml);
    expect(r.ok && r.message.version).toBe('1.4');
  });
});
