import type { CwmpMessage, ParameterValueStruct } from '../cwmp/types';
import { isVendorPath } from './compare';
import type { DataModel } from './data-model';

/** One finding of {@link checkMessage}. */
export interface MessageIssue {
  /** The parameter path as it appears in the message. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** `xsd:unsignedInt` → `unsignedInt` (any prefix, or none). */
function localType(xsiType: string): string {
  const colon = xsiType.indexOf(':');
  return colon < 0 ? xsiType : xsiType.slice(colon + 1);
}

/**
 * Validates the parameter values a message carries (Inform, GetParameterValuesResponse,
 * SetParameterValues) against the model. A value that breaks its type, range, size, enumeration or
 * pattern is an error; an unknown path, a wrong xsi:type or a deprecated parameter is a warning.
 * Vendor (`X_…`) parameters are legal extensions and are not reported. For SetParameterValues,
 * writing a read-only parameter (or a read-only enumeration value) is an error.
 */
export function checkMessage(message: CwmpMessage, model: DataModel): MessageIssue[] {
  const issues = checkParameterValues(message, model);
  if (message.rpc?.name === 'Inform') checkForcedInform(message.rpc.parameterList, model, issues);
  return issues;
}

/** {@link checkMessage} without the forced Inform parameters: only the values the message carries. */
export function checkParameterValues(message: CwmpMessage, model: DataModel): MessageIssue[] {
  const rpc = message.rpc;
  const issues: MessageIssue[] = [];
  if (rpc?.name === 'Inform' || rpc?.name === 'GetParameterValuesResponse') checkValues(rpc.parameterList, model, false, issues);
  else if (rpc?.name === 'SetParameterValues') checkValues(rpc.parameterList, model, true, issues);
  return issues;
}

/**
 * The root object (`Device` or `InternetGatewayDevice`) the message's parameters live under, from
 * the first parameter name of an Inform, GetParameterValuesResponse or SetParameterValues.
 */
export function messageRoot(message: CwmpMessage): 'Device' | 'InternetGatewayDevice' | undefined {
  const rpc = message.rpc;
  if (!rpc) return undefined;
  switch (rpc.name) {
    case 'Inform':
    case 'GetParameterValuesResponse':
    case 'SetParameterValues':
    case 'GetParameterNamesResponse':
    case 'GetParameterAttributesResponse':
      for (const { name } of rpc.parameterList) {
        const root = name.trim().split('.')[0];
        if (root === 'Device' || root === 'InternetGatewayDevice') return root;
      }
      return undefined;
    default:
      return undefined;
  }
}

function checkValues(list: readonly ParameterValueStruct[], model: DataModel, isSet: boolean, issues: MessageIssue[]): void {
  for (const pv of list) {
    const path = pv.name.trim();
    const push = (severity: MessageIssue['severity'], msg: string): void => {
      issues.push({ path: pv.name, message: msg, severity });
    };
    if (path.endsWith('.')) {
      push('error', 'a value for an object path (parameter names do not end in ".")');
      continue;
    }
    const item = model.lookup(path);
    if (!item) {
      if (isVendorPath(path)) continue;
      const root = path.split('.')[0];
      push(
        'warning',
        root === model.root ? `not a parameter of the ${model.name} model` : `not under ${model.root}. (the ${model.name} model's root)`,
      );
      continue;
    }
    if (item.kind === 'object') {
      push('warning', `${item.path} is an object in the ${model.name} model, not a parameter`);
      continue;
    }
    // Deprecated parameters still work (DeviceSummary, SpecVersion are even forcedInform): not reported.
    if (item.status === 'obsoleted' || item.status === 'deleted') {
      push('warning', `${item.status} in the ${model.name} model`);
    }
    if (isSet && !item.writable) push('error', 'is read-only in the model; SetParameterValues cannot change it');
    if (pv.type) {
      const sent = localType(pv.type);
      const expected = item.list ? 'string' : item.type;
      if (sent !== expected) push('warning', `sent as ${pv.type}, the model's type is ${expected}`);
    }
    // Hidden and secured values (passwords) read back as an empty string.
    if (!isSet && pv.value === '' && (item.hidden || item.secured)) continue;
    const err = model.validateValue(item, pv.value);
    if (err) {
      push('error', err);
    } else if (isSet && item.enumReadOnly?.includes(pv.value)) {
      push('error', `${JSON.stringify(pv.value)} can be reported by the CPE but not written by the ACS`);
    }
  }
}

/**
 * Schema paths of the forced Inform parameters an Inform of this model must carry: single-instance,
 * current ones (a deprecated forced parameter may be gone), without AliasBasedAddressing, which
 * TR-069 forces only on CPEs that support Alias-Based Addressing.
 */
export function requiredInformParameters(model: DataModel): string[] {
  return model.forcedInformParameters().filter((sp) => {
    if (sp.includes('{i}')) return false;
    const def = model.parameter(sp);
    return !!def && !def.status && !sp.endsWith('.ManagementServer.AliasBasedAddressing');
  });
}

/**
 * The required Inform parameters (`requiredInformParameters`) missing from an Inform's list; none when
 * the Inform speaks another root, since then every name would be "missing".
 */
export function missingInformParameters(list: readonly ParameterValueStruct[], model: DataModel): string[] {
  const names = new Set(list.map((pv) => pv.name.trim()));
  const prefix = `${model.root}.`;
  if (!list.some((pv) => pv.name.trim().startsWith(prefix))) return [];
  return requiredInformParameters(model).filter((sp) => !names.has(sp));
}

function checkForcedInform(list: readonly ParameterValueStruct[], model: DataModel, issues: MessageIssue[]): void {
  for (const sp of missingInformParameters(list, model)) {
    const version = model.parameter(sp)?.version;
    const since = version ? ` since ${model.root}:${version}` : '';
    issues.push({ path: sp, message: `missing from the Inform (forcedInform${since})`, severity: 'warning' });
  }
}
