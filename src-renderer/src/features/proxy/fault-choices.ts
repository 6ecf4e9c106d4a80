/**
 * Which fault codes make sense as an answer to a held message: a CPE's message is answered as if by the
 * ACS (8xxx), an ACS's message as if by the CPE (9xxx).
 */
import type { InterceptDirection } from '../../../../src-shared/api/proxy';
import { describeFault, FAULT_CODES, type FaultInfo } from '../../../../src-shared/cwmp/faults';

export function faultChoices(direction: InterceptDirection): FaultInfo[] {
  const by = direction === 'cpe-to-acs' ? 'acs' : 'cpe';
  return FAULT_CODES.filter((f) => f.raisedBy === by);
}

/** The usual "internal error" of the answering side. */
export function defaultFaultCode(direction: InterceptDirection): number {
  return direction === 'cpe-to-acs' ? 8002 : 9002;
}

/** The explanation shown under the picker, or why a code cannot be sent. */
export function explainChoice(code: number, direction: InterceptDirection): { ok: boolean; text: string } {
  if (!Number.isInteger(code) || code < 8000 || code > 9899) return { ok: false, text: 'A CWMP fault code is 8000–8899 (ACS) or 9000–9899 (CPE)' };
  const info = describeFault(code);
  if (!info) return { ok: false, text: `${code} is not a CWMP fault code` };
  const expected = direction === 'cpe-to-acs' ? 'acs' : 'cpe';
  const who = info.raisedBy.toUpperCase();
  const note = info.raisedBy === expected ? '' : ` — note: a ${who} code, but this answer comes as if from the ${expected.toUpperCase()}`;
  const kind = info.kind === 'standard' ? '' : ` (${info.kind} range)`;
  return { ok: true, text: `${info.text}${kind}; SOAP faultcode ${info.soapFaultCode}, raised by the ${who}${note}` };
}
