/**
 * Get/SetParameterAttributes and notification (TR-069 A.3.2.4, A.3.2.5, 3.2.1), AddObject and DeleteObject
 * (A.3.2.6, A.3.2.7).
 */
import type { AddObjectResponse, GetParameterAttributesResponse, GetParameterNamesResponse } from '../../../src-shared/cwmp/types';
import type { Step } from '../../../src-shared/scenario/types';
import type { TestCase } from '../case';
import { define, failure, gpn, gpv, host, inform, key, send } from './define';

const ATTR = 'ParameterAttributes';

function spa(name: string, notification: 0 | 1 | 2, extra: { accessList?: string[]; notificationChange?: boolean } = {}): Step {
  return send(
    {
      name: 'SetParameterAttributes',
      parameterList: [
        {
          name,
          notificationChange: extra.notificationChange ?? true,
          notification,
          accessListChange: extra.accessList !== undefined,
          accessList: extra.accessList ?? [],
        },
      ],
    },
    { restore: true },
  );
}

function gpa(names: string[], more: Partial<Omit<Extract<Step, { step: 'send' }>, 'step' | 'rpc'>> = {}): Step {
  return send({ name: 'GetParameterAttributes', parameterNames: names }, more);
}

export const attributeCases: TestCase[] = [
  define({
    id: 'gpa.single',
    title: 'GetParameterAttributes of one parameter gives its notification (0-6) and access list',
    area: ATTR,
    section: 'A.3.2.5',
    needs: ['writableString'],
    steps: (f) => [
      gpa([f.vars.writableString], {
        expect: [{ field: 'parameterList.length', equals: 1 }, { field: 'parameterList.0.name', equals: f.vars.writableString }, { field: 'parameterList.0.notification', min: 0, max: 6 }],
        verify: (r) => (Array.isArray((r as GetParameterAttributesResponse).parameterList[0]?.accessList) ? null : failure('no AccessList')),
      }),
    ],
  }),
  define({
    id: 'gpa.partial-path',
    title: 'GetParameterAttributes of a partial path lists every parameter under it',
    area: ATTR,
    section: 'A.3.2.5',
    needs: ['partialPath'],
    steps: (f) => [gpa(['${partialPath}'], { expect: [{ param: `${f.root}.DeviceInfo.SoftwareVersion` }, { field: 'parameterList.length', min: 2 }] })],
  }),
  define({
    id: 'gpa.invalid-name',
    title: 'GetParameterAttributes of a parameter that does not exist: fault 9005',
    area: ATTR,
    section: 'A.3.2.5',
    steps: (f) => [gpa([`${f.root}.DeviceInfo.NoSuchParameterCwmpWb`], { fault: { code: 9005 } })],
  }),
  define({
    id: 'spa.passive',
    title: 'Passive notification set with SetParameterAttributes reads back as 1',
    area: ATTR,
    section: 'A.3.2.4',
    needs: ['writableString'],
    steps: (f) => [spa(f.vars.writableString, 1), gpa([f.vars.writableString], { expect: [{ param: f.vars.writableString, notification: 1 }] })],
  }),
  define({
    id: 'spa.active',
    title: 'Active notification set with SetParameterAttributes reads back as 2',
    area: ATTR,
    section: 'A.3.2.4',
    needs: ['writableString'],
    steps: (f) => [spa(f.vars.writableString, 2), gpa([f.vars.writableString], { expect: [{ param: f.vars.writableString, notification: 2 }] })],
  }),
  define({
    id: 'spa.notification-change-false',
    title: 'NotificationChange false leaves the notification as it was',
    area: ATTR,
    section: 'A.3.2.4',
    needs: ['writableString'],
    steps: (f) => [
      gpa([f.vars.writableString], { capture: { before: { field: 'parameterList.0.notification' } } }),
      spa(f.vars.writableString, 2, { notificationChange: false }),
      gpa([f.vars.writableString], { expect: [{ field: 'parameterList.0.notification', equals: '${before}' }] }),
    ],
  }),
  define({
    id: 'spa.access-list',
    title: 'An AccessList of Subscriber set with SetParameterAttributes reads back',
    area: ATTR,
    section: 'A.3.2.4',
    requirement: 'optional',
    needs: ['writableString'],
    steps: (f) => [spa(f.vars.writableString, 0, { accessList: ['Subscriber'], notificationChange: false }), gpa([f.vars.writableString], { expect: [{ field: 'parameterList.0.accessList', includes: ['Subscriber'] }] })],
  }),
  define({
    id: 'spa.invalid-name',
    title: 'SetParameterAttributes on a parameter that does not exist: fault 9005',
    area: ATTR,
    section: 'A.3.2.4',
    steps: (f) => [
      send(
        { name: 'SetParameterAttributes', parameterList: [{ name: `${f.root}.DeviceInfo.NoSuchParameterCwmpWb`, notificationChange: true, notification: 1, accessListChange: false, accessList: [] }] },
        { fault: { code: 9005 } },
      ),
    ],
  }),
  define({
    id: 'notify.active-value-change',
    title: 'Active notification: a change on the device brings an Inform with 4 VALUE CHANGE and the new value',
    area: 'Notification',
    section: '3.2.1',
    needs: ['writableString'],
    steps: (f) => {
      const name = f.vars.writableString;
      const value = `cwmp-wb-local-${Date.now().toString(36)}`;
      return [
        spa(name, 2),
        host('local-change', { name, value }),
        inform({ events: ['4 VALUE CHANGE'], params: [{ param: name, value }], timeoutMs: 10_000 }),
      ];
    },
  }),
  define({
    id: 'notify.passive-value-change',
    title: 'Passive notification: the change waits for the next session, whose Inform carries 4 VALUE CHANGE and the value',
    area: 'Notification',
    section: '3.2.1',
    needs: ['writableString'],
    steps: (f) => {
      const name = f.vars.writableString;
      const value = `cwmp-wb-passive-${Date.now().toString(36)}`;
      return [
        spa(name, 1),
        host('local-change', { name, value }),
        host('no-inform', { ms: 1500, events: ['4 VALUE CHANGE'] }),
        inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST', '4 VALUE CHANGE'], params: [{ param: name, value }], timeoutMs: 10_000 }),
      ];
    },
  }),
  define({
    id: 'notify.off',
    title: 'Notification off: a change on the device is not reported in the next Inform',
    area: 'Notification',
    section: '3.2.1',
    needs: ['writableString'],
    steps: (f) => {
      const name = f.vars.writableString;
      return [
        spa(name, 0),
        host('local-change', { name, value: `cwmp-wb-off-${Date.now().toString(36)}` }),
        inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], absent: ['4 VALUE CHANGE'], params: [{ param: name, present: false }] }),
      ];
    },
  }),
  define({
    id: 'notify.not-for-acs-changes',
    title: 'A change the ACS makes itself is not notified back (no 4 VALUE CHANGE)',
    area: 'Notification',
    section: '3.2.1',
    needs: ['writableString'],
    steps: (f) => {
      const name = f.vars.writableString;
      return [
        spa(name, 2),
        send({ name: 'SetParameterValues', parameterList: [{ name, value: `cwmp-wb-acs-${Date.now().toString(36)}`, type: 'xsd:string' }], parameterKey: 'cwmp-wb-acs' }, { restore: true }),
        host('no-inform', { ms: 1500, events: ['4 VALUE CHANGE'] }),
      ];
    },
  }),
];

const OBJ = 'AddObject/DeleteObject';

function add(more: Partial<Omit<Extract<Step, { step: 'send' }>, 'step' | 'rpc'>> = {}, parameterKey = 'cwmp-wb-add'): Step {
  return send({ name: 'AddObject', objectName: '${addableTable}', parameterKey }, { restore: true, ...more });
}

export const objectCases: TestCase[] = [
  define({
    id: 'obj.add',
    title: 'AddObject on a table creates an instance: a positive InstanceNumber, Status 0 or 1',
    area: OBJ,
    section: 'A.3.2.6',
    needs: ['addableTable'],
    steps: () => [add({ expect: [{ field: 'instanceNumber', min: 1 }, { field: 'status', oneOf: [0, 1] }] })],
  }),
  define({
    id: 'obj.add-instance-exists',
    title: 'The instance AddObject reports exists under that number',
    area: OBJ,
    section: 'A.3.2.6',
    needs: ['addableTable'],
    steps: () => [add({ capture: { n: { field: 'instanceNumber' } } }), gpn('${addableTable}${n}.', true)],
  }),
  define({
    id: 'obj.add-listed',
    title: 'GetParameterNames on the table lists the new instance',
    area: OBJ,
    section: 'A.3.2.6',
    needs: ['addableTable'],
    steps: () => [
      add({ capture: { n: { field: 'instanceNumber' } } }),
      gpn('${addableTable}', true, {
        verify: (r, v) => {
          const want = `${v.addableTable}${v.n}.`;
          return (r as GetParameterNamesResponse).parameterList.some((p) => p.name === want) ? null : failure(`${want} is not listed`, want, 'absent');
        },
      }),
    ],
  }),
  define({
    id: 'obj.add-unique',
    title: 'Two AddObjects give two different instance numbers',
    area: OBJ,
    section: 'A.3.2.6',
    needs: ['addableTable'],
    steps: () => [
      add({ capture: { first: { field: 'instanceNumber' } } }),
      add({ verify: (r, v) => (String((r as AddObjectResponse).instanceNumber) === v.first ? failure(`both instances are number ${v.first}`) : null) }),
    ],
  }),
  define({
    id: 'obj.add-parameter-key',
    title: 'AddObject sets ParameterKey',
    area: OBJ,
    section: 'A.3.2.6',
    needs: ['addableTable', 'parameterKeyParam'],
    steps: (f) => {
      const k = key('add');
      return [add({}, k), gpv([f.vars.parameterKeyParam], { expect: [{ param: f.vars.parameterKeyParam, value: k }] })];
    },
  }),
  define({
    id: 'obj.delete',
    title: 'DeleteObject removes the instance: it is gone afterwards (9005)',
    area: OBJ,
    section: 'A.3.2.7',
    needs: ['addableTable'],
    steps: () => [
      send({ name: 'AddObject', objectName: '${addableTable}', parameterKey: 'cwmp-wb-add' }, { capture: { n: { field: 'instanceNumber' } } }),
      send({ name: 'DeleteObject', objectName: '${addableTable}${n}.', parameterKey: 'cwmp-wb-del' }, { expect: [{ field: 'status', oneOf: [0, 1] }] }),
      gpn('${addableTable}${n}.', false, { fault: { code: 9005 } }),
    ],
  }),
  define({
    id: 'obj.delete-parameter-key',
    title: 'DeleteObject sets ParameterKey',
    area: OBJ,
    section: 'A.3.2.7',
    needs: ['addableTable', 'parameterKeyParam'],
    steps: (f) => {
      const k = key('del');
      return [
        send({ name: 'AddObject', objectName: '${addableTable}', parameterKey: 'cwmp-wb-add' }, { capture: { n: { field: 'instanceNumber' } } }),
        send({ name: 'DeleteObject', objectName: '${addableTable}${n}.', parameterKey: k }),
        gpv([f.vars.parameterKeyParam], { expect: [{ param: f.vars.parameterKeyParam, value: k }] }),
      ];
    },
  }),
  define({
    id: 'obj.add-invalid',
    title: 'AddObject on an object that does not exist: fault 9005',
    area: OBJ,
    section: 'A.3.2.6',
    steps: (f) => [send({ name: 'AddObject', objectName: `${f.root}.NoSuchTableCwmpWb.`, parameterKey: '' }, { fault: { code: 9005 } })],
  }),
  define({
    id: 'obj.add-not-a-table',
    title: 'AddObject on a single-instance object is refused (9005 or 9003)',
    area: OBJ,
    section: 'A.3.2.6',
    steps: (f) => [send({ name: 'AddObject', objectName: `${f.root}.DeviceInfo.`, parameterKey: '' }, { fault: { code: [9005, 9003, 9001] } })],
  }),
  define({
    id: 'obj.delete-invalid',
    title: 'DeleteObject of an instance that does not exist: fault 9005',
    area: OBJ,
    section: 'A.3.2.7',
    needs: ['addableTable'],
    steps: () => [send({ name: 'DeleteObject', objectName: '${addableTable}99999.', parameterKey: '' }, { fault: { code: 9005 } })],
  }),
];
