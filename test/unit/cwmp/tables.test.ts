import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEvent, describeFault, EVENT_CODES, FAULT_CODES, faultRpc, parseCwmp, summarize, buildCwmp } from '../../../src-shared/cwmp';

const XSD = join(import.meta.dirname, '../../../../shared/data-models');

describe('fault codes', () => {
  it('covers 8000–8006 and 9000–9032 without gaps', () => {
    const codes = FAULT_CODES.map((f) => f.code);
    const expected = [...Array.from({ length: 7 }, (_, i) => 8000 + i), ...Array.from({ length: 33 }, (_, i) => 9000 + i)];
    expect(codes).toEqual(expected);
  });

  it.skipIf(!existsSync(join(XSD, 'cwmp-1-2.xsd')))('matches the texts the cwmp-1-2/1-4 schemas document', () => {
    const xsd = readFileSync(join(XSD, 'cwmp-1-2.xsd'), 'utf8') + readFileSync(join(XSD, 'cwmp-1-4.xsd'), 'utf8');
    const documented = new Map<number, string>();
    for (const m of xsd.matchAll(/\* (\d{4}) - (.+)/g)) documented.set(Number(m[1]), m[2].trim());
    expect(documented.size).toBeGreaterThan(35);
    const norm = (s: string): string => s.toLowerCase().replace(/deployement/g, 'deployment').replace(/[^a-z0-9]+/g, ' ').trim();
    for (const [code, text] of documented) {
      expect(describeFault(code)?.kind, String(code)).toBe('standard');
      expect(norm(describeFault(code)!.text), String(code)).toBe(norm(text));
    }
  });

  it('vendor ranges and reserved ranges', () => {
    expect(describeFault(8850)).toMatchObject({ kind: 'vendor', raisedBy: 'acs' });
    expect(describeFault(9899)).toMatchObject({ kind: 'vendor', raisedBy: 'cpe' });
    expect(describeFault(9800)).toMatchObject({ kind: 'vendor' });
    expect(describeFault(9033)).toMatchObject({ kind: 'reserved', raisedBy: 'cpe' });
    expect(describeFault(8007)).toMatchObject({ kind: 'reserved', raisedBy: 'acs' });
    expect(describeFault(9900)).toBeUndefined();
    expect(describeFault(7000)).toBeUndefined();
    expect(describeFault(9005)).toMatchObject({ text: 'Invalid parameter name', soapFaultCode: 'Client' });
  });

  it('faultRpc fills SOAP faultcode and the default text', () => {
    expect(faultRpc(9005)).toEqual({ name: 'Fault', soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9005, faultString: 'Invalid parameter name' });
    expect(faultRpc(8005)).toMatchObject({ soapFaultCode: 'Server', faultString: 'Retry request' });
    expect(faultRpc(9002, 'disk full')).toMatchObject({ faultString: 'disk full' });
    const spv = [{ parameterName: 'A.B', faultCode: 9007, faultString: 'bad' }];
    expect(faultRpc(9003, undefined, spv).setParameterValuesFault).toEqual(spv);
    expect(faultRpc(9003, undefined, [])).not.toHaveProperty('setParameterValuesFault');
  });
});

describe('event codes', () => {
  it('covers 0 BOOTSTRAP … 14 HEARTBEAT and the M events', () => {
    const codes = EVENT_CODES.map((e) => e.code);
    for (let i = 0; i <= 14; i++) expect(codes.some((c) => c.startsWith(`${i} `)), String(i)).toBe(true);
    for (const m of ['M Reboot', 'M ScheduleInform', 'M Download', 'M ScheduleDownload', 'M Upload', 'M ChangeDUState']) expect(codes).toContain(m);
  });

  it.skipIf(!existsSync(join(XSD, 'cwmp-1-4.xsd')))('includes every event code the schemas list', () => {
    const xsd = ['cwmp-1-0.xsd', 'cwmp-1-2.xsd', 'cwmp-1-4.xsd'].map((f) => readFileSync(join(XSD, f), 'utf8')).join('\n');
    const listed = new Set<string>();
    for (const m of xsd.matchAll(/\* (\d+ [A-Z][A-Z ]+[A-Z]|M [A-Z]\w+)\s*$/gm)) listed.add(m[1]);
    for (const m of xsd.matchAll(/<xs:pattern value="(\d+ [A-Z][A-Z ]+|M [A-Z]\w+)"\/>/g)) listed.add(m[1]);
    expect(listed.size).toBeGreaterThan(15);
    for (const code of listed) expect(describeEvent(code).kind, code).toBe('standard');
  });

  it('vendor and unknown codes', () => {
    expect(describeEvent('X 00D09E Reset').kind).toBe('vendor');
    expect(describeEvent('M X_ACME_Blink').kind).toBe('vendor');
    expect(describeEvent('M TRANSFERCOMPLETE').kind).toBe('unknown');
    expect(describeEvent('1 BOOT').meaning).toMatch(/reboot|power/i);
  });
});

describe('summarize', () => {
  it('Inform', () => {
    const xml = buildCwmp({
      rpc: {
        name: 'Inform',
        deviceId: { manufacturer: 'M', oui: '001122', productClass: 'P', serialNumber: 'S' },
        event: [{ eventCode: '1 BOOT', commandKey: '' }, { eventCode: 'M Reboot', commandKey: 'k' }],
        maxEnvelopes: 1,
        currentTime: '2024-01-01T00:00:00',
        retryCount: 0,
        parameterList: [{ name: 'A', value: '1', type: 'xsd:string' }],
      },
      header: { id: 'abc' },
    });
    expect(summarize(parseCwmp(xml))).toEqual({
      rpc: 'Inform',
      id: 'abc',
      namespace: 'urn:dslforum-org:cwmp-1-0',
      events: ['1 BOOT', 'M Reboot'],
      parameterCount: 1,
      warnings: ['datetime-no-zone'],
    });
  });

  it('Fault, empty body, unknown RPC, error, null', () => {
    expect(summarize(parseCwmp(buildCwmp({ rpc: faultRpc(9005) })))).toMatchObject({ rpc: 'Fault', faultCode: 9005, faultString: 'Invalid parameter name' });
    expect(summarize(parseCwmp(''))).toEqual({ rpc: null, namespace: null, warnings: [] });
    const unknown = parseCwmp('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><s:Body><cwmp:X_Foo/></s:Body></s:Envelope>');
    expect(summarize(unknown)).toMatchObject({ rpc: 'X_Foo', warnings: ['unknown-rpc'] });
    expect(summarize(parseCwmp('<a>'))).toMatchObject({ rpc: null, error: expect.stringMatching(/^truncated: /) });
    expect(summarize(null)).toEqual({ rpc: null, warnings: [] });
  });

  it('GetParameterValues counts names', () => {
    expect(summarize(parseCwmp(buildCwmp({ rpc: { name: 'GetParameterValues', parameterNames: ['A.', 'B.'] } })))).toMatchObject({ parameterCount: 2 });
  });
});

describe('diagnostic codes', () => {
  it('every code the decoder can report is explained', async () => {
    const { readdirSync } = await import('node:fs');
    const { DECODE_WARNINGS, DECODE_ERRORS, describeDiagnostic } = await import('../../../src-shared/cwmp');
    const dir = join(import.meta.dirname, '../../../src-shared/cwmp');
    const used = new Set<string>();
    for (const f of readdirSync(dir)) {
      // session*.ts belongs to the ACS session machine, with its own codes.
      if (!f.endsWith('.ts') || f.startsWith('session') || f === 'diagnostics.ts') continue;
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/warn\('([a-z0-9-]+)'|code: '([a-z0-9-]+)'|fail\(\s*text,\s*\w+,\s*'([a-z-]+)'|failure\('([a-z-]+)'/g)) {
        used.add(m[1] ?? m[2] ?? m[3] ?? m[4]);
      }
    }
    expect(used.size).toBeGreaterThan(40);
    for (const code of used) expect(describeDiagnostic(code), code).toBeTypeOf('string');
    // …and nothing is explained that is never reported.
    expect([...Object.keys(DECODE_WARNINGS), ...Object.keys(DECODE_ERRORS)].filter((c) => !used.has(c))).toEqual([]);
  });
});
