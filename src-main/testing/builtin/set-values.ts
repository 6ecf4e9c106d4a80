/** SetParameterValues (TR-069 A.3.2.1): each type, the fault codes, ParameterKey, all-or-nothing. */
import type { TestCase } from '../case';
import { define, gpv, key, otherValue, pvs, spv } from './define';

const AREA = 'SetParameterValues';
const SECTION = 'A.3.2.1';

/** Sets a parameter of one type to another allowed value and reads it back. */
function setType(id: string, title: string, need: string): TestCase {
  return define({
    id,
    title,
    area: AREA,
    section: SECTION,
    needs: [need],
    steps: (f) => {
      const name = f.vars[need];
      const value = otherValue(f, name);
      return [
        spv([pvs(f, name, value)], 'cwmp-wb-type', { expect: [{ field: 'status', oneOf: [0, 1] }] }),
        gpv([name], { expect: [{ param: name, value }] }),
      ];
    },
  });
}

export const spvCases: TestCase[] = [
  setType('spv.string', 'A string parameter is set and reads back the new value', 'writableString'),
  setType('spv.boolean', 'A boolean parameter is set and reads back the new value', 'writableBoolean'),
  setType('spv.unsigned-int', 'An unsignedInt parameter is set (to an allowed value) and reads back', 'writableUnsignedInt'),
  setType('spv.int', 'An int parameter is set (to an allowed value) and reads back', 'writableInt'),
  setType('spv.date-time', 'A dateTime parameter is set (to an allowed value) and reads back', 'writableDateTime'),
  define({
    id: 'spv.status',
    title: 'SetParameterValuesResponse Status is 0 (applied) or 1 (applied on reboot)',
    area: AREA,
    section: SECTION,
    needs: ['writableString'],
    steps: (f) => [spv([pvs(f, f.vars.writableString, otherValue(f, f.vars.writableString))], 'cwmp-wb-status', { expect: [{ field: 'status', oneOf: [0, 1] }] })],
  }),
  define({
    id: 'spv.several',
    title: 'Several parameters set in one request all take their new values',
    area: AREA,
    section: SECTION,
    needs: ['writableString', 'writableBoolean'],
    steps: (f) => {
      const s = f.vars.writableString;
      const b = f.vars.writableBoolean;
      const sv = otherValue(f, s);
      const bv = otherValue(f, b);
      return [spv([pvs(f, s, sv), pvs(f, b, bv)], 'cwmp-wb-several'), gpv([s, b], { expect: [{ param: s, value: sv }, { param: b, value: bv }] })];
    },
  }),
  define({
    id: 'spv.parameter-key',
    title: 'SetParameterValues sets ManagementServer.ParameterKey to the request\'s ParameterKey',
    area: AREA,
    section: SECTION,
    needs: ['writableString', 'parameterKeyParam'],
    steps: (f) => {
      const k = key('spv');
      return [spv([pvs(f, f.vars.writableString, otherValue(f, f.vars.writableString))], k), gpv([f.vars.parameterKeyParam], { expect: [{ param: f.vars.parameterKeyParam, value: k }] })];
    },
  }),
  define({
    id: 'spv.parameter-key-in-inform',
    title: 'The next Inform reports the ParameterKey of the last SetParameterValues',
    area: AREA,
    section: '3.7.1.5',
    needs: ['writableString', 'parameterKeyParam'],
    steps: (f) => {
      const k = key('spvi');
      return [
        spv([pvs(f, f.vars.writableString, otherValue(f, f.vars.writableString))], k),
        { step: 'inform', connectionRequest: true, events: ['6 CONNECTION REQUEST'], params: [{ param: f.vars.parameterKeyParam, value: k }] },
      ];
    },
  }),
  define({
    id: 'spv.wrong-type',
    title: 'A value sent with the wrong xsi:type is refused: fault 9003 with 9006 for that parameter',
    area: AREA,
    section: SECTION,
    needs: ['writableUnsignedInt'],
    steps: (f) => [spv([pvs(f, f.vars.writableUnsignedInt, 'true', 'xsd:boolean')], 'cwmp-wb-type', { fault: { code: 9003, parameters: { [f.vars.writableUnsignedInt]: 9006 } } })],
  }),
  define({
    id: 'spv.invalid-value',
    title: 'A value its type does not allow is refused: fault 9003 with 9007 for that parameter',
    area: AREA,
    section: SECTION,
    needs: ['writableBoolean'],
    steps: (f) => [spv([pvs(f, f.vars.writableBoolean, 'maybe')], 'cwmp-wb-invalid', { fault: { code: 9003, parameters: { [f.vars.writableBoolean]: 9007 } } })],
  }),
  define({
    id: 'spv.invalid-unsigned',
    title: 'A negative value for an unsignedInt is refused: fault 9003 with 9007',
    area: AREA,
    section: SECTION,
    needs: ['writableUnsignedInt'],
    steps: (f) => [spv([pvs(f, f.vars.writableUnsignedInt, '-5')], 'cwmp-wb-invalid', { fault: { code: 9003, parameters: { [f.vars.writableUnsignedInt]: 9007 } } })],
  }),
  define({
    id: 'spv.read-only',
    title: 'Setting a read-only parameter is refused: fault 9003 with 9008 for it',
    area: AREA,
    section: SECTION,
    needs: ['readOnly'],
    steps: (f) => [spv([pvs(f, f.vars.readOnly, 'cwmp-wb')], 'cwmp-wb-ro', { fault: { code: 9003, parameters: { [f.vars.readOnly]: 9008 } } })],
  }),
  define({
    id: 'spv.invalid-name',
    title: 'Setting a parameter that does not exist is refused: fault 9003 with 9005 for it',
    area: AREA,
    section: SECTION,
    steps: (f) => [spv([pvs(f, `${f.root}.DeviceInfo.NoSuchParameterCwmpWb`, 'x', 'xsd:string')], 'cwmp-wb-nx', { restore: false, fault: { code: 9003, parameters: { [`${f.root}.DeviceInfo.NoSuchParameterCwmpWb`]: 9005 } } })],
  }),
  define({
    id: 'spv.all-faults-listed',
    title: 'A refused request lists every bad parameter with its own code',
    area: AREA,
    section: SECTION,
    needs: ['readOnly', 'writableBoolean'],
    steps: (f) => [
      spv([pvs(f, f.vars.readOnly, 'x'), pvs(f, f.vars.writableBoolean, 'maybe')], 'cwmp-wb-two', {
        fault: { code: 9003, parameters: { [f.vars.readOnly]: 9008, [f.vars.writableBoolean]: 9007 } },
      }),
    ],
  }),
  define({
    id: 'spv.atomic-read-only',
    title: 'One read-only parameter among good ones: nothing is applied',
    area: AREA,
    section: SECTION,
    needs: ['writableString', 'readOnly'],
    steps: (f) => {
      const s = f.vars.writableString;
      const before = f.params.get(s)?.value ?? '';
      return [
        spv([pvs(f, s, otherValue(f, s)), pvs(f, f.vars.readOnly, 'x')], 'cwmp-wb-atomic', { fault: { code: 9003 } }),
        gpv([s], { expect: [{ param: s, value: before }], note: 'the good value must not have been applied' }),
      ];
    },
  }),
  define({
    id: 'spv.atomic-wrong-type',
    title: 'One wrongly typed value among good ones: nothing is applied',
    area: AREA,
    section: SECTION,
    needs: ['writableString', 'writableUnsignedInt'],
    steps: (f) => {
      const s = f.vars.writableString;
      const before = f.params.get(s)?.value ?? '';
      return [
        spv([pvs(f, s, otherValue(f, s)), pvs(f, f.vars.writableUnsignedInt, 'true', 'xsd:boolean')], 'cwmp-wb-atomic', { fault: { code: 9003 } }),
        gpv([s], { expect: [{ param: s, value: before }] }),
      ];
    },
  }),
  define({
    id: 'spv.atomic-parameter-key',
    title: 'A refused SetParameterValues leaves ParameterKey unchanged',
    area: AREA,
    section: SECTION,
    needs: ['readOnly', 'parameterKeyParam'],
    steps: (f) => {
      const before = f.params.get(f.vars.parameterKeyParam)?.value ?? '';
      return [
        spv([pvs(f, f.vars.readOnly, 'x')], key('refused'), { fault: { code: 9003 } }),
        gpv([f.vars.parameterKeyParam], { expect: [{ param: f.vars.parameterKeyParam, value: before }] }),
      ];
    },
  }),
  define({
    id: 'spv.duplicate-name',
    title: 'The same parameter twice in one request is refused (fault 9003)',
    area: AREA,
    section: SECTION,
    requirement: 'conditional',
    needs: ['writableString'],
    steps: (f) => [spv([pvs(f, f.vars.writableString, 'a'), pvs(f, f.vars.writableString, 'b')], 'cwmp-wb-dup', { fault: { code: 9003 } })],
  }),
];
