/** A typed RPC → the XML of its body element, by the same spec tables the decoder uses. */
import { DU_OPERATION_STRUCTS, RPC_SPECS, type ArraySpec, type FieldSpec, type LeafKind } from './rpc-specs';
import type { DeploymentUnitOperation, Fault, Rpc } from './types';
import { escapeAttr, escapeText, leaf } from './xml-writer';

type In = Record<string, unknown>;

function leafValue(kind: LeafKind, v: unknown): string {
  switch (kind) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return typeof v === 'number' && Number.isFinite(v) ? String(Math.trunc(v)) : String(v ?? 0);
    case 'string':
    case 'name':
    case 'dateTime':
      return v === undefined || v === null ? '' : String(v);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function encodeArray(el: string, spec: ArraySpec, list: unknown, parts: string[]): void {
  const items = Array.isArray(list) ? list : [];
  const of = spec.of;
  parts.push(`<${el} SOAP-ENC:arrayType="${spec.arrayType}[${items.length}]">`);
  for (const item of items) {
    if (typeof of === 'object') {
      parts.push(`<${spec.item}>`);
      encodeFields(of.struct.fields, item as In, parts);
      parts.push(`</${spec.item}>`);
    } else {
      parts.push(leaf(spec.item, leafValue(of, item)));
    }
  }
  parts.push(`</${el}>`);
}

function encodeFields(fields: FieldSpec[], obj: In, parts: string[]): void {
  for (const field of fields) {
    const k = field.kind;
    if (k === 'anyValue') {
      const type = String(obj.type ?? '');
      const value = escapeText(String(obj.value ?? ''));
      parts.push(type === '' ? `<Value>${value}</Value>` : `<Value xsi:type="${escapeAttr(type)}">${value}</Value>`);
      continue;
    }
    const v = obj[field.key];
    if (v === undefined && field.optional) continue;
    if (typeof k === 'string') {
      parts.push(leaf(field.el, leafValue(k, v)));
    } else if ('struct' in k) {
      parts.push(`<${field.el}>`);
      encodeFields(k.struct.fields, (v ?? {}) as In, parts);
      parts.push(`</${field.el}>`);
    } else {
      encodeArray(field.el, k.array, v, parts);
    }
  }
}

function encodeOperations(ops: DeploymentUnitOperation[], parts: string[]): void {
  for (const op of ops) {
    const spec = DU_OPERATION_STRUCTS[op.type].struct;
    parts.push(`<Operations xsi:type="cwmp:${spec.type}">`);
    encodeFields(spec.fields, op as unknown as In, parts);
    parts.push('</Operations>');
  }
}

function encodeFault(fault: Fault, envPrefix: string, parts: string[]): void {
  parts.push(`<${envPrefix}:Fault>`);
  parts.push(leaf('faultcode', fault.soapFaultCode));
  parts.push(leaf('faultstring', fault.soapFaultString));
  parts.push('<detail><cwmp:Fault>');
  parts.push(leaf('FaultCode', String(fault.faultCode)));
  parts.push(leaf('FaultString', fault.faultString));
  for (const f of fault.setParameterValuesFault ?? []) {
    parts.push('<SetParameterValuesFault>');
    parts.push(leaf('ParameterName', f.parameterName));
    parts.push(leaf('FaultCode', String(f.faultCode)));
    parts.push(leaf('FaultString', f.faultString));
    parts.push('</SetParameterValuesFault>');
  }
  parts.push(`</cwmp:Fault></detail></${envPrefix}:Fault>`);
}

/** Appends the body element of `rpc` (prefix `cwmp:`, SOAP Fault under `envPrefix`) to `parts`. */
export function encodeRpc(rpc: Rpc, envPrefix: string, parts: string[]): void {
  if (rpc.name === 'Fault') {
    encodeFault(rpc, envPrefix, parts);
    return;
  }
  const spec = RPC_SPECS[rpc.name];
  const tag = `cwmp:${rpc.name}`;
  const obj = rpc as unknown as In;
  if (spec.length === 0 && rpc.name !== 'ChangeDUState') {
    parts.push(`<${tag}/>`);
    return;
  }
  parts.push(`<${tag}>`);
  if (rpc.name === 'ChangeDUState') encodeOperations(rpc.operations, parts);
  encodeFields(spec, obj, parts);
  parts.push(`</${tag}>`);
}
