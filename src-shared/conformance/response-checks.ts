import type { CwmpMessage, Fault, GetParameterNames, GetParameterNamesResponse, GetParameterValues, GetParameterValuesResponse } from '../cwmp/types';
import { describeFault } from '../cwmp/faults';
import { quote, type FindingCollector } from './collector';
import type { ConformanceContext } from './types';

/** The TransferComplete fault codes of cwmp-1-2.xsd (TransferCompleteCPEFaultCodeType). */
const TRANSFER_FAULT_CODES = new Set([9001, 9002, 9010, 9011, 9012, 9014, 9015, 9016, 9017, 9018, 9019, 9020]);

/** True when a message answers a request: a `…Response` or a Fault. */
function isAnswer(name: string): boolean {
  return name === 'Fault' || name.endsWith('Response');
}

/** Rules on a response in the light of the request it answers: cwmp:ID, method, and what was asked for. */
export function checkAgainstRequest(message: CwmpMessage, ctx: ConformanceContext, out: FindingCollector): void {
  const rpc = message.rpc;
  const request = ctx.request?.rpc;
  if (!rpc || !request || isAnswer(request.name) || !isAnswer(rpc.name)) return;
  const reqId = ctx.request?.header.id;
  if (reqId !== undefined && message.header.id !== reqId) {
    out.add(
      'response-id-mismatch',
      message.header.id === undefined
        ? `the ${rpc.name} carries no cwmp:ID; the ${request.name} it answers had ${quote(reqId)}`
        : `the ${rpc.name} carries cwmp:ID ${quote(message.header.id)}; the ${request.name} it answers had ${quote(reqId)}`,
    );
  }
  const requestMethod = request.name === 'Unknown' ? request.method : request.name;
  if (rpc.name !== 'Fault') {
    const got = rpc.name === 'Unknown' ? rpc.method : rpc.name;
    if (got !== `${requestMethod}Response`) out.add('response-mismatch', `a ${got} answers a ${requestMethod}; expected ${requestMethod}Response or a Fault`);
  }
  if (rpc.name === 'GetParameterNamesResponse' && request.name === 'GetParameterNames') checkGpn(rpc, request, ctx, out);
  if (rpc.name === 'GetParameterValuesResponse' && request.name === 'GetParameterValues') checkGpv(rpc, request, out);
  if (rpc.name === 'Fault' && rpc.setParameterValuesFault?.length && request.name !== 'SetParameterValues') {
    out.add('spv-fault-misplaced', `the Fault answering ${requestMethod} carries SetParameterValuesFault entries, which belong only to SetParameterValues faults`);
  }
}

function checkGpn(rpc: GetParameterNamesResponse, request: GetParameterNames, ctx: ConformanceContext, out: FindingCollector): void {
  const base = request.parameterPath;
  const partial = base === '' || base.endsWith('.');
  const names = rpc.parameterList.map((p) => p.name);
  const parents = parentPaths(names);
  names.forEach((name, i) => {
    const path = `GetParameterNamesResponse/ParameterList/ParameterInfoStruct[${i + 1}]`;
    const inside = partial ? name.startsWith(base) : name === base;
    if (!inside) {
      const why = partial ? `is not under the requested ParameterPath ${quote(base)}` : `is not the requested parameter ${quote(base)}`;
      out.add('gpn-outside-path', `${quote(name)} ${why}`, path);
      return;
    }
    if (request.nextLevel && partial && name !== base) {
      const rest = name.slice(base.length).replace(/\.$/, '');
      if (rest.includes('.')) out.add('gpn-next-level', `${quote(name)} is deeper than the next level below ${quote(base || '(root)')} (NextLevel was true)`, path);
    }
    objectNameCheck(name, parents, ctx, out, path);
  });
}

/** Every `X` such that a listed name starts with `X.` (`A.B.C` gives `A` and `A.B`): one pass, not a scan per name. */
function parentPaths(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) out.add(name.slice(0, dot));
  }
  return out;
}

/** Objects end in `.`, parameters do not: known from the model, or from other names listed below this one. */
function objectNameCheck(name: string, parents: ReadonlySet<string>, ctx: ConformanceContext, out: FindingCollector, path: string): void {
  const model = ctx.model;
  if (name.endsWith('.')) {
    const asParam = name.slice(0, -1);
    if (model && !model.lookup(name) && model.parameter(asParam)) {
      out.add('gpn-object-name', `${quote(name)} ends in "." but ${asParam} is a parameter in ${model.name}`, path);
    }
    return;
  }
  const modelSaysObject = !!model && !model.lookup(name) && model.lookup(`${name}.`)?.kind === 'object';
  const hasChildren = parents.has(name);
  if (modelSaysObject || hasChildren) {
    out.add('gpn-object-name', `${quote(name)} is an object${hasChildren ? ' (names are listed below it)' : ` in ${model?.name}`}; its name must end in "."`, path);
  }
}

function checkGpv(rpc: GetParameterValuesResponse, request: GetParameterValues, out: FindingCollector): void {
  const asked = request.parameterNames;
  const returned = new Set<string>();
  rpc.parameterList.forEach((pv, i) => {
    returned.add(pv.name);
    const requested = asked.some((r) => r === '' || r === pv.name || (r.endsWith('.') && pv.name.startsWith(r)));
    if (!requested) {
      out.add('gpv-unrequested', `${quote(pv.name)} was not requested (nor is it under a requested partial path)`, `GetParameterValuesResponse/ParameterList/ParameterValueStruct[${i + 1}]`);
    }
  });
  for (const r of asked) {
    if (r !== '' && !r.endsWith('.') && !returned.has(r)) out.add('gpv-missing', `${quote(r)} was requested but is not in the response`, r);
  }
}

/** Rules a CPE response carries on its own: status values, instance numbers, transfer fault codes. */
export function checkResponseFields(message: CwmpMessage, out: FindingCollector): void {
  const rpc = message.rpc;
  if (!rpc) return;
  switch (rpc.name) {
    case 'SetParameterValuesResponse':
    case 'DeleteObjectResponse':
    case 'DownloadResponse':
    case 'UploadResponse':
      if (rpc.status !== 0 && rpc.status !== 1) out.add('response-status', `${rpc.name} Status is ${rpc.status}; only 0 or 1 are defined`, `${rpc.name}/Status`);
      return;
    case 'AddObjectResponse':
      if (rpc.status !== 0 && rpc.status !== 1) out.add('response-status', `AddObjectResponse Status is ${rpc.status}; only 0 or 1 are defined`, 'AddObjectResponse/Status');
      if (rpc.instanceNumber < 1) out.add('addobject-instance', `AddObjectResponse InstanceNumber is ${rpc.instanceNumber}; instance numbers start at 1`, 'AddObjectResponse/InstanceNumber');
      return;
    case 'TransferComplete':
    case 'AutonomousTransferComplete': {
      const code = rpc.faultStruct.faultCode;
      if (code !== 0 && !TRANSFER_FAULT_CODES.has(code) && !(code >= 9033 && code <= 9899)) {
        out.add('transfer-fault-code', `${rpc.name} FaultCode ${code} is not one a transfer may report`, `${rpc.name}/FaultStruct/FaultCode`);
      }
      if (rpc.name === 'TransferComplete' && rpc.commandKey.length > 32) {
        out.add('command-key-length', `the CommandKey has ${rpc.commandKey.length} characters; at most 32 are allowed`, 'TransferComplete/CommandKey');
      }
      return;
    }
    default:
      if ('commandKey' in rpc && typeof rpc.commandKey === 'string' && rpc.commandKey.length > 32) {
        out.add('command-key-length', `the ${rpc.name} CommandKey has ${rpc.commandKey.length} characters; at most 32 are allowed`, `${rpc.name}/CommandKey`);
      }
  }
}

/** Fault code ranges by sender, the SOAP faultcode pairing, and the SetParameterValuesFault code. */
export function checkFault(fault: Fault, sender: 'cpe' | 'acs', out: FindingCollector): void {
  const code = fault.faultCode;
  if (sender === 'cpe') {
    if (code >= 8000 && code <= 8899) {
      out.add('fault-acs-code-from-cpe', `the CPE sent fault ${code}, an ACS fault code; CPE faults are 9000–9899`, 'Fault/detail/Fault/FaultCode');
    } else if (!(code >= 9000 && code <= 9899)) {
      out.add('fault-code-range', `fault code ${code} is outside the CPE ranges (9000–9799 standard, 9800–9899 vendor)`, 'Fault/detail/Fault/FaultCode');
    }
  } else if (!(code >= 8000 && code <= 8899)) {
    out.add('fault-code-range', `fault code ${code} is outside the ACS ranges (8000–8799 standard, 8800–8899 vendor)`, 'Fault/detail/Fault/FaultCode');
  }
  const info = describeFault(code);
  const soapCode = fault.soapFaultCode.slice(fault.soapFaultCode.indexOf(':') + 1);
  if (info?.kind === 'standard' && soapCode !== info.soapFaultCode) {
    out.add('fault-soap-code', `SOAP faultcode is ${quote(fault.soapFaultCode)}; fault ${code} (${info.text}) pairs with ${info.soapFaultCode}`, 'Fault/faultcode');
  }
  if (fault.setParameterValuesFault?.length && code !== 9003) {
    out.add('spv-fault-code', `the Fault carries SetParameterValuesFault entries with FaultCode ${code}; per-parameter faults come with 9003 (Invalid arguments)`, 'Fault/detail/Fault/FaultCode');
  }
}
