/**
 * Every field of a decoded RPC as labelled, displayable values, walked from the same specs the codec
 * uses (`rpc-specs.ts`): a field the specs know cannot be left out of a view built on this, and a view
 * shows nothing the message did not carry.
 */
import type { FieldSpec, StructSpec } from './rpc-specs';
import { DU_OPERATION_STRUCTS, FAULT_STRUCT, RPC_SPECS } from './rpc-specs';
import type { Rpc, UnknownRpc } from './types';

export type DescribedValue =
  | { kind: 'text'; text: string }
  /** An array of leaves (ParameterNames, MethodList, AccessList). */
  | { kind: 'list'; items: string[] }
  /** A struct: its fields in schema order. */
  | { kind: 'fields'; fields: DescribedField[] }
  /** An array of structs: one column per field (element names), one row per item. */
  | { kind: 'table'; columns: string[]; rows: DescribedValue[][] };

export interface DescribedField {
  /** The element name on the wire (`ParameterNames`). */
  label: string;
  value: DescribedValue;
}

type Fields = Record<string, unknown>;

const text = (v: unknown): DescribedValue => ({ kind: 'text', text: v === undefined || v === null ? '' : String(v) });

/** ParameterValueStruct's Value carries its xsi:type too: shown as a column of its own. */
const TYPE_LABEL = 'xsi:type';

function structColumns(s: StructSpec): string[] {
  return s.fields.flatMap((f) => (f.kind === 'anyValue' ? [f.el, TYPE_LABEL] : [f.el]));
}

function structRow(s: StructSpec, item: Fields): DescribedValue[] {
  return s.fields.flatMap((f) =>
    f.kind === 'anyValue' ? [text(item.value), text(item.type)] : [f.optional && item[f.key] === undefined ? text('') : describeField(f, item[f.key])],
  );
}

function describeField(f: FieldSpec, v: unknown): DescribedValue {
  const kind = f.kind;
  if (typeof kind === 'string') return text(v);
  if ('struct' in kind) return { kind: 'fields', fields: describeStruct(kind.struct.fields, (v ?? {}) as Fields) };
  const items = Array.isArray(v) ? v : [];
  const of = kind.array.of;
  if (typeof of === 'string') return { kind: 'list', items: items.map((x) => String(x)) };
  return { kind: 'table', columns: structColumns(of.struct), rows: items.map((x) => structRow(of.struct, x as Fields)) };
}

function describeStruct(fields: FieldSpec[], obj: Fields): DescribedField[] {
  const out: DescribedField[] = [];
  for (const f of fields) {
    if (f.kind === 'anyValue') {
      out.push({ label: f.el, value: text(obj.value) }, { label: TYPE_LABEL, value: text(obj.type) });
      continue;
    }
    if (f.optional && obj[f.key] === undefined) continue;
    out.push({ label: f.el, value: describeField(f, obj[f.key]) });
  }
  return out;
}

/** ChangeDUState's operations: a mixed list, one row per operation with every field any type has. */
function describeOperations(ops: Fields[]): DescribedField {
  const fields: FieldSpec[] = [];
  for (const s of Object.values(DU_OPERATION_STRUCTS)) {
    for (const f of s.struct.fields) if (!fields.some((g) => g.key === f.key)) fields.push(f);
  }
  return {
    label: 'Operations',
    value: {
      kind: 'table',
      columns: ['Type', ...fields.map((f) => f.el)],
      rows: ops.map((op) => [text(op.type), ...fields.map((f) => text(op[f.key]))]),
    },
  };
}

/**
 * The fields of one RPC, in schema order. `Fault` lists its SOAP and CWMP fault fields and the
 * per-parameter faults; an unknown method shows its content as parsed.
 */
export function describeRpc(rpc: Rpc | UnknownRpc): DescribedField[] {
  const r = rpc as unknown as Fields;
  switch (rpc.name) {
    case 'Unknown':
      return [
        { label: 'Method', value: text(rpc.method) },
        { label: 'Content', value: text(JSON.stringify(rpc.content ?? null)) },
      ];
    case 'Fault': {
      const out: DescribedField[] = [
        { label: 'faultcode', value: text(rpc.soapFaultCode) },
        { label: 'faultstring', value: text(rpc.soapFaultString) },
        ...describeStruct(FAULT_STRUCT.struct.fields, r),
      ];
      if (rpc.setParameterValuesFault) {
        out.push({
          label: 'SetParameterValuesFault',
          value: {
            kind: 'table',
            columns: ['ParameterName', 'FaultCode', 'FaultString'],
            rows: rpc.setParameterValuesFault.map((f) => [text(f.parameterName), text(f.faultCode), text(f.faultString)]),
          },
        });
      }
      return out;
    }
    case 'ChangeDUState':
      return [describeOperations(rpc.operations as unknown as Fields[]), ...describeStruct(RPC_SPECS.ChangeDUState, r)];
    default:
      return describeStruct(RPC_SPECS[rpc.name] ?? [], r);
  }
}

/** Every leaf text of a description, in order: what a complete view must show. */
export function describedLeaves(fields: readonly DescribedField[]): string[] {
  const out: string[] = [];
  const walk = (v: DescribedValue): void => {
    if (v.kind === 'text') out.push(v.text);
    else if (v.kind === 'list') out.push(...v.items);
    else if (v.kind === 'fields') for (const f of v.fields) walk(f.value);
    else for (const row of v.rows) for (const cell of row) walk(cell);
  };
  for (const f of fields) walk(f.value);
  return out;
}
