/** Inform and events (TR-069 3.7.1.5, A.3.3.1, Table 7). */
import { isKnownEvent } from '../../../src-shared/cwmp/events';
import type { Inform } from '../../../src-shared/cwmp/types';
import type { TestCase } from '../case';
import { define, failure, host, inform, key, send } from './define';

const AREA = 'Inform';

/** A case that asks for a session and checks the Inform that opens it. */
function informCheck(id: string, title: string, section: string, verify: (i: Inform, root: string) => ReturnType<NonNullable<Extract<import('../case').Step, { step: 'inform' }>['verify']>>): TestCase {
  return define({ id, title, area: AREA, section, steps: (f) => [inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], verify: (i) => verify(i, f.root) })] });
}

function forcedParam(id: string, title: string, suffix: string, when?: (root: string) => boolean): TestCase {
  return define({
    id,
    title,
    area: AREA,
    section: 'A.3.3.1',
    ...(when ? { when: (f) => (when(f.root) ? null : `not a forced Inform parameter of ${f.root}`) } : {}),
    steps: (f) => [inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], params: [{ param: `${f.root}.${suffix}` }] })],
  });
}

export const informCases: TestCase[] = [
  define({
    id: 'inform.connection-request-event',
    title: 'A connection request opens a session whose Inform carries 6 CONNECTION REQUEST',
    area: AREA,
    section: '3.2.2',
    steps: () => [inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], strict: true })],
  }),
  informCheck('inform.device-id', 'DeviceId names manufacturer, a six-hex-digit OUI, product class and serial number', 'A.3.3.1', (i) => {
    const d = i.deviceId;
    if (!d.manufacturer) return failure('DeviceId/Manufacturer is empty');
    if (!/^[0-9A-F]{6}$/.test(d.oui)) return failure(`DeviceId/OUI ${JSON.stringify(d.oui)} is not six upper-case hex digits`, 'six hex digits', d.oui);
    if (!d.serialNumber) return failure('DeviceId/SerialNumber is empty');
    return null;
  }),
  informCheck('inform.max-envelopes', 'Inform MaxEnvelopes is 1', 'A.3.3.1', (i) =>
    i.maxEnvelopes === 1 ? null : failure(`MaxEnvelopes is ${i.maxEnvelopes}`, '1', String(i.maxEnvelopes)),
  ),
  informCheck('inform.current-time', 'Inform CurrentTime is a valid dateTime', 'A.3.3.1', (i) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.test(i.currentTime) ? null : failure(`CurrentTime ${JSON.stringify(i.currentTime)} is not an xsd:dateTime`),
  ),
  informCheck('inform.retry-count', 'RetryCount is 0 on a first attempt that succeeds', 'A.3.3.1', (i) =>
    i.retryCount === 0 ? null : failure(`RetryCount is ${i.retryCount} on a session that needed no retry`, '0', String(i.retryCount)),
  ),
  informCheck('inform.events-known', 'Every event code is one TR-069 defines (or a vendor X event)', 'Table 7', (i) => {
    const bad = i.event.map((e) => e.eventCode).filter((c) => !isKnownEvent(c) && !/^X [0-9A-F]{6} /.test(c));
    return bad.length ? failure(`unknown event codes: ${bad.join(', ')}`) : null;
  }),
  informCheck('inform.events-unique', 'No event code appears twice (M events: once per CommandKey)', 'Table 7', (i) => {
    const seen = new Set<string>();
    for (const e of i.event) {
      const k = e.eventCode.startsWith('M ') ? `${e.eventCode}|${e.commandKey}` : e.eventCode;
      if (seen.has(k)) return failure(`${e.eventCode} appears twice in one Inform`);
      seen.add(k);
    }
    return null;
  }),
  informCheck('inform.parameters-typed', 'Every Inform parameter carries an xsi:type', 'A.3.3.1', (i) => {
    const untyped = i.parameterList.filter((p) => !p.type).map((p) => p.name);
    return untyped.length ? failure(`no xsi:type on ${untyped.slice(0, 5).join(', ')}`) : null;
  }),
  informCheck('inform.connection-request-url', 'The Inform reports an http(s) ConnectionRequestURL', 'A.3.3.1', (i, root) => {
    const p = i.parameterList.find((x) => x.name === `${root}.ManagementServer.ConnectionRequestURL`);
    if (!p) return failure('ConnectionRequestURL is not in the Inform');
    return /^https?:\/\/[^/]+/.test(p.value) ? null : failure(`ConnectionRequestURL ${JSON.stringify(p.value)} is not an http(s) URL`);
  }),
  forcedParam('inform.param.software-version', 'The Inform carries DeviceInfo.SoftwareVersion', 'DeviceInfo.SoftwareVersion'),
  forcedParam('inform.param.hardware-version', 'The Inform carries DeviceInfo.HardwareVersion', 'DeviceInfo.HardwareVersion'),
  forcedParam('inform.param.provisioning-code', 'The Inform carries DeviceInfo.ProvisioningCode', 'DeviceInfo.ProvisioningCode'),
  forcedParam('inform.param.parameter-key', 'The Inform carries ManagementServer.ParameterKey', 'ManagementServer.ParameterKey'),
  forcedParam('inform.param.root-data-model-version', 'A TR-181 Inform carries Device.RootDataModelVersion', 'RootDataModelVersion', (root) => root === 'Device'),
  forcedParam('inform.param.device-summary', 'A TR-098 Inform carries DeviceSummary', 'DeviceSummary', (root) => root === 'InternetGatewayDevice'),
  define({
    id: 'inform.cwmp-id',
    title: 'Responses echo the cwmp:ID of the ACS request they answer',
    area: AREA,
    section: '3.5',
    steps: (f) => [send({ name: 'GetParameterValues', parameterNames: [`${f.root}.DeviceInfo.SoftwareVersion`] }), host('traffic', { check: 'id-echo' })],
  }),
  define({
    id: 'inform.scheduled',
    title: 'ScheduleInform: an Inform with 3 SCHEDULED and M ScheduleInform (its CommandKey) follows after DelaySeconds',
    area: 'ScheduleInform',
    section: 'A.4.1.4',
    requirement: 'optional',
    when: (f) => (f.methods.includes('ScheduleInform') ? null : 'the device does not list ScheduleInform'),
    steps: () => {
      const ck = key('sched');
      return [
        send({ name: 'ScheduleInform', delaySeconds: 1, commandKey: ck }),
        inform({ events: ['3 SCHEDULED', { code: 'M ScheduleInform', commandKey: ck }], timeoutMs: 20_000 }),
      ];
    },
  }),
];
