/**
 * CWMP fault codes (TR-069 Amendment 6; cwmp-1-2.xsd and cwmp-1-4.xsd document them), for the UI
 * to explain and for building faults.
 */
import type { Fault, SetParameterValuesFaultStruct } from './types';

export interface FaultInfo {
  code: number;
  /** The schema's short text. */
  text: string;
  /** Who raises it: the ACS (8xxx) or the CPE (9xxx). */
  raisedBy: 'acs' | 'cpe';
  /** SOAP faultcode the spec pairs with it: Client when the request was at fault, else Server. */
  soapFaultCode: 'Client' | 'Server';
  /** Standard, vendor range, or reserved range. */
  kind: 'standard' | 'vendor' | 'reserved';
}

// [code, text, soap faultcode]
const STANDARD: Array<[number, string, 'Client' | 'Server']> = [
  [8000, 'Method not supported', 'Server'],
  [8001, 'Request denied (no reason specified)', 'Server'],
  [8002, 'Internal error', 'Server'],
  [8003, 'Invalid arguments', 'Client'],
  [8004, 'Resources exceeded', 'Server'],
  [8005, 'Retry request', 'Server'],
  [8006, 'ACS version incompatible with CPE', 'Server'],
  [9000, 'Method not supported', 'Server'],
  [9001, 'Request denied (no reason specified)', 'Server'],
  [9002, 'Internal error', 'Server'],
  [9003, 'Invalid arguments', 'Client'],
  [9004, 'Resources exceeded', 'Server'],
  [9005, 'Invalid parameter name', 'Client'],
  [9006, 'Invalid parameter type', 'Client'],
  [9007, 'Invalid parameter value', 'Client'],
  [9008, 'Attempt to set a non-writable parameter', 'Client'],
  [9009, 'Notification request rejected', 'Server'],
  [9010, 'File transfer failure', 'Server'],
  [9011, 'Upload failure', 'Server'],
  [9012, 'File transfer server authentication failure', 'Server'],
  [9013, 'Unsupported protocol for file transfer', 'Server'],
  [9014, 'File transfer failure: unable to join multicast group', 'Server'],
  [9015, 'File transfer failure: unable to contact file server', 'Server'],
  [9016, 'File transfer failure: unable to access file', 'Server'],
  [9017, 'File transfer failure: unable to complete download', 'Server'],
  [9018, 'File transfer failure: file corrupted', 'Server'],
  [9019, 'File transfer failure: file authentication failure', 'Server'],
  [9020, 'File transfer failure: unable to complete download within specified time windows', 'Server'],
  [9021, 'Cancelation of file transfer not permitted in current transfer state', 'Client'],
  [9022, 'Invalid UUID format', 'Client'],
  [9023, 'Unknown Execution Environment', 'Client'],
  [9024, 'Disabled Execution Environment', 'Server'],
  [9025, 'Deployment Unit to Execution Environment mismatch', 'Client'],
  [9026, 'Duplicate Deployment Unit', 'Client'],
  [9027, 'System resources exceeded', 'Server'],
  [9028, 'Unknown Deployment Unit', 'Client'],
  [9029, 'Invalid Deployment Unit state', 'Client'],
  [9030, 'Invalid Deployment Unit update: downgrade not permitted', 'Client'],
  [9031, 'Invalid Deployment Unit update: version not specified', 'Client'],
  [9032, 'Invalid Deployment Unit update: version already exists', 'Client'],
];

/** Every standard fault code, ascending. */
export const FAULT_CODES: readonly FaultInfo[] = STANDARD.map(([code, text, soapFaultCode]) => ({
  code,
  text,
  raisedBy: code < 9000 ? 'acs' : 'cpe',
  soapFaultCode,
  kind: 'standard',
}));

const BY_CODE = new Map(FAULT_CODES.map((f) => [f.code, f]));

/**
 * Explains a fault code: the standard ones by the table; 8800–8899 and 9800–9899 as vendor
 * extensions; 8007–8799 and 9033–9799 as reserved for future use; anything else as undefined.
 */
export function describeFault(code: number): FaultInfo | undefined {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (!Number.isInteger(code)) return undefined;
  if (code >= 8800 && code <= 8899) {
    return { code, text: 'Vendor-specific ACS fault', raisedBy: 'acs', soapFaultCode: 'Server', kind: 'vendor' };
  }
  if (code >= 9800 && code <= 9899) {
    return { code, text: 'Vendor-specific CPE fault', raisedBy: 'cpe', soapFaultCode: 'Server', kind: 'vendor' };
  }
  if (code > 8006 && code < 8800) {
    return { code, text: 'Reserved ACS fault code (8007–8799, not defined)', raisedBy: 'acs', soapFaultCode: 'Server', kind: 'reserved' };
  }
  if (code > 9032 && code < 9800) {
    return { code, text: 'Reserved CPE fault code (9033–9799, not defined)', raisedBy: 'cpe', soapFaultCode: 'Server', kind: 'reserved' };
  }
  return undefined;
}

/**
 * A `Fault` RPC for a code: SOAP faultcode Client/Server per the table, `CWMP fault` as SOAP
 * faultstring, and the table's text unless `faultString` is given.
 */
export function faultRpc(faultCode: number, faultString?: string, spv?: SetParameterValuesFaultStruct[]): Fault {
  const info = describeFault(faultCode);
  const fault: Fault = {
    name: 'Fault',
    soapFaultCode: info?.soapFaultCode ?? 'Server',
    soapFaultString: 'CWMP fault',
    faultCode,
    faultString: faultString ?? info?.text ?? 'Fault',
  };
  if (spv && spv.length > 0) fault.setParameterValuesFault = spv;
  return fault;
}
