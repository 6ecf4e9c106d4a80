/**
 * A typed RPC → its body element, built with xmlbuilder2 under the SOAP Body, by the same spec
 * tables the decoder uses. Every value goes through `toXmlText` / `toXmlAttr` (see xml-escape.ts).
 */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { SOAP_ENC_NS, XSI_NS } from './namespaces';
import { DU_OPERATION_STRUCTS, RPC_SPECS, type ArraySpec, type FieldSpec, type LeafKind } from './rpc-specs';
import type { DeploymentUnitOperation, Fault, Rpc } from './types';
import { toXmlAttr, toXmlText } from './xml-escape';

type In = Record<string, unknown>;

/** Where the RPC goes: the Body element, and the namespaces its elements are in. */
export interface RpcTarget {
  body: XMLBuilder;
  cwmpNs: string;
  envNs: string;
  envPrefix: string;
}

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

/**
 * A struct or array element: written `<name …></name>` even with nothing in it (an empty text node
 * does that), as the wire has always had it; only leaves and field-less RPCs use `<name/>`.
 */
function container(parent: XMLBuilder, ns: string | null, name: string): XMLBuilder {
  return parent.ele(ns, name).txt('');
}

/** `<name>text</name>` in no namespace; `<name/>` for empty text. */
function leaf(parent: XMLBuilder, name: string, text: string): void {
  const el = parent.ele(null, name);
  if (text !== '') el.txt(toXmlText(text));
}

function encodeArray(parent: XMLBuilder, el: string, spec: ArraySpec, list: unknown): void {
  const items = Array.isArray(list) ? list : [];
  const of = spec.of;
  const arr = container(parent, null, el).att(SOAP_ENC_NS, 'SOAP-ENC:arrayType', `${spec.arrayType}[${items.length}]`);
  for (const item of items) {
    if (typeof of === 'object') {
      encodeFields(container(arr, null, spec.item), of.struct.fields, item as In);
    } else {
      leaf(arr, spec.item, leafValue(of, item));
    }
  }
}

function encodeFields(parent: XMLBuilder, fields: FieldSpec[], obj: In): void {
  for (const field of fields) {
    const k = field.kind;
    if (k === 'anyValue') {
      const type = String(obj.type ?? '');
      const value = String(obj.value ?? '');
      const el = parent.ele(null, 'Value');
      if (type !== '') el.att(XSI_NS, 'xsi:type', toXmlAttr(type));
      el.txt(toXmlText(value)); // even empty: `<Value …></Value>`, as before
      continue;
    }
    const v = obj[field.key];
    if (v === undefined && field.optional) continue;
    if (typeof k === 'string') {
      leaf(parent, field.el, leafValue(k, v));
    } else if ('struct' in k) {
      encodeFields(container(parent, null, field.el), k.struct.fields, (v ?? {}) as In);
    } else {
      encodeArray(parent, field.el, k.array, v);
    }
  }
}

function encodeOperations(parent: XMLBuilder, ops: DeploymentUnitOperation[]): void {
  for (const op of ops) {
    const spec = DU_OPERATION_STRUCTS[op.type].struct;
    const el = container(parent, null, 'Operations').att(XSI_NS, 'xsi:type', `cwmp:${spec.type}`);
    encodeFields(el, spec.fields, op as unknown as In);
  }
}

function encodeFault(t: RpcTarget, fault: Fault): void {
  const soapFault = t.body.ele(t.envNs, `${t.envPrefix}:Fault`);
  leaf(soapFault, 'faultcode', fault.soapFaultCode);
  leaf(soapFault, 'faultstring', fault.soapFaultString);
  const cwmpFault = soapFault.ele(null, 'detail').ele(t.cwmpNs, 'cwmp:Fault');
  leaf(cwmpFault, 'FaultCode', String(fault.faultCode));
  leaf(cwmpFault, 'FaultString', fault.faultString);
  for (const f of fault.setParameterValuesFault ?? []) {
    const el = cwmpFault.ele(null, 'SetParameterValuesFault');
    leaf(el, 'ParameterName', f.parameterName);
    leaf(el, 'FaultCode', String(f.faultCode));
    leaf(el, 'FaultString', f.faultString);
  }
}

/** Adds the body element of `rpc` (`cwmp:<Name>`, or the SOAP Fault) under `t.body`. */
export function encodeRpc(t: RpcTarget, rpc: Rpc): void {
  if (rpc.name === 'Fault') {
    encodeFault(t, rpc);
    return;
  }
  const spec = RPC_SPECS[rpc.name];
  const tag = `cwmp:${rpc.name}`;
  const el = spec.length === 0 && rpc.name !== 'ChangeDUState' ? t.body.ele(t.cwmpNs, tag) : container(t.body, t.cwmpNs, tag);
  if (rpc.name === 'ChangeDUState') encodeOperations(el, rpc.operations);
  encodeFields(el, spec, rpc as unknown as In);
}
