/** CWMP faults a simulated CPE returns: the codec's table text, with what went wrong appended. */
import { describeFault, faultRpc } from '../../src-shared/cwmp';
import type { Fault, SetParameterValuesFaultStruct } from '../../src-shared/cwmp/types';

export function cpeFault(code: number, detail?: string, spv?: SetParameterValuesFaultStruct[]): Fault {
  const text = describeFault(code)?.text ?? 'Fault';
  return faultRpc(code, detail ? `${text}: ${detail}` : text, spv);
}
