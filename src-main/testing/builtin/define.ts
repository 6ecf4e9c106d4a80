/** Small builders the built-in cases are written with. */
import type { AcsRequest, ParameterValueStruct } from '../../../src-shared/cwmp/types';
import type { Requirement } from '../../../src-shared/testing/report';
import type { Failure, Step } from '../../../src-shared/scenario/types';
import type { TestCase } from '../case';
import type { DeviceFacts } from '../facts';

type SendStep = Extract<Step, { step: 'send' }>;
type InformStep = Extract<Step, { step: 'inform' }>;

export interface CaseSpec extends Omit<TestCase, 'suite' | 'requirement' | 'destructive'> {
  requirement?: Requirement;
  destructive?: boolean;
}

export function define(spec: CaseSpec): TestCase {
  return { requirement: 'mandatory', destructive: false, ...spec, suite: 'builtin' };
}

export function send(rpc: AcsRequest, more: Partial<Omit<SendStep, 'step' | 'rpc'>> = {}): Step {
  return { step: 'send', rpc, ...more };
}

export function gpv(names: string[], more: Partial<Omit<SendStep, 'step' | 'rpc'>> = {}): Step {
  return send({ name: 'GetParameterValues', parameterNames: names }, more);
}

export function gpn(path: string, nextLevel: boolean, more: Partial<Omit<SendStep, 'step' | 'rpc'>> = {}): Step {
  return send({ name: 'GetParameterNames', parameterPath: path, nextLevel }, more);
}

/** The xsi:type the device reported for a parameter (xsd:string when unknown). */
export function typeOf(f: DeviceFacts, name: string): string {
  return f.params.get(name)?.type || 'xsd:string';
}

export function pvs(f: DeviceFacts, name: string, value: string, type?: string): ParameterValueStruct {
  return { name, value, type: type ?? typeOf(f, name) };
}

/** SetParameterValues that puts everything back at the end of the case. */
export function spv(list: ParameterValueStruct[], parameterKey = 'cwmp-wb-test', more: Partial<Omit<SendStep, 'step' | 'rpc'>> = {}): Step {
  return send({ name: 'SetParameterValues', parameterList: list, parameterKey }, { restore: true, ...more });
}

export function inform(more: Partial<Omit<InformStep, 'step'>> = {}): Step {
  return { step: 'inform', ...more };
}

export function host(op: string, args: Record<string, unknown> = {}, capture?: string): Step {
  return { step: 'host', op, args, ...(capture ? { capture } : {}) };
}

export function failure(reason: string, expected?: string, actual?: string): Failure {
  return { reason, ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}) };
}

/** A value different from the current one that the parameter's type allows. */
export function otherValue(f: DeviceFacts, name: string): string {
  const p = f.params.get(name);
  const v = p?.value ?? '';
  switch (p?.type) {
    case 'xsd:boolean':
      return v === 'true' || v === '1' ? 'false' : 'true';
    case 'xsd:string':
      return v === 'cwmp-wb-test' ? 'cwmp-wb-test-2' : 'cwmp-wb-test';
    default:
      return v;
  }
}

/** A unique-enough key for ParameterKey / CommandKey checks. */
export function key(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}`;
}
