/**
 * What a simulated device supports: object and parameter definitions keyed by template path
 * (`Device.IP.Interface.{i}.`). Built from the TR-181 data model (see `datamodel-schema.ts`) or from
 * the small hand-written subset in `fallback-schema.ts`; the parameter tree only reads this shape.
 */

/** The xsd base types CWMP parameters use. */
export type ParamType =
  | 'string'
  | 'boolean'
  | 'unsignedInt'
  | 'int'
  | 'unsignedLong'
  | 'long'
  | 'dateTime'
  | 'base64'
  | 'hexBinary'
  | 'decimal';

/** TR-106 `activeNotify`: whether active notification may be denied, or is forced on. */
export type ActiveNotify = 'normal' | 'forceEnabled' | 'forceDefaultEnabled' | 'canDeny';

export interface ValueRange {
  min?: number;
  max?: number;
}

export interface ParamSchema {
  /** Last segment only, e.g. `Enable`. */
  name: string;
  type: ParamType;
  writable: boolean;
  /** Factory default, lexical form. */
  default?: string;
  enumeration?: readonly string[];
  /** Allowed values are the items of this sibling parameter's (list) value, e.g. `SupportedFrequencyBands`. */
  enumRef?: string;
  /** Comma-separated list of items (each validated against the facets). */
  list?: boolean;
  minLength?: number;
  maxLength?: number;
  ranges?: readonly ValueRange[];
  /** The value (each item for lists) must match one of these in full. */
  patterns?: readonly RegExp[];
  activeNotify?: ActiveNotify;
  /** Reads return an empty string (passwords). */
  hidden?: boolean;
  /** Always in the Inform's ParameterList. */
  forcedInform?: boolean;
}

export interface ObjectSchema {
  /** Template path with a trailing dot, e.g. `Device.IP.Interface.{i}.` */
  path: string;
  /** A multi-instance object (its path ends in `{i}.`). */
  table: boolean;
  /** Tables: instances can be added and deleted (AddObject/DeleteObject). */
  writable: boolean;
  /** Tables: at most this many instances (AddObject beyond it → 9004). */
  maxEntries?: number;
  params: readonly ParamSchema[];
}

export interface SimSchema {
  /** Where the definitions came from, e.g. `tr-181-2-17-0 (data model)` or `built-in subset`. */
  source: string;
  /** Root data model version for `Device.RootDataModelVersion`. */
  version: string;
  objects: ReadonlyMap<string, ObjectSchema>;
}

/** `Device.IP.Interface.3.IPv4Address.1.Enable` → `Device.IP.Interface.{i}.IPv4Address.{i}.Enable`. */
export function toTemplate(path: string): string {
  return path.replace(/\.\d+(?=\.)/g, '.{i}');
}

/** The template of the object that directly contains `template` (an object template), or null for the root. */
export function parentTemplate(template: string): string | null {
  const trimmed = template.endsWith('{i}.') ? template.slice(0, -4) : template;
  const i = trimmed.lastIndexOf('.', trimmed.length - 2);
  return i < 0 ? null : trimmed.slice(0, i + 1);
}

/** Index: object template → templates of the objects directly below it. */
export function childIndex(schema: SimSchema): Map<string, ObjectSchema[]> {
  const index = new Map<string, ObjectSchema[]>();
  for (const obj of schema.objects.values()) {
    const parent = parentTemplate(obj.path);
    if (parent === null) continue;
    const list = index.get(parent);
    if (list) list.push(obj);
    else index.set(parent, [obj]);
  }
  return index;
}
