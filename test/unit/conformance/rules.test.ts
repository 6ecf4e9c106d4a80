import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONFORMANCE_RULES,
  conformanceCheck,
  decodeErrorFinding,
  deviceTreeFindings,
  unreadRequiredPaths,
  checkAnnouncedCompletions,
  FindingCollector,
  inferSender,
  ruleOfDecodeWarning,
  type ConformanceContext,
  type Finding,
} from '../../../src-shared/conformance/index';
import { buildCwmp, faultRpc, parseCwmp, type CwmpMessage, type Rpc } from '../../../src-shared/cwmp/index';
import { ParameterTree } from '../../../src-shared/datamodel/parameter-tree';
import { loadDataModel } from '../../../src-main/datamodel/load';
import { decode, ev, ids, informRpc, wire } from './helpers';

const tr181 = await loadDataModel('tr-181');
const tr098 = await loadDataModel('tr-098');

/** Every rule id some case below triggered: checked at the end, so each rule has a positive case. */
const triggered = new Set<string>();
function check(message: CwmpMessage, ctx: ConformanceContext = {}): string[] {
  const findings = conformanceCheck(message, ctx);
  for (const f of findings) triggered.add(f.ruleId);
  return ids(findings);
}
function note(findings: Finding[]): string[] {
  for (const f of findings) triggered.add(f.ruleId);
  return ids(findings);
}

const inform = (patch: Parameters<typeof informRpc>[1] = {}, header = { id: 'i1' }): CwmpMessage => wire(informRpc(tr181, patch), header);

describe('the rule table', () => {
  it('has unique ids, a section and a title for every rule', () => {
    const seen = new Set<string>();
    for (const r of CONFORMANCE_RULES) {
      expect(seen.has(r.id), r.id).toBe(false);
      seen.add(r.id);
      expect(r.section.length, r.id).toBeGreaterThan(0);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(['error', 'warning', 'info']).toContain(r.severity);
    }
  });

  it('fills severity and section of a finding from its rule', () => {
    const f = conformanceCheck(inform({ maxEnvelopes: 3 }), {}).find((x) => x.ruleId === 'inform-max-envelopes');
    expect(f).toMatchObject({ severity: 'error', section: 'A.3.3.1', path: 'Inform/MaxEnvelopes' });
    expect(f?.message).toContain('3');
  });
});

describe('a clean Inform', () => {
  it('has no findings against either model', () => {
    expect(check(inform(), { model: tr181, previousSession: 'completed', history: [] })).toEqual([]);
    expect(check(wire(informRpc(tr098)), { model: tr098 })).toEqual([]);
  });
});

describe('Inform rules', () => {
  it('inform-forced-parameters: a forced parameter left out', () => {
    const params = informRpc(tr181).parameterList.filter((p) => p.name !== 'Device.DeviceInfo.SoftwareVersion');
    const found = conformanceCheck(inform({ parameterList: params }), { model: tr181 });
    note(found);
    expect(found.filter((f) => f.ruleId === 'inform-forced-parameters').map((f) => f.path)).toEqual(['Device.DeviceInfo.SoftwareVersion']);
    // Not judged without a model, nor against the other root's model.
    expect(check(inform({ parameterList: params }))).not.toContain('inform-forced-parameters');
    expect(check(inform({ parameterList: params }), { model: tr098 })).not.toContain('inform-forced-parameters');
  });

  it('inform-max-envelopes', () => {
    expect(check(inform({ maxEnvelopes: 2 }))).toContain('inform-max-envelopes');
    expect(check(inform({ maxEnvelopes: 1 }))).not.toContain('inform-max-envelopes');
  });

  it('inform-current-time: reported once, not again as a decode warning', () => {
    expect(check(inform({ currentTime: 'yesterday' }))).toEqual(['inform-current-time']);
    expect(check(inform({ currentTime: '0001-01-01T00:00:00Z' }))).toEqual([]);
  });

  it('inform-retry-count: only after a completed session', () => {
    expect(check(inform({ retryCount: 3 }), { previousSession: 'completed' })).toContain('inform-retry-count');
    expect(check(inform({ retryCount: 3 }), { previousSession: 'failed' })).not.toContain('inform-retry-count');
    expect(check(inform({ retryCount: 3 }))).not.toContain('inform-retry-count');
  });

  it('inform-event-count: 65 events, not 64', () => {
    const events = (n: number) => Array.from({ length: n }, (_, i) => ev(`X 001122 E${i}`));
    expect(check(inform({ event: events(65) }))).toContain('inform-event-count');
    expect(check(inform({ event: events(64) }))).not.toContain('inform-event-count');
  });

  it('event-duplicate: numbered events once; M events once per CommandKey', () => {
    expect(check(inform({ event: [ev('1 BOOT'), ev('1 BOOT')] }))).toEqual(['event-duplicate']);
    expect(check(inform({ event: [ev('7 TRANSFER COMPLETE'), ev('M Download', 'a'), ev('M Download', 'b')] }))).toEqual([]);
    expect(check(inform({ event: [ev('7 TRANSFER COMPLETE'), ev('M Download', 'a'), ev('M Download', 'a')] }))).toEqual(['event-duplicate']);
  });

  it('event-pairing: M events with their numbered event, and back', () => {
    expect(check(inform({ event: [ev('M Reboot', 'k')] }))).toEqual(['event-pairing']);
    expect(check(inform({ event: [ev('1 BOOT'), ev('M Reboot', 'k')] }))).toEqual([]);
    expect(check(inform({ event: [ev('7 TRANSFER COMPLETE')] }))).toEqual(['event-pairing']);
    expect(check(inform({ event: [ev('3 SCHEDULED'), ev('M ScheduleInform', 's')] }))).toEqual([]);
  });

  it('event-command-key: against the requests sent earlier', () => {
    const history = [wire({ name: 'Reboot', commandKey: 'rb-1' })];
    const events = (key: string) => [ev('1 BOOT'), ev('M Reboot', key)];
    expect(check(inform({ event: events('other') }), { history })).toEqual(['event-command-key']);
    expect(check(inform({ event: events('rb-1') }), { history })).toEqual([]);
    expect(check(inform({ event: events('other') }))).toEqual([]);
  });

  it('command-key-length: 33 characters, not 32', () => {
    expect(check(inform({ event: [ev('1 BOOT'), ev('M Reboot', 'k'.repeat(33))] }))).toEqual(['command-key-length']);
    expect(check(inform({ event: [ev('1 BOOT'), ev('M Reboot', 'k'.repeat(32))] }))).toEqual([]);
    const tc = (commandKey: string): Rpc => ({
      name: 'TransferComplete',
      commandKey,
      faultStruct: { faultCode: 0, faultString: '' },
      startTime: '2026-11-27T10:00:00Z',
      completeTime: '2026-11-27T10:01:00Z',
    });
    expect(check(wire(tc('k'.repeat(40))))).toEqual(['command-key-length']);
    expect(check(wire(tc('ok')))).toEqual([]);
  });

  it('header-id-missing', () => {
    expect(check(inform({}, {} as { id: string }))).toEqual(['header-id-missing']);
    expect(check(inform())).toEqual([]);
  });
});

describe('responses against their request', () => {
  const gpv = wire({ name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.'] }, { id: 'r1' });
  const pv = (name: string) => ({ name, value: 'v', type: 'xsd:string' });

  it('response-id-mismatch', () => {
    const res = (id: string) => wire({ name: 'GetParameterValuesResponse', parameterList: [pv('Device.DeviceInfo.Manufacturer')] }, { id });
    expect(check(res('r2'), { request: gpv })).toEqual(['response-id-mismatch']);
    expect(check(res('r1'), { request: gpv })).toEqual([]);
    // The ACS must echo the Inform's ID too.
    expect(check(wire({ name: 'InformResponse', maxEnvelopes: 1 }, { id: 'zz' }), { request: inform(), sender: 'acs' })).toEqual(['response-id-mismatch']);
  });

  it('response-mismatch', () => {
    expect(check(wire({ name: 'SetParameterValuesResponse', status: 0 }, { id: 'r1' }), { request: gpv })).toEqual(['response-mismatch']);
    expect(check(wire(faultRpc(9005), { id: 'r1' }), { request: gpv })).toEqual([]);
  });

  it('gpv-unrequested and gpv-missing', () => {
    const res = (...names: string[]) => wire({ name: 'GetParameterValuesResponse', parameterList: names.map(pv) }, { id: 'r1' });
    expect(check(res('Device.DeviceInfo.Manufacturer', 'Device.ManagementServer.URL'), { request: gpv })).toEqual(['gpv-unrequested']);
    expect(check(res('Device.DeviceInfo.Manufacturer'), { request: gpv })).toEqual([]);
    const two = wire({ name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.Manufacturer', 'Device.DeviceInfo.SerialNumber'] }, { id: 'r1' });
    expect(check(res('Device.DeviceInfo.Manufacturer'), { request: two })).toEqual(['gpv-missing']);
    expect(check(res('Device.DeviceInfo.Manufacturer', 'Device.DeviceInfo.SerialNumber'), { request: two })).toEqual([]);
  });

  const gpn = (parameterPath: string, nextLevel: boolean) => wire({ name: 'GetParameterNames', parameterPath, nextLevel }, { id: 'r1' });
  const gpnRes = (...names: string[]) =>
    wire({ name: 'GetParameterNamesResponse', parameterList: names.map((name) => ({ name, writable: false })) }, { id: 'r1' });

  it('gpn-outside-path', () => {
    expect(check(gpnRes('Device.DeviceInfo.Manufacturer', 'Device.ManagementServer.URL'), { request: gpn('Device.DeviceInfo.', false) })).toEqual([
      'gpn-outside-path',
    ]);
    expect(check(gpnRes('Device.DeviceInfo.', 'Device.DeviceInfo.Manufacturer'), { request: gpn('Device.DeviceInfo.', false) })).toEqual([]);
    expect(check(gpnRes('Device.DeviceInfo.Manufacturer'), { request: gpn('Device.DeviceInfo.Manufacturer', false) })).toEqual([]);
    expect(check(gpnRes('Device.DeviceInfo.SerialNumber'), { request: gpn('Device.DeviceInfo.Manufacturer', false) })).toEqual(['gpn-outside-path']);
  });

  it('gpn-next-level', () => {
    const deep = gpnRes('Device.DeviceInfo.ProcessStatus.', 'Device.DeviceInfo.ProcessStatus.CPUUsage');
    expect(check(deep, { request: gpn('Device.DeviceInfo.', true) })).toEqual(['gpn-next-level']);
    expect(check(deep, { request: gpn('Device.DeviceInfo.', false) })).toEqual([]);
    expect(check(gpnRes('Device.'), { request: gpn('', true) })).toEqual([]);
  });

  it('gpn-object-name: from the model, or from names listed below', () => {
    expect(check(gpnRes('Device.DeviceInfo.ProcessStatus'), { request: gpn('Device.DeviceInfo.', true), model: tr181 })).toEqual(['gpn-object-name']);
    expect(check(gpnRes('Device.DeviceInfo.Manufacturer.'), { request: gpn('Device.DeviceInfo.', true), model: tr181 })).toEqual(['gpn-object-name']);
    expect(check(gpnRes('Device.X_A.Obj', 'Device.X_A.Obj.Param'), { request: gpn('Device.', false) })).toEqual(['gpn-object-name']);
    expect(check(gpnRes('Device.DeviceInfo.ProcessStatus.', 'Device.DeviceInfo.Manufacturer'), { request: gpn('Device.DeviceInfo.', true), model: tr181 })).toEqual(
      [],
    );
  });

  it('spv-fault-misplaced', () => {
    const fault = wire(faultRpc(9003, undefined, [{ parameterName: 'Device.X', faultCode: 9005, faultString: 'no' }]), { id: 'r1' });
    expect(check(fault, { request: gpv })).toEqual(['spv-fault-misplaced']);
    const spv = wire({ name: 'SetParameterValues', parameterList: [pv('Device.X')], parameterKey: '' }, { id: 'r1' });
    expect(check(fault, { request: spv })).toEqual([]);
  });
});

describe('response fields', () => {
  it('response-status', () => {
    expect(check(wire({ name: 'SetParameterValuesResponse', status: 2 }))).toEqual(['response-status']);
    expect(check(wire({ name: 'SetParameterValuesResponse', status: 1 }))).toEqual([]);
    expect(check(wire({ name: 'DownloadResponse', status: 3, startTime: '0001-01-01T00:00:00Z', completeTime: '0001-01-01T00:00:00Z' }))).toEqual([
      'response-status',
    ]);
    expect(check(wire({ name: 'DeleteObjectResponse', status: 0 }))).toEqual([]);
  });

  it('addobject-instance', () => {
    expect(check(wire({ name: 'AddObjectResponse', instanceNumber: 0, status: 0 }))).toEqual(['addobject-instance']);
    expect(check(wire({ name: 'AddObjectResponse', instanceNumber: 1, status: 0 }))).toEqual([]);
  });

  it('transfer-fault-code: the TransferComplete subset, extensions and vendor codes', () => {
    const tc = (faultCode: number) =>
      wire({ name: 'TransferComplete', commandKey: 'k', faultStruct: { faultCode, faultString: '' }, startTime: '2026-11-27T10:00:00Z', completeTime: '2026-11-27T10:00:00Z' });
    expect(check(tc(9013))).toEqual(['transfer-fault-code']);
    expect(check(tc(9005))).toEqual(['transfer-fault-code']);
    for (const ok of [0, 9010, 9020, 9040, 9850]) expect(check(tc(ok)), String(ok)).toEqual([]);
  });
});

describe('faults', () => {
  it('fault-code-range by sender', () => {
    expect(check(wire(faultRpc(7000)))).toEqual(['fault-code-range']);
    expect(check(wire(faultRpc(9005)))).toEqual([]);
    expect(check(wire(faultRpc(9850)))).toEqual([]);
    expect(check(wire(faultRpc(9005)), { sender: 'acs' })).toEqual(['fault-code-range']);
  });

  it('fault-acs-code-from-cpe', () => {
    expect(check(wire(faultRpc(8002)))).toEqual(['fault-acs-code-from-cpe']);
    expect(check(wire(faultRpc(8002)), { sender: 'acs' })).toEqual([]);
  });

  it('fault-soap-code: Client/Server as the table pairs them, any prefix', () => {
    expect(check(wire({ ...faultRpc(9005), soapFaultCode: 'Server' }))).toEqual(['fault-soap-code']);
    expect(check(wire({ ...faultRpc(9005), soapFaultCode: 'SOAP-ENV:Client' }))).toEqual([]);
    expect(check(wire({ ...faultRpc(9850), soapFaultCode: 'Client' }))).toEqual([]);
  });

  it('spv-fault-code', () => {
    const entries = [{ parameterName: 'Device.X', faultCode: 9007, faultString: 'bad' }];
    expect(check(wire(faultRpc(9002, undefined, entries)))).toEqual(['spv-fault-code']);
    expect(check(wire(faultRpc(9003, undefined, entries)))).toEqual([]);
  });
});

describe('decoder warnings as findings', () => {
  const base = buildCwmp({ rpc: informRpc(tr181), header: { id: 'i1' } });

  it('soap-envelope: cwmp:ID without mustUnderstand', () => {
    expect(check(decode(buildCwmp({ rpc: informRpc(tr181), header: { id: 'i1', idMustUnderstand: false } })))).toEqual(['soap-envelope']);
  });

  it('soap-encoding: a value without xsi:type', () => {
    const xml = base.replace(/<Value xsi:type="xsd:string">/, '<Value>');
    expect(xml).not.toBe(base);
    expect(check(decode(xml))).toEqual(['soap-encoding']);
  });

  it('soap-structure: an element the schema does not define', () => {
    const xml = base.replace('<RetryCount>', '<X_Extra>1</X_Extra><RetryCount>');
    expect(check(decode(xml))).toEqual(['soap-structure']);
  });

  it('soap-lexical: a number with leading zeros', () => {
    const xml = base.replace('<RetryCount>0</RetryCount>', '<RetryCount>00</RetryCount>');
    const found = conformanceCheck(decode(xml));
    note(found);
    expect(ids(found)).toEqual(['soap-lexical']);
    expect(found[0]?.severity).toBe('info');
  });

  it('event-unknown, but not for vendor forms', () => {
    expect(check(inform({ event: [ev('BOGUS')] }))).toEqual(['event-unknown']);
    expect(check(inform({ event: [ev('X 001122 Alarm')] }))).toEqual([]);
  });

  it('soap-undecodable: a body that is not CWMP', () => {
    const r = parseCwmp('<html><body>hello</body></html>');
    expect(r.ok).toBe(false);
    const out = new FindingCollector();
    if (!r.ok) decodeErrorFinding(r.error, out);
    expect(note(out.findings)).toEqual(['soap-undecodable']);
  });

  it('maps unknown decoder codes to structure and known ones to their rule', () => {
    expect(ruleOfDecodeWarning('array-count-mismatch')).toBe('soap-encoding');
    expect(ruleOfDecodeWarning('something-new')).toBe('soap-structure');
  });
});

describe('completion rules (a session context)', () => {
  const tc = (commandKey: string): CwmpMessage => wire({ name: 'TransferComplete', commandKey, faultStruct: { faultCode: 0, faultString: '' }, startTime: '2026-01-01T00:00:00Z', completeTime: '2026-01-01T00:00:01Z' });
  const duc = (commandKey: string): CwmpMessage => wire({ name: 'DUStateChangeComplete', commandKey, results: [] });

  it('completion-event: a TransferComplete only where the Inform announced it with its CommandKey', () => {
    const announced = [ev('7 TRANSFER COMPLETE'), ev('M Download', 'fw-1')];
    expect(check(tc('fw-1'), { sessionEvents: announced })).toEqual([]);
    expect(check(tc('fw-1'), { sessionEvents: [ev('7 TRANSFER COMPLETE'), ev('M ScheduleDownload', 'fw-1')] })).toEqual([]);
    // The simulator's old mistake: TransferCompletes in a session opened for a DU state change.
    const wrongSession = conformanceCheck(tc('fw-1'), { sessionEvents: [ev('11 DU STATE CHANGE COMPLETE'), ev('M ChangeDUState', 'du')] });
    expect(note(wrongSession)).toEqual(['completion-event']);
    expect(wrongSession[0].message).toContain('"7 TRANSFER COMPLETE"');
    expect(check(tc('other'), { sessionEvents: announced })).toEqual(['completion-event']);
    expect(check(tc('fw-1'), { sessionEvents: [ev('7 TRANSFER COMPLETE')] })).toEqual(['completion-event']);
    expect(check(duc('du'), { sessionEvents: [ev('11 DU STATE CHANGE COMPLETE'), ev('M ChangeDUState', 'du')] })).toEqual([]);
    expect(check(duc('du'), { sessionEvents: announced })).toEqual(['completion-event']);
    // Without the session's Inform the rule has nothing to go on.
    expect(check(tc('fw-1'))).toEqual([]);
  });

  it('completion-missing: an Inform announcing a completion, then the empty POST without it', () => {
    const run = (events: ReturnType<typeof ev>[], sent: string[]): string[] => {
      const out = new FindingCollector();
      checkAnnouncedCompletions(events, new Set(sent), out);
      return note(out.findings);
    };
    expect(run([ev('7 TRANSFER COMPLETE'), ev('M Download', 'k')], [])).toEqual(['completion-missing']);
    expect(run([ev('7 TRANSFER COMPLETE'), ev('M Download', 'k')], ['TransferComplete'])).toEqual([]);
    expect(run([ev('11 DU STATE CHANGE COMPLETE'), ev('7 TRANSFER COMPLETE')], ['TransferComplete'])).toEqual(['completion-missing']);
    expect(run([ev('2 PERIODIC')], [])).toEqual([]);
  });
});

describe('data-model rules', () => {
  const withParam = (name: string, value: string, type: string) =>
    inform({ parameterList: [...informRpc(tr181).parameterList, { name, value, type }] });

  it('data-model-value: a value the model refuses, and writing a read-only parameter', () => {
    expect(check(withParam('Device.ManagementServer.PeriodicInformInterval', '0', 'xsd:unsignedInt'), { model: tr181 })).toEqual(['data-model-value']);
    expect(check(withParam('Device.ManagementServer.PeriodicInformInterval', '300', 'xsd:unsignedInt'), { model: tr181 })).toEqual([]);
    const spv = wire({ name: 'SetParameterValues', parameterList: [{ name: 'Device.DeviceInfo.SerialNumber', value: 'x', type: 'xsd:string' }], parameterKey: '' });
    expect(check(spv, { model: tr181, sender: 'acs' })).toEqual(['data-model-value']);
  });

  it('data-model-unknown: a path the model does not define, but not a vendor one', () => {
    expect(check(withParam('Device.Bogus.Thing', '1', 'xsd:string'), { model: tr181 })).toEqual(['data-model-unknown']);
    expect(check(withParam('Device.X_ACME_Thing', '1', 'xsd:string'), { model: tr181 })).toEqual([]);
  });

  it('device-required-missing and device-writable-read-only from a parameter tree', () => {
    const tree = ParameterTree.fromNodes([
      { path: 'Device.', object: true },
      { path: 'Device.DeviceInfo.', object: true },
      { path: 'Device.DeviceInfo.Manufacturer', object: false, writable: false },
      { path: 'Device.DeviceInfo.SerialNumber', object: false, writable: true },
    ]);
    // Nobody listed Device.DeviceInfo.: its absent required parameters were never read, not missing.
    const unread = deviceTreeFindings(tree, tr181);
    expect(note(unread)).toContain('device-required-unread');
    expect(note(unread)).not.toContain('device-required-missing');
    expect(note(unread)).toContain('device-writable-read-only');
    const sw = unread.find((f) => f.path === 'Device.DeviceInfo.SoftwareVersion');
    expect(sw).toMatchObject({ ruleId: 'device-required-unread', severity: 'info' });
    expect(sw?.message).toBe('Device.DeviceInfo.SoftwareVersion is required by Device:2.17 but was never read: read Device.DeviceInfo. to check it');
    expect(unreadRequiredPaths(tree, tr181).readPaths).toContain('Device.DeviceInfo.');
    expect(unreadRequiredPaths(tree, tr181).parameters).toContain('Device.DeviceInfo.SoftwareVersion');

    // Once the device listed the object (a GetParameterValues of Device.DeviceInfo.), what it left out is missing.
    tree.markListed(['Device.DeviceInfo.'], 1_000);
    const read = deviceTreeFindings(tree, tr181);
    expect(note(read)).toContain('device-required-missing');
    expect(read.find((f) => f.path === 'Device.DeviceInfo.SoftwareVersion')).toMatchObject({
      ruleId: 'device-required-missing',
      message: 'Device.DeviceInfo.SoftwareVersion is required by Device:2.17 but the device did not report it when Device.DeviceInfo. was read',
    });
    expect(unreadRequiredPaths(tree, tr181).readPaths).not.toContain('Device.DeviceInfo.');
    expect(deviceTreeFindings(new ParameterTree(), tr181)).toEqual([]);
  });

  it('listing: a full GetParameterNames lists every object under it, a NextLevel one only the object itself', () => {
    const tree = new ParameterTree();
    tree.mergeNames([{ name: 'Device.A.', writable: false }, { name: 'Device.A.B.', writable: false }, { name: 'Device.A.B.x', writable: true }], 'Device.A.', false, 5);
    expect(tree.listed('Device.A.')).toBe(true);
    expect(tree.listed('Device.A.B.')).toBe(true);
    expect(tree.listed('Device.')).toBe(false);
    const next = new ParameterTree();
    next.mergeNames([{ name: 'Device.A.', writable: false }], 'Device.', true, 5);
    expect(next.listed('Device.')).toBe(true);
    expect(next.listed('Device.A.')).toBe(false);
    // Values alone (an Inform) list nothing.
    const values = new ParameterTree();
    values.mergeValues([{ name: 'Device.DeviceInfo.SoftwareVersion', value: '1', type: 'xsd:string' }], 5);
    expect(values.listed('Device.DeviceInfo.')).toBe(false);
    expect(ParameterTree.fromNodes(tree.nodes()).listed('Device.A.B.')).toBe(true);
  });
});

describe('inferSender', () => {
  it('takes CPE requests, CPE responses and faults as the CPE side', () => {
    expect(inferSender(inform())).toBe('cpe');
    expect(inferSender(wire(faultRpc(9002)))).toBe('cpe');
    expect(inferSender(wire({ name: 'GetParameterValuesResponse', parameterList: [] }))).toBe('cpe');
    expect(inferSender(wire({ name: 'InformResponse', maxEnvelopes: 1 }))).toBe('acs');
    expect(inferSender(wire({ name: 'Reboot', commandKey: '' }))).toBe('acs');
  });
});

const SAMPLES = path.resolve(import.meta.dirname, '../../../../shared/samples/cwmp');

describe.skipIf(!existsSync(SAMPLES))('real CPE samples (../shared/samples/cwmp)', () => {
  it('checks every sample without throwing, with findings only from the rule table', () => {
    const known = new Set<string>(CONFORMANCE_RULES.map((r) => r.id));
    let checked = 0;
    for (const dir of readdirSync(SAMPLES, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const file of readdirSync(path.join(SAMPLES, dir.name))) {
        if (!file.endsWith('.xml')) continue;
        const r = parseCwmp(readFileSync(path.join(SAMPLES, dir.name, file)));
        if (!r.ok) continue;
        for (const model of [tr181, tr098]) {
          for (const f of conformanceCheck(r.message, { model })) expect(known.has(f.ruleId), `${file}: ${f.ruleId}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

afterAll(() => {
  // Every rule has at least one positive case above (run the whole file to see this hold).
  const untested = CONFORMANCE_RULES.map((r) => r.id).filter((id) => !triggered.has(id));
  if (triggered.size > 20) expect(untested).toEqual([]);
});
