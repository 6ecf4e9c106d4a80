import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCwmp, parseCwmp, type CwmpMessage, type Rpc } from '../../../src-shared/cwmp';

const DIR = join(import.meta.dirname, '../../fixtures/cwmp');
const read = (name: string): Uint8Array => readFileSync(join(DIR, name));

function decode(name: string): CwmpMessage {
  const r = parseCwmp(read(name));
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.message;
}
const codes = (m: CwmpMessage): string[] => m.warnings.map((w) => w.code);

/** What each fixture must decode to: RPC name, namespace, version, and exactly these warning codes. */
const EXPECTED: Record<string, { rpc: string | null; ns: string | null; version: string | null; warnings: string[] }> = {
  'acs-changedustate.xml': { rpc: 'ChangeDUState', ns: 'urn:dslforum-org:cwmp-1-2', version: '1.2', warnings: [] },
  'acs-download-firmware.xml': { rpc: 'Download', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'acs-informresponse-nomorerequests.xml': { rpc: 'InformResponse', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: ['deprecated-header'] },
  'acs-scheduledownload.xml': { rpc: 'ScheduleDownload', ns: 'urn:dslforum-org:cwmp-1-2', version: '1.2', warnings: [] },
  'avm-gpn-response-digits-no-arraytype.xml': { rpc: 'GetParameterNamesResponse', ns: 'urn:dslforum-org:cwmp-1-1', version: '1.1', warnings: ['missing-array-type'] },
  'cpe-autonomoustransfercomplete.xml': { rpc: 'AutonomousTransferComplete', ns: 'urn:dslforum-org:cwmp-1-1', version: '1.1', warnings: [] },
  'cpe-dustatechangecomplete.xml': { rpc: 'DUStateChangeComplete', ns: 'urn:dslforum-org:cwmp-1-2', version: '1.2', warnings: [] },
  'cpe-empty-post.xml': { rpc: null, ns: null, version: null, warnings: [] },
  'cpe-gpa-response-extra-elements.xml': { rpc: 'GetParameterAttributesResponse', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: ['unknown-header', 'unknown-element'] },
  'cpe-inform-nonstandard-ns-1-4.xml': { rpc: 'Inform', ns: 'urn:dslforum-org:cwmp-1-4', version: '1.4', warnings: ['nonstandard-namespace'] },
  'cpe-kicked.xml': { rpc: 'Kicked', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'cpe-requestdownload.xml': { rpc: 'RequestDownload', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'cpe-transfercomplete-unknown-time.xml': { rpc: 'TransferComplete', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'cpe-vendor-rpc-unknown.xml': { rpc: 'Unknown', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: ['unknown-rpc'] },
  'huawei-ont-inform-bootstrap-latin1.xml': { rpc: 'Inform', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'prplos-inform-cwmp-1-4-heartbeat.xml': { rpc: 'Inform', ns: 'urn:dslforum-org:cwmp-1-2', version: '1.4', warnings: [] },
  'sagemcom-spv-fault-9003.xml': { rpc: 'Fault', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: [] },
  'tplink-inform-sloppy.xml': {
    rpc: 'Inform',
    ns: 'urn:dslforum-org:cwmp-1-0',
    version: '1.0',
    warnings: ['id-without-mustunderstand', 'datetime-no-zone', 'leading-zeros', 'name-trimmed', 'missing-xsi-type', 'array-count-mismatch'],
  },
  'zte-gpv-response-bom-crlf.xml': { rpc: 'GetParameterValuesResponse', ns: 'urn:dslforum-org:cwmp-1-0', version: '1.0', warnings: ['byte-order-mark'] },
};

describe('fixtures: vendor-style messages', () => {
  it('every fixture has an expectation', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, exp] of Object.entries(EXPECTED)) {
    it(name, () => {
      const m = decode(name);
      expect(m.rpc === null ? null : m.rpc.name).toBe(exp.rpc);
      expect(m.namespace).toBe(exp.ns);
      expect(m.version).toBe(exp.version);
      expect(codes(m)).toEqual(exp.warnings);
      // A known RPC rebuilt and decoded again is the same RPC: what we decode, we can send.
      if (m.rpc && m.rpc.name !== 'Unknown' && !m.rpc.extra) {
        const again = parseCwmp(buildCwmp({ rpc: m.rpc as Rpc, header: m.header, namespace: m.namespace ?? undefined }));
        expect(again.ok && again.message.rpc).toStrictEqual(m.rpc);
      }
    });
  }

  it('Latin-1 bytes decode to the right characters', () => {
    const m = decode('huawei-ont-inform-bootstrap-latin1.xml');
    const rpc = m.rpc as Extract<Rpc, { name: 'Inform' }>;
    expect(rpc.deviceId).toEqual({ manufacturer: 'Huawei Technologies Co., Ltd', oui: '00E0FC', productClass: 'HG8245H', serialNumber: '48575443A1B2C3D4' });
    expect(rpc.event.map((e) => e.eventCode)).toEqual(['0 BOOTSTRAP', '1 BOOT']);
    expect(rpc.parameterList.at(-1)).toEqual({ name: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID', value: 'Café Müller', type: 'xsd:string' });
  });

  it('UTF-8 with BOM and CRLF', () => {
    const rpc = decode('zte-gpv-response-bom-crlf.xml').rpc as Extract<Rpc, { name: 'GetParameterValuesResponse' }>;
    expect(rpc.parameterList.map((p) => p.value)).toEqual(['Wohnung ☃ Küche', '1', '11']);
  });

  it('ChangeDUState keeps the operations in order, each with its type', () => {
    const rpc = decode('acs-changedustate.xml').rpc as Extract<Rpc, { name: 'ChangeDUState' }>;
    expect(rpc.operations.map((o) => o.type)).toEqual(['Install', 'Uninstall', 'Update']);
    expect(rpc.operations[0]).toEqual({
      type: 'Install',
      url: 'http://files.example/app.ipk',
      uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      username: '',
      password: '',
      executionEnvRef: 'Device.SoftwareModules.ExecEnv.1',
    });
    expect(rpc.commandKey).toBe('du-cmd-1');
  });

  it('the SPV fault lists each parameter', () => {
    const rpc = decode('sagemcom-spv-fault-9003.xml').rpc;
    expect(rpc).toEqual({
      name: 'Fault',
      soapFaultCode: 'Client',
      soapFaultString: 'CWMP fault',
      faultCode: 9003,
      faultString: 'Invalid arguments',
      setParameterValuesFault: [
        { parameterName: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval', faultCode: 9007, faultString: 'Invalid parameter value' },
        { parameterName: 'InternetGatewayDevice.DeviceInfo.SerialNumber', faultCode: 9008, faultString: 'Attempt to set a non-writable parameter' },
      ],
    });
  });

  it('the sloppy Inform still yields its data', () => {
    const rpc = decode('tplink-inform-sloppy.xml').rpc as Extract<Rpc, { name: 'Inform' }>;
    expect(rpc.retryCount).toBe(5);
    expect(rpc.parameterList).toEqual([
      { name: 'InternetGatewayDevice.DeviceInfo.SoftwareVersion', value: '1.1.0 Build 230512', type: '' },
      { name: 'InternetGatewayDevice.ManagementServer.ConnectionRequestURL', value: 'http://192.168.1.10:7547/tr069?a=1&b=2', type: 'xsd:string' },
    ]);
  });

  it('the 1.4 heartbeat Inform reports its session header', () => {
    const m = decode('prplos-inform-cwmp-1-4-heartbeat.xml');
    expect(m.header).toEqual({ id: '7f3a9c', idMustUnderstand: true, sessionTimeout: 60, supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' });
    expect((m.rpc as Extract<Rpc, { name: 'Inform' }>).event).toEqual([{ eventCode: '14 HEARTBEAT', commandKey: '' }]);
  });

  it('unknown elements are kept', () => {
    const m = decode('cpe-gpa-response-extra-elements.xml');
    expect(m.header.extra).toEqual({ X_Vendor_Trace: 'on' });
    expect(m.rpc).toEqual({
      name: 'GetParameterAttributesResponse',
      parameterList: [{ name: 'InternetGatewayDevice.ManagementServer.URL', notification: 2, accessList: ['Subscriber'] }],
      extra: { 'ParameterList/ParameterAttributeStruct[1]/X_Vendor_Hint': 'cached' },
    });
  });
});
