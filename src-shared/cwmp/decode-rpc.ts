/**
 * The body element → a typed RPC, walking the spec tables once. Elements may come in any order;
 * unknown ones are kept in `extra`; missing ones get a default and a `missing-element` warning.
 */
import type { DecodeContext } from './decode-context';
import { checkDateTime, checkTypedValue, cleanName, readBool, readInt } from './lexical';
import {
  DU_OPERATION_BY_XSI_TYPE,
  DU_OPERATION_STRUCTS,
  RPC_SPECS,
  type ArraySpec,
  type FieldSpec,
  type LeafKind,
  type StructSpec,
} from './rpc-specs';
import { isKnownEvent } from './events';
import type { DeploymentUnitOperation, EventStruct, Fault, Rpc, SetParameterValuesFaultStruct, UnknownRpc } from './types';
import { attrByLocalName, hasChildElements, isElementKey, isObject, localName, textOf } from './xml-reader';

type Out = Record<string, unknown>;

const fieldIndexes = new WeakMap<FieldSpec[], Map<string, FieldSpec>>();

function fieldIndex(fields: FieldSpec[]): Map<string, FieldSpec> {
  let idx = fieldIndexes.get(fields);
  if (!idx) {
    idx = new Map(fields.map((f) => [f.el, f]));
    fieldIndexes.set(fields, idx);
  }
  return idx;
}

function defaultFor(field: FieldSpec): unknown {
  const k = field.kind;
  if (typeof k === 'object') return 'array' in k ? [] : decodeFields(k.struct.fields, '', '', undefined);
  switch (k) {
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'string':
    case 'name':
    case 'dateTime':
    case 'anyValue':
      return '';
    default: {
      const never: never = k;
      return never;
    }
  }
}

function leafText(v: unknown, path: string, ctx: DecodeContext): string {
  if (hasChildElements(v)) ctx.warn('unexpected-children', 'Child elements where a simple value was expected were ignored', path);
  return textOf(v);
}

function decodeLeaf(kind: LeafKind, v: unknown, path: string, ctx: DecodeContext): unknown {
  const text = leafText(v, path, ctx);
  switch (kind) {
    case 'string':
      return text;
    case 'name':
      return cleanName(text, ctx, path);
    case 'int':
      return readInt(text, ctx, path);
    case 'bool':
      return readBool(text, ctx, path);
    case 'dateTime':
      return checkDateTime(text, ctx, path);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Reads the element children of `node` into `out` by the field specs. `ctx` undefined ⇒ defaults only. */
function decodeFields(fields: FieldSpec[], node: unknown, path: string, ctx: DecodeContext | undefined, out: Out = {}): Out {
  if (ctx && isObject(node)) {
    const idx = fieldIndex(fields);
    for (const key in node) {
      if (!isElementKey(key)) continue;
      const local = localName(key);
      let v = node[key];
      const field = idx.get(local);
      if (!field) {
        ctx.keepUnknown(`${path}/${local}`, v);
        continue;
      }
      const fpath = `${path}/${local}`;
      if (Array.isArray(v)) {
        ctx.warn('duplicate-element', `<${local}> appears ${v.length} times; the first is used`, fpath);
        v = v[0];
      }
      decodeField(field, v, fpath, ctx, out);
    }
  } else if (ctx && typeof node === 'string' && node.trim() !== '' && fields.length > 0) {
    ctx.warn('unexpected-text', 'Text where elements were expected was ignored', path);
  }
  for (const field of fields) {
    if (out[field.key] !== undefined || field.optional) continue;
    out[field.key] = defaultFor(field);
    if (ctx) ctx.warn('missing-element', `<${field.el}> is missing`, `${path}/${field.el}`);
  }
  return out;
}

function decodeField(field: FieldSpec, v: unknown, path: string, ctx: DecodeContext, out: Out): void {
  const k = field.kind;
  if (k === 'anyValue') {
    const value = leafText(v, path, ctx);
    const type = attrByLocalName(v, 'type');
    out.value = value;
    if (type === undefined) {
      out.type = '';
      ctx.warn('missing-xsi-type', 'Value without xsi:type', path);
    } else {
      out.type = type;
      checkTypedValue(value, type, ctx, path);
    }
  } else if (typeof k === 'string') {
    out[field.key] = decodeLeaf(k, v, path, ctx);
  } else if ('struct' in k) {
    out[field.key] = decodeStruct(k.struct, v, path, ctx);
  } else {
    out[field.key] = decodeArray(k.array, v, path, ctx);
  }
}

function decodeStruct(spec: StructSpec, v: unknown, path: string, ctx: DecodeContext): Out {
  return decodeFields(spec.fields, v, path, ctx);
}

function decodeArray(spec: ArraySpec, v: unknown, path: string, ctx: DecodeContext): unknown[] {
  const items: unknown[] = [];
  const of = spec.of;
  if (isObject(v)) {
    for (const key in v) {
      if (!isElementKey(key)) continue;
      const local = localName(key);
      const val = v[key];
      if (local !== spec.item) {
        if (typeof of === 'object') {
          ctx.keepUnknown(`${path}/${local}`, val);
          continue;
        }
        // SOAP-ENC arrays may name their items anything; simple items are read whatever their name.
        ctx.warn('unexpected-item-name', `Array item <${local}> where <${spec.item}> was expected`, path);
      }
      const list = Array.isArray(val) ? val : [val];
      for (const item of list) {
        const ipath = `${path}/${local}[${items.length + 1}]`;
        items.push(typeof of === 'object' ? decodeStruct(of.struct, item, ipath, ctx) : decodeLeaf(of, item, ipath, ctx));
      }
    }
  } else if (typeof v === 'string' && v.trim() !== '') {
    ctx.warn('unexpected-text', 'Text where array items were expected was ignored', path);
  }
  checkArrayType(v, items.length, path, ctx);
  return items;
}

const ARRAY_COUNT_RE = /\[\s*(\d+)\s*\]\s*$/;

/** `SOAP-ENC:arrayType="cwmp:ParameterValueStruct[3]"`: present, well-formed, and counting right. */
function checkArrayType(v: unknown, count: number, path: string, ctx: DecodeContext): void {
  const at = attrByLocalName(v, 'arrayType');
  if (at === undefined) {
    ctx.warn('missing-array-type', 'Array without SOAP-ENC:arrayType', path);
    return;
  }
  const m = ARRAY_COUNT_RE.exec(at);
  if (!m) {
    ctx.warn('malformed-array-type', `Malformed arrayType '${at.slice(0, 80)}'`, path);
  } else if (Number(m[1]) !== count) {
    ctx.warn('array-count-mismatch', `arrayType says ${Number(m[1])} items but ${count} are present`, path);
  }
}

function decodeOperations(list: unknown[], path: string, ctx: DecodeContext): DeploymentUnitOperation[] {
  const ops: DeploymentUnitOperation[] = [];
  list.forEach((v, i) => {
    const opath = `${path}/Operations[${i + 1}]`;
    const xsiType = attrByLocalName(v, 'type');
    let type = xsiType !== undefined ? DU_OPERATION_BY_XSI_TYPE[localName(xsiType)] : undefined;
    let node = v;
    if (type === undefined && isObject(v)) {
      // Tolerate <Operations><InstallOpStruct>…</InstallOpStruct></Operations>.
      for (const key in v) {
        if (isElementKey(key) && DU_OPERATION_BY_XSI_TYPE[localName(key)]) {
          type = DU_OPERATION_BY_XSI_TYPE[localName(key)];
          node = v[key];
          ctx.warn('nested-operation', `Operation given as a <${localName(key)}> child instead of xsi:type`, opath);
          break;
        }
      }
    }
    if (type === undefined) {
      ctx.warn('unknown-operation', `Operation without a known xsi:type ('${xsiType ?? ''}'): read as Install`, opath);
      type = 'Install';
    }
    const out = decodeFields(DU_OPERATION_STRUCTS[type].struct.fields, node, opath, ctx, { type });
    ops.push(out as unknown as DeploymentUnitOperation);
  });
  return ops;
}

function decodeChangeDUState(node: unknown, path: string, ctx: DecodeContext): Out {
  const rest: Out = {};
  let opsNodes: unknown[] = [];
  if (isObject(node)) {
    for (const key in node) {
      if (!isElementKey(key)) continue;
      const v = node[key];
      if (localName(key) === 'Operations') opsNodes = opsNodes.concat(v);
      else rest[key] = v;
    }
  }
  if (opsNodes.length === 0) ctx.warn('missing-element', '<Operations> is missing', `${path}/Operations`);
  const operations = decodeOperations(opsNodes, path, ctx);
  const out = decodeFields(RPC_SPECS.ChangeDUState, rest, path, ctx, { name: 'ChangeDUState', operations });
  return out;
}

/** SOAP Fault with its cwmp:Fault detail. */
function decodeFault(node: unknown, ctx: DecodeContext): Fault {
  const path = 'Fault';
  let soapFaultCode = '';
  let soapFaultString = '';
  let detail: unknown;
  let sawCode = false;
  if (isObject(node)) {
    for (const key in node) {
      if (!isElementKey(key)) continue;
      const local = localName(key);
      const v = node[key];
      if (local === 'faultcode') {
        soapFaultCode = textOf(v).trim();
        sawCode = true;
      } else if (local === 'faultstring') soapFaultString = textOf(v);
      else if (local === 'detail') detail = v;
      else if (local !== 'faultactor') ctx.keepUnknown(`${path}/${local}`, v);
    }
  }
  if (!sawCode) ctx.warn('missing-element', '<faultcode> is missing', `${path}/faultcode`);
  let cwmpFault: unknown;
  if (isObject(detail)) {
    for (const key in detail) {
      if (!isElementKey(key)) continue;
      if (localName(key) === 'Fault' && cwmpFault === undefined) cwmpFault = detail[key];
      else ctx.keepUnknown(`${path}/detail/${localName(key)}`, detail[key]);
    }
  }
  const fault: Fault = { name: 'Fault', soapFaultCode, soapFaultString, faultCode: 0, faultString: '' };
  if (cwmpFault === undefined) {
    ctx.warn('missing-element', 'SOAP Fault without a cwmp:Fault detail', `${path}/detail/Fault`);
    return fault;
  }
  const fpath = `${path}/detail/Fault`;
  let sawFaultCode = false;
  let sawFaultString = false;
  const spv: SetParameterValuesFaultStruct[] = [];
  if (isObject(cwmpFault)) {
    for (const key in cwmpFault) {
      if (!isElementKey(key)) continue;
      const local = localName(key);
      const v = cwmpFault[key];
      const first = Array.isArray(v) ? v[0] : v;
      if (local === 'FaultCode') {
        fault.faultCode = readInt(textOf(first), ctx, `${fpath}/FaultCode`);
        sawFaultCode = true;
      } else if (local === 'FaultString') {
        fault.faultString = textOf(first);
        sawFaultString = true;
      } else if (local === 'SetParameterValuesFault') {
        for (const item of Array.isArray(v) ? v : [v]) {
          const ipath = `${fpath}/SetParameterValuesFault[${spv.length + 1}]`;
          spv.push(decodeFields(SPV_FAULT_FIELDS, item, ipath, ctx) as unknown as SetParameterValuesFaultStruct);
        }
      } else {
        ctx.keepUnknown(`${fpath}/${local}`, v);
      }
    }
  }
  if (!sawFaultCode) ctx.warn('missing-element', '<FaultCode> is missing', `${fpath}/FaultCode`);
  if (!sawFaultString) ctx.warn('missing-element', '<FaultString> is missing', `${fpath}/FaultString`);
  if (spv.length > 0) fault.setParameterValuesFault = spv;
  return fault;
}

const SPV_FAULT_FIELDS: FieldSpec[] = [
  { el: 'ParameterName', key: 'parameterName', kind: 'name' },
  { el: 'FaultCode', key: 'faultCode', kind: 'int' },
  { el: 'FaultString', key: 'faultString', kind: 'string' },
];

function checkEvents(events: EventStruct[], ctx: DecodeContext): void {
  events.forEach((e, i) => {
    if (!isKnownEvent(e.eventCode)) {
      ctx.warn('unknown-event-code', `'${e.eventCode}' is not a standard event code`, `Inform/Event/EventStruct[${i + 1}]/EventCode`);
    }
  });
}

/** Decodes the body element named `method` (prefix stripped). Unknown methods become `UnknownRpc`. */
export function decodeRpc(method: string, node: unknown, ctx: DecodeContext): Rpc | UnknownRpc {
  let rpc: Out;
  if (method === 'Fault') {
    rpc = decodeFault(node, ctx) as unknown as Out;
  } else if (method === 'ChangeDUState') {
    rpc = decodeChangeDUState(node, method, ctx);
  } else {
    const spec = Object.hasOwn(RPC_SPECS, method) ? RPC_SPECS[method] : undefined;
    if (!spec) {
      ctx.warn('unknown-rpc', `Unknown method <${method}>`, method);
      return { name: 'Unknown', method, content: node };
    }
    rpc = decodeFields(spec, node, method, ctx, { name: method });
    if (method === 'Inform') checkEvents(rpc.event as EventStruct[], ctx);
  }
  if (ctx.extra) rpc.extra = ctx.extra;
  return rpc as unknown as Rpc;
}
