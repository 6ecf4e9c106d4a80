/**
 * The compact data-model format written by `scripts/derive-datamodels.ts` into
 * `resources/datamodels/*.json` and read by {@link DataModel.fromJSON}.
 *
 * Derived from the Broadband Forum's TR-181 / TR-098 "full" XML (see `resources/datamodels/README.md`).
 * Keys are short but readable; anything at its schema default is omitted.
 */

/** The TR-106 base types a parameter's syntax may have. */
export const BASE_TYPES = [
  'string',
  'boolean',
  'int',
  'unsignedInt',
  'long',
  'unsignedLong',
  'dateTime',
  'base64',
  'hexBinary',
  'decimal',
] as const;
export type BaseType = (typeof BASE_TYPES)[number];

/** `deprecated` still works, `obsoleted` may be gone, `deleted` has been removed from the model. */
export type ItemStatus = 'deprecated' | 'obsoleted' | 'deleted';

/**
 * A length facet. For `string` it counts characters; for `hexBinary` and `base64` it counts the
 * bytes of the decoded binary (TR-106).
 */
export interface SizeFacet {
  min?: number;
  max?: number;
}

/**
 * A value range (inclusive). Bounds that do not fit a double exactly (64-bit integers) are kept as
 * decimal strings.
 */
export interface RangeFacet {
  min?: number | string;
  max?: number | string;
  step?: number;
}

/** The item-independent facets of a list-valued parameter (a comma-separated string). */
export interface ListFacet {
  minItems?: number;
  maxItems?: number;
  /** Length facet of the whole comma-separated string. */
  size?: SizeFacet[];
}

/** A parameter's syntax after named data types have been resolved to a base type and facets. */
export interface ParameterSyntax {
  type: BaseType;
  /** The named data type it was declared with (`MACAddress`, `Alias`, `StatsCounter64`, …). */
  dataType?: string;
  /** Present when the value is a comma-separated list; the other facets then apply to each item. */
  list?: ListFacet;
  size?: SizeFacet[];
  range?: RangeFacet[];
  /** Allowed values (any of them). */
  enum?: string[];
  /** The subset of `enum` the device may report but an ACS must not write (e.g. `Complete`). */
  enumReadOnly?: string[];
  /** XSD-style regular expressions; the value (or each item) must match one of them as a whole. */
  pattern?: string[];
  units?: string;
  /** The value is a path (or list of paths) to another object: `strong` or `weak` reference. */
  pathRef?: 'strong' | 'weak';
  /** Values come from another parameter's list (relative name as in the model). */
  enumRef?: string;
}

export interface ParameterDefJson extends ParameterSyntax {
  /** Read-write in the model (absent: read-only). */
  writable?: true;
  /** `writeOnceReadOnly` (Alias in TR-181 2.17): writable, but only once. */
  writeOnce?: true;
  default?: string;
  /** The kind of default: `object` (on creation), `factory`, `implementation`, `parameter`. */
  defaultType?: string;
  /** The model version that introduced it (absent when the source does not say, as in TR-098). */
  version?: string;
  status?: ItemStatus;
  /** Must be in every Inform. */
  forcedInform?: true;
  /** `canDeny`, `forceEnabled`, `forceDefaultEnabled` (absent: normal). */
  activeNotify?: string;
  /** The value is hidden (reads return an empty string), e.g. passwords. */
  hidden?: true;
  secured?: true;
}

export interface ObjectDefJson {
  /** The ACS may add and delete instances. */
  writable?: true;
  /** Absent: 1. */
  minEntries?: number;
  /** Absent: 1; `null`: unbounded. */
  maxEntries?: number | null;
  version?: string;
  status?: ItemStatus;
  /** Parameters keyed by their name within the object. */
  params: Record<string, ParameterDefJson>;
}

/** One requirement of a profile: `present`, `readOnly`, `readWrite`, `create`, `delete`, `createDelete`. */
export type Requirement = string;

export interface ProfileJson {
  version?: string;
  status?: ItemStatus;
  /** Profiles whose requirements this one includes (`base` and `extends`). */
  includes?: string[];
  objects: Record<string, Requirement>;
  params: Record<string, Requirement>;
}

export interface DataModelJson {
  /** Format version of this file. */
  format: 1;
  /** The model's name, e.g. `Device:2.17`. */
  model: string;
  root: 'Device' | 'InternetGatewayDevice';
  /** The source document's spec URN. */
  spec: string;
  /** The source file name. */
  source: string;
  /** Every object, keyed by its schema path (`Device.WiFi.SSID.{i}.`), in model order. */
  objects: Record<string, ObjectDefJson>;
  profiles: Record<string, ProfileJson>;
}
