/** GetRPCMethods, GetParameterNames and GetParameterValues (TR-069 A.3.1.1, A.3.2.2, A.3.2.3). */
import type { GetParameterNamesResponse, GetParameterValuesResponse, GetRPCMethodsResponse } from '../../../src-shared/cwmp/types';
import type { TestCase } from '../case';
import { define, failure, gpn, gpv, send } from './define';

const REQUIRED_METHODS = [
  'GetRPCMethods', 'SetParameterValues', 'GetParameterValues', 'GetParameterNames', 'SetParameterAttributes',
  'GetParameterAttributes', 'AddObject', 'DeleteObject', 'Reboot', 'Download',
];

export const rpcMethodCases: TestCase[] = [
  define({
    id: 'rpc.get-rpc-methods',
    title: 'GetRPCMethods lists every method a CPE must support',
    area: 'GetRPCMethods',
    section: 'A.3.1.1',
    steps: () => [send({ name: 'GetRPCMethods' }, { expect: [{ field: 'methodList', includes: REQUIRED_METHODS }] })],
  }),
  define({
    id: 'rpc.get-rpc-methods-unique',
    title: 'GetRPCMethods lists each method once',
    area: 'GetRPCMethods',
    section: 'A.3.1.1',
    steps: () => [
      send({ name: 'GetRPCMethods' }, {
        verify: (r) => {
          const list = (r as GetRPCMethodsResponse).methodList;
          const dup = list.find((m, i) => list.indexOf(m) !== i);
          return dup ? failure(`${dup} is listed twice`) : null;
        },
      }),
    ],
  }),
];

const names = (r: unknown): string[] => (r as GetParameterNamesResponse).parameterList.map((p) => p.name);

export const gpnCases: TestCase[] = [
  define({
    id: 'gpn.full-tree',
    title: 'GetParameterNames on the root with NextLevel false lists the whole tree, every name under the root',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    steps: (f) => [
      gpn(`${f.root}.`, false, {
        verify: (r) => {
          const list = names(r);
          if (list.length < 2) return failure(`only ${list.length} names listed`);
          const stray = list.find((n) => !n.startsWith(`${f.root}.`));
          return stray ? failure(`${stray} is not under ${f.root}.`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpn.next-level-true',
    title: 'GetParameterNames with NextLevel true lists only the next level',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    steps: (f) => [
      gpn(`${f.root}.`, true, {
        verify: (r) => {
          const list = names(r);
          if (!list.length) return failure('nothing listed');
          const deep = list.find((n) => n.slice(f.root.length + 1).replace(/\.$/, '').includes('.'));
          return deep ? failure(`${deep} is deeper than the next level`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpn.partial-path',
    title: 'GetParameterNames on a partial path (DeviceInfo.) lists its parameters, all under it',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    needs: ['partialPath'],
    steps: (f) => [
      gpn('${partialPath}', false, {
        expect: [{ param: `${f.root}.DeviceInfo.SoftwareVersion` }],
        verify: (r, v) => {
          const stray = names(r).find((n) => !n.startsWith(v.partialPath));
          return stray ? failure(`${stray} is not under ${v.partialPath}`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpn.partial-path-next-level',
    title: 'GetParameterNames on DeviceInfo. with NextLevel true lists its children and no grandchildren',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    needs: ['partialPath'],
    steps: (f) => [
      gpn('${partialPath}', true, {
        expect: [{ param: `${f.root}.DeviceInfo.SoftwareVersion` }],
        verify: (r, v) => {
          const deep = names(r).find((n) => n.slice(v.partialPath.length).replace(/\.$/, '').includes('.'));
          return deep ? failure(`${deep} is below the next level`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpn.parameter',
    title: 'GetParameterNames on a full parameter name lists exactly that parameter',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    steps: (f) => [gpn(`${f.root}.DeviceInfo.SoftwareVersion`, false, { expect: [{ field: 'parameterList.length', equals: 1 }, { param: `${f.root}.DeviceInfo.SoftwareVersion`, writable: false }] })],
  }),
  define({
    id: 'gpn.objects-end-in-dot',
    title: 'GetParameterNames names objects with a trailing dot and parameters without',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    needs: ['partialPath'],
    steps: (f) => [
      gpn('${partialPath}', true, {
        verify: (r) => {
          const list = names(r);
          const sw = list.find((n) => n === `${f.root}.DeviceInfo.SoftwareVersion`);
          if (!sw) return failure('DeviceInfo.SoftwareVersion is not listed (or is listed as an object)');
          for (const n of list) {
            const isObject = f.objects.has(n.endsWith('.') ? n : `${n}.`);
            if (isObject !== n.endsWith('.')) return failure(`${n}: ${isObject ? 'an object without' : 'a parameter with'} a trailing dot`);
          }
          return null;
        },
      }),
    ],
  }),
  define({
    id: 'gpn.root-next-level',
    title: 'GetParameterNames with an empty path and NextLevel true names the root object',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    requirement: 'conditional',
    steps: (f) => [gpn('', true, { expect: [{ field: 'parameterList.0.name', equals: `${f.root}.` }] })],
  }),
  define({
    id: 'gpn.invalid-name',
    title: 'GetParameterNames on a parameter that does not exist: fault 9005',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    steps: (f) => [gpn(`${f.root}.DeviceInfo.NoSuchParameterCwmpWb`, false, { fault: { code: 9005 } })],
  }),
  define({
    id: 'gpn.invalid-partial-path',
    title: 'GetParameterNames on an object that does not exist: fault 9005',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    steps: (f) => [gpn(`${f.root}.NoSuchObjectCwmpWb.`, false, { fault: { code: 9005 } })],
  }),
  define({
    id: 'gpn.parameter-next-level-true',
    title: 'GetParameterNames on a parameter name with NextLevel true: fault 9003',
    area: 'GetParameterNames',
    section: 'A.3.2.3',
    requirement: 'conditional',
    steps: (f) => [gpn(`${f.root}.DeviceInfo.SoftwareVersion`, true, { fault: { code: [9003, 9005] } })],
  }),
];

const values = (r: unknown): GetParameterValuesResponse['parameterList'] => (r as GetParameterValuesResponse).parameterList;

export const gpvCases: TestCase[] = [
  define({
    id: 'gpv.single',
    title: 'GetParameterValues of one parameter returns it with a value and type',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => [gpv([`${f.root}.DeviceInfo.SoftwareVersion`], { expect: [{ field: 'parameterList.length', equals: 1 }, { param: `${f.root}.DeviceInfo.SoftwareVersion`, type: 'xsd:string' }] })],
  }),
  define({
    id: 'gpv.many',
    title: 'GetParameterValues of several parameters returns each of them',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => {
      const list = [`${f.root}.DeviceInfo.SoftwareVersion`, `${f.root}.DeviceInfo.HardwareVersion`, `${f.root}.ManagementServer.ConnectionRequestURL`, `${f.root}.ManagementServer.ParameterKey`];
      return [gpv(list, { expect: list.map((param) => ({ param })) })];
    },
  }),
  define({
    id: 'gpv.partial-path',
    title: 'GetParameterValues of a partial path (DeviceInfo.) returns every parameter under it',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    needs: ['partialPath'],
    steps: (f) => [
      gpv(['${partialPath}'], {
        expect: [{ param: `${f.root}.DeviceInfo.SoftwareVersion` }, { param: `${f.root}.DeviceInfo.Manufacturer` }],
        verify: (r, v) => {
          const stray = values(r).find((p) => !p.name.startsWith(v.partialPath) || p.name.endsWith('.'));
          return stray ? failure(`${stray.name} is not a parameter under ${v.partialPath}`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpv.matches-inform',
    title: 'GetParameterValues of SoftwareVersion agrees with the Inform',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => {
      const sw = f.inform.parameterList.find((p) => p.name === `${f.root}.DeviceInfo.SoftwareVersion`)?.value;
      return [gpv([`${f.root}.DeviceInfo.SoftwareVersion`], sw === undefined ? {} : { expect: [{ param: `${f.root}.DeviceInfo.SoftwareVersion`, value: sw }] })];
    },
  }),
  define({
    id: 'gpv.types',
    title: 'GetParameterValues of DeviceInfo. gives every value an xsi:type',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    needs: ['partialPath'],
    steps: () => [
      gpv(['${partialPath}'], {
        verify: (r) => {
          const untyped = values(r).filter((p) => !p.type);
          return untyped.length ? failure(`no xsi:type on ${untyped.slice(0, 5).map((p) => p.name).join(', ')}`) : null;
        },
      }),
    ],
  }),
  define({
    id: 'gpv.invalid-name',
    title: 'GetParameterValues of a parameter that does not exist: fault 9005',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => [gpv([`${f.root}.DeviceInfo.NoSuchParameterCwmpWb`], { fault: { code: 9005 } })],
  }),
  define({
    id: 'gpv.invalid-partial-path',
    title: 'GetParameterValues of an object that does not exist: fault 9005',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => [gpv([`${f.root}.NoSuchObjectCwmpWb.`], { fault: { code: 9005 } })],
  }),
  define({
    id: 'gpv.one-invalid-among-valid',
    title: 'GetParameterValues with one bad name among good ones: fault 9005, no partial answer',
    area: 'GetParameterValues',
    section: 'A.3.2.2',
    steps: (f) => [gpv([`${f.root}.DeviceInfo.SoftwareVersion`, `${f.root}.DeviceInfo.NoSuchParameterCwmpWb`], { fault: { code: 9005 } })],
  }),
];
