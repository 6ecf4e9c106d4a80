/**
 * Download and Upload through the file store (TR-069 A.3.2.8, A.4.1.5, 3.2.1 TransferComplete), Reboot and
 * FactoryReset (A.3.2.9, A.4.1.9), the periodic Inform (3.2.1, A.3.3.1), queued-transfer RPCs (A.4.1.1).
 */
import type { Inform } from '../../../src-shared/cwmp/types';
import type { TestCase } from '../case';
import { define, failure, gpv, host, inform, key, otherValue, pvs, send, spv } from './define';

const XFER = 'Download/Upload';

function needs(method: string) {
  return (f: { methods: string[] }): string | null => (f.methods.includes(method) ? null : `the device does not list ${method}`);
}

const missing = (): string => `cwmp-wb-missing-${Date.now().toString(36)}.bin`;

function download404(ck: string, fileType = '1 Firmware Upgrade Image') {
  return [
    host('file-url', { name: missing() }, 'missingUrl'),
    send(
      { name: 'Download', commandKey: ck, fileType, url: '${missingUrl}', username: '', password: '', fileSize: 0, targetFileName: '', delaySeconds: 0, successURL: '', failureURL: '' },
      { expect: [{ field: 'status', oneOf: [0, 1] }] },
    ),
  ];
}

function upload(ck: string, fileType: string, name: string) {
  return [
    host('file-url', { name, upload: true }, 'uploadUrl'),
    send({ name: 'Upload', commandKey: ck, fileType, url: '${uploadUrl}', username: '', password: '', delaySeconds: 0 }, { expect: [{ field: 'status', oneOf: [0, 1] }] }),
  ];
}

export const transferCases: TestCase[] = [
  define({
    id: 'dl.not-found',
    title: 'A Download whose file is missing (HTTP 404) ends in a TransferComplete with fault 9016 (or 9010)',
    area: XFER,
    section: 'A.3.2.8',
    steps: () => {
      const ck = key('dl404');
      return [...download404(ck), host('transfer-complete', { commandKey: ck, faultCode: [9016, 9010], timeoutMs: 30_000 })];
    },
  }),
  define({
    id: 'dl.transfer-complete-session',
    title: 'The TransferComplete comes in a new session whose Inform has 7 TRANSFER COMPLETE and M Download with the CommandKey',
    area: XFER,
    section: '3.7.1.5',
    steps: () => {
      const ck = key('dltc');
      return [...download404(ck), inform({ events: ['7 TRANSFER COMPLETE', { code: 'M Download', commandKey: ck }], timeoutMs: 20_000 }), host('transfer-complete', { commandKey: ck, faultCode: [9016, 9010], timeoutMs: 10_000 })];
    },
  }),
  define({
    id: 'dl.corrupt',
    title: 'A firmware image shorter than its FileSize is rejected: TransferComplete fault 9018 (or 9010), no reboot',
    area: XFER,
    section: 'A.3.2.8',
    destructive: true,
    steps: () => {
      const ck = key('dlbad');
      return [
        host('file-put', { name: `cwmp-wb-corrupt-${Date.now().toString(36)}.bin`, bytes: 1000 }, 'corruptUrl'),
        send({ name: 'Download', commandKey: ck, fileType: '1 Firmware Upgrade Image', url: '${corruptUrl}', username: '', password: '', fileSize: 5000, targetFileName: '', delaySeconds: 0, successURL: '', failureURL: '' }),
        inform({ events: ['7 TRANSFER COMPLETE'], absent: ['1 BOOT'], timeoutMs: 30_000 }),
        host('transfer-complete', { commandKey: ck, faultCode: [9018, 9010], timeoutMs: 10_000 }),
      ];
    },
  }),
  define({
    id: 'ul.config',
    title: 'Upload of the vendor configuration file reaches the file store, TransferComplete without fault',
    area: XFER,
    section: 'A.4.1.5',
    requirement: 'optional',
    when: needs('Upload'),
    steps: () => {
      const ck = key('ulcfg');
      const name = `cwmp-wb-config-${Date.now().toString(36)}.xml`;
      return [...upload(ck, '1 Vendor Configuration File', name), host('transfer-complete', { commandKey: ck, faultCode: 0, timeoutMs: 30_000 }), host('file-exists', { name })];
    },
  }),
  define({
    id: 'ul.log',
    title: 'Upload of the vendor log file reaches the file store, TransferComplete without fault',
    area: XFER,
    section: 'A.4.1.5',
    requirement: 'optional',
    when: needs('Upload'),
    steps: () => {
      const ck = key('ullog');
      const name = `cwmp-wb-log-${Date.now().toString(36)}.log`;
      return [...upload(ck, '2 Vendor Log File', name), host('transfer-complete', { commandKey: ck, faultCode: 0, timeoutMs: 30_000 }), host('file-exists', { name })];
    },
  }),
  define({
    id: 'ul.m-upload-event',
    title: 'The Upload\'s TransferComplete session carries M Upload with its CommandKey',
    area: XFER,
    section: '3.7.1.5',
    requirement: 'optional',
    when: needs('Upload'),
    steps: () => {
      const ck = key('ulev');
      return [...upload(ck, '2 Vendor Log File', `cwmp-wb-ev-${Date.now().toString(36)}.log`), inform({ events: ['7 TRANSFER COMPLETE', { code: 'M Upload', commandKey: ck }], timeoutMs: 20_000 })];
    },
  }),
  define({
    id: 'ul.unreachable',
    title: 'An Upload to a server that is not there ends in a TransferComplete with fault 9011 (or 9015)',
    area: XFER,
    section: 'A.4.1.5',
    requirement: 'optional',
    when: needs('Upload'),
    steps: () => {
      const ck = key('ulbad');
      return [
        send({ name: 'Upload', commandKey: ck, fileType: '2 Vendor Log File', url: 'http://127.0.0.1:9/cwmp-wb-nowhere.log', username: '', password: '', delaySeconds: 0 }),
        host('transfer-complete', { commandKey: ck, faultCode: [9011, 9015, 9002], timeoutMs: 30_000 }),
      ];
    },
  }),
  define({
    id: 'dl.config-round-trip',
    title: 'The device\'s own uploaded configuration downloads back: TransferComplete without fault',
    area: XFER,
    section: 'A.3.2.8',
    destructive: true,
    when: needs('Upload'),
    steps: () => {
      const up = key('rtup');
      const down = key('rtdown');
      const name = `cwmp-wb-rt-${Date.now().toString(36)}.xml`;
      return [
        ...upload(up, '1 Vendor Configuration File', name),
        host('transfer-complete', { commandKey: up, faultCode: 0, timeoutMs: 30_000 }),
        host('file-url', { name }, 'configUrl'),
        send({ name: 'Download', commandKey: down, fileType: '3 Vendor Configuration File', url: '${configUrl}', username: '', password: '', fileSize: 0, targetFileName: '', delaySeconds: 0, successURL: '', failureURL: '' }),
        host('transfer-complete', { commandKey: down, faultCode: 0, timeoutMs: 60_000 }),
      ];
    },
  }),
  define({
    id: 'rpc.get-queued-transfers',
    title: 'GetQueuedTransfers answers with a transfer list',
    area: XFER,
    section: 'A.4.1.1',
    requirement: 'optional',
    when: needs('GetQueuedTransfers'),
    steps: () => [send({ name: 'GetQueuedTransfers' }, { expect: [{ field: 'transferList.length', min: 0 }] })],
  }),
  define({
    id: 'rpc.get-all-queued-transfers',
    title: 'GetAllQueuedTransfers answers with a transfer list',
    area: XFER,
    section: 'A.4.1.6',
    requirement: 'optional',
    when: needs('GetAllQueuedTransfers'),
    steps: () => [send({ name: 'GetAllQueuedTransfers' }, { expect: [{ field: 'transferList.length', min: 0 }] })],
  }),
];

export const rebootCases: TestCase[] = [
  define({
    id: 'reboot.m-reboot',
    title: 'After Reboot the device informs with M Reboot carrying the CommandKey',
    area: 'Reboot',
    section: 'A.3.2.9',
    destructive: true,
    steps: () => {
      const ck = key('reboot');
      return [send({ name: 'Reboot', commandKey: ck }), inform({ events: [{ code: 'M Reboot', commandKey: ck }], timeoutMs: 120_000 })];
    },
  }),
  define({
    id: 'reboot.boot-event',
    title: 'After Reboot the device informs with 1 BOOT',
    area: 'Reboot',
    section: 'A.3.2.9',
    destructive: true,
    steps: () => [send({ name: 'Reboot', commandKey: key('boot') }), inform({ events: ['1 BOOT'], timeoutMs: 120_000 })],
  }),
  define({
    id: 'reboot.keeps-values',
    title: 'A value set before a Reboot is still there after it',
    area: 'Reboot',
    section: 'A.3.2.9',
    destructive: true,
    needs: ['writableString'],
    steps: (f) => {
      const name = f.vars.writableString;
      const value = otherValue(f, name);
      return [spv([pvs(f, name, value)], 'cwmp-wb-persist'), send({ name: 'Reboot', commandKey: key('persist') }), inform({ events: ['1 BOOT'], timeoutMs: 120_000 }), gpv([name], { expect: [{ param: name, value }] })];
    },
  }),
  define({
    id: 'reboot.factory-reset',
    title: 'After FactoryReset the device informs with 0 BOOTSTRAP',
    area: 'Reboot',
    section: 'A.4.1.9',
    requirement: 'optional',
    destructive: true,
    when: needs('FactoryReset'),
    steps: () => [send({ name: 'FactoryReset' }), inform({ events: ['0 BOOTSTRAP'], timeoutMs: 180_000 })],
  }),
];

const PERIODIC = 'Periodic Inform';

function shortPeriod(f: { root: string; vars: Record<string, string>; params: Map<string, { type?: string }> }, seconds: number, enable = 'true') {
  const ms = `${f.root}.ManagementServer.`;
  return spv(
    [
      { name: `${ms}PeriodicInformEnable`, value: enable, type: 'xsd:boolean' },
      { name: f.vars.informIntervalParam, value: String(seconds), type: 'xsd:unsignedInt' },
    ],
    'cwmp-wb-periodic',
  );
}

const time = (i: Inform): number => Date.parse(i.currentTime);

export const periodicCases: TestCase[] = [
  define({
    id: 'periodic.event',
    title: 'With periodic Informs on, an Inform with 2 PERIODIC comes within the interval',
    area: PERIODIC,
    section: '3.2.1',
    needs: ['informIntervalParam'],
    steps: (f) => [shortPeriod(f, 2), inform({ events: ['2 PERIODIC'], timeoutMs: 8_000 })],
  }),
  define({
    id: 'periodic.interval',
    title: 'Periodic Informs come at the PeriodicInformInterval (2 s set: 1-4 s apart)',
    area: PERIODIC,
    section: '3.2.1',
    needs: ['informIntervalParam'],
    steps: (f) => [
      shortPeriod(f, 2),
      inform({ events: ['2 PERIODIC'], timeoutMs: 8_000, capture: { first: { field: 'currentTime' } } }),
      inform({
        events: ['2 PERIODIC'],
        timeoutMs: 8_000,
        verify: (i, v) => {
          const gap = (time(i) - Date.parse(v.first)) / 1000;
          if (!Number.isFinite(gap)) return failure('CurrentTime is not a date', 'dateTime', i.currentTime);
          return gap >= 1 && gap <= 4 ? null : failure(`periodic Informs ${gap.toFixed(1)} s apart with a 2 s interval`, '1-4 s', `${gap.toFixed(1)} s`);
        },
      }),
    ],
  }),
  define({
    id: 'periodic.disabled',
    title: 'With PeriodicInformEnable false no periodic Inform comes',
    area: PERIODIC,
    section: '3.2.1',
    needs: ['informIntervalParam'],
    steps: (f) => [shortPeriod(f, 1, 'false'), host('no-inform', { ms: 2500, events: ['2 PERIODIC'] })],
  }),
];
