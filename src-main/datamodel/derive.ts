import { XMLParser } from 'fast-xml-parser';
import {
  BASE_TYPES,
  type BaseType,
  type DataModelJson,
  type ItemStatus,
  type ListFacet,
  type ObjectDefJson,
  type ParameterDefJson,
  type ParameterSyntax,
  type ProfileJson,
  type RangeFacet,
  type SizeFacet,
} from '../../src-shared/datamodel/schema';

/**
 * Derives the compact JSON of `src-shared/datamodel/schema.ts` from a Broadband Forum data-model
 * document (the flattened "full" XML of TR-181 or TR-098, schema cwmp-datamodel-1-x). Named data
 * types are resolved through the document's own definitions first, then through tr-106-types.xml.
 * Pure and deterministic: the same input text gives the same output.
 */

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  'dataType',
  'model',
  'object',
  'parameter',
  'profile',
  'enumeration',
  'pattern',
  'size',
  'range',
]);

/** Expands the document's own `<!ENTITY name "value">` declarations (tr-106-types.xml uses them in patterns). */
function expandInternalEntities(xml: string): string {
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]>/.exec(xml);
  if (!doctype) return xml;
  const entities = new Map<string, string>();
  for (const m of doctype[1].matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+"([^"]*)"\s*>/g)) {
    entities.set(m[1], m[2]);
  }
  const body = xml.slice(0, doctype.index) + xml.slice(doctype.index + doctype[0].length);
  return body.replace(/&([A-Za-z_][\w.-]*);/g, (all, name: string) => entities.get(name) ?? all);
}

/** Parses a BBF data-model XML document into its `dm:document` element. */
export function parseDataModelXml(xml: string): XmlNode {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    htmlEntities: false,
    stopNodes: ['*.description'],
    isArray: (name) => ARRAY_TAGS.has(name),
  });
  const doc = parser.parse(expandInternalEntities(xml)) as XmlNode;
  const root = doc['dm:document'];
  if (!root || typeof root !== 'object') throw new Error('not a BBF data-model document (no dm:document)');
  return root as XmlNode;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as XmlNode)[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

function list(node: unknown, tag: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const v = (node as XmlNode)[tag];
  if (v === undefined) return [];
  // Empty elements (`<size/>`) parse as '' — treat them as attribute-less nodes.
  return (Array.isArray(v) ? v : [v]).map((x) => (x && typeof x === 'object' ? (x as XmlNode) : {}));
}

function child(node: unknown, tag: string): XmlNode | undefined {
  if (!node || typeof node !== 'object' || !(tag in (node as XmlNode))) return undefined;
  const v = (node as XmlNode)[tag];
  if (Array.isArray(v)) return (v[0] as XmlNode) ?? {};
  return v && typeof v === 'object' ? (v as XmlNode) : {};
}

function num(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A range bound: a number when a double holds it exactly, else the decimal string. */
function bound(s: string | undefined): number | string | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const t = s.trim();
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  if (/^-?\d+$/.test(t) && !Number.isSafeInteger(n)) return BigInt(t).toString();
  return n;
}

function status(node: XmlNode): ItemStatus | undefined {
  const s = attr(node, 'status');
  return s === 'deprecated' || s === 'obsoleted' || s === 'deleted' ? s : undefined;
}

/** Facets written directly inside `el` (a base-type element, a `dataType` reference or definition). */
function facetsOf(el: XmlNode): Partial<ParameterSyntax> {
  const out: Partial<ParameterSyntax> = {};
  const sizes: SizeFacet[] = list(el, 'size')
    .filter((s) => status(s) !== 'deleted')
    .map((s) => dropUndefined({ min: num(attr(s, 'minLength')), max: num(attr(s, 'maxLength')) }))
    .filter((s) => Object.keys(s).length > 0);
  if (sizes.length) out.size = sizes;
  const ranges: RangeFacet[] = list(el, 'range')
    .filter((r) => status(r) !== 'deleted')
    .map((r) =>
      dropUndefined({
        min: bound(attr(r, 'minInclusive')),
        max: bound(attr(r, 'maxInclusive')),
        step: num(attr(r, 'step')),
      }),
    );
  if (ranges.length) out.range = ranges;
  const enums = list(el, 'enumeration').filter((e) => status(e) !== 'deleted' && attr(e, 'value') !== undefined);
  if (enums.length) {
    out.enum = enums.map((e) => attr(e, 'value') as string);
    const ro = enums.filter((e) => attr(e, 'access') === 'readOnly').map((e) => attr(e, 'value') as string);
    if (ro.length) out.enumReadOnly = ro;
  }
  const patterns = list(el, 'pattern').filter((p) => status(p) !== 'deleted' && attr(p, 'value') !== undefined);
  if (patterns.length) out.pattern = patterns.map((p) => attr(p, 'value') as string);
  const units = attr(child(el, 'units'), 'value');
  if (units) out.units = units;
  const pathRef = attr(child(el, 'pathRef'), 'refType');
  if (pathRef === 'strong' || pathRef === 'weak') out.pathRef = pathRef;
  const enumRef = attr(child(el, 'enumerationRef'), 'targetParam');
  if (enumRef) out.enumRef = enumRef;
  return out;
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function listFacetOf(el: XmlNode): ListFacet {
  const sizes = list(el, 'size')
    .map((s) => dropUndefined({ min: num(attr(s, 'minLength')), max: num(attr(s, 'maxLength')) }))
    .filter((s) => Object.keys(s).length > 0);
  return dropUndefined({
    minItems: num(attr(el, 'minItems')),
    maxItems: num(attr(el, 'maxItems')),
    size: sizes.length ? sizes : undefined,
  });
}

const FACET_KEYS = ['size', 'range', 'enum', 'enumReadOnly', 'pattern', 'units', 'pathRef', 'enumRef'] as const;

/** Overlays facets: a facet kind given by the derived definition replaces the base's. */
function overlay(base: ParameterSyntax, facets: Partial<ParameterSyntax>): ParameterSyntax {
  const out: ParameterSyntax = { ...base };
  if (facets.enum) delete out.enumReadOnly;
  for (const k of FACET_KEYS) if (facets[k] !== undefined) (out as unknown as XmlNode)[k] = facets[k];
  return out;
}

function baseTypeElement(el: XmlNode): { type: BaseType; node: XmlNode } | undefined {
  for (const t of BASE_TYPES) {
    const node = child(el, t);
    if (node) return { type: t, node };
  }
  return undefined;
}

/** Resolves named data types: the model document's definitions shadow tr-106-types.xml's. */
class DataTypes {
  private readonly defs = new Map<string, XmlNode>();
  private readonly resolved = new Map<string, ParameterSyntax>();

  constructor(...documents: XmlNode[]) {
    // Later documents are fallbacks: first definition of a name wins.
    for (const doc of documents) {
      for (const dt of list(doc, 'dataType')) {
        const name = attr(dt, 'name');
        if (name && !this.defs.has(name)) this.defs.set(name, dt);
      }
    }
  }

  resolve(name: string, seen: string[] = []): ParameterSyntax {
    const cached = this.resolved.get(name);
    if (cached) return cached;
    if (seen.includes(name)) throw new Error(`data type cycle: ${[...seen, name].join(' → ')}`);
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown data type ${name}`);
    let syntax: ParameterSyntax;
    const base = attr(def, 'base');
    const own = baseTypeElement(def);
    if (own) {
      syntax = overlay({ type: own.type }, facetsOf(own.node));
    } else if (base) {
      syntax = overlay({ ...this.resolve(base, [...seen, name]) }, facetsOf(def));
    } else {
      throw new Error(`data type ${name} has neither a base type nor a base`);
    }
    const listEl = child(def, 'list');
    if (listEl) syntax.list = listFacetOf(listEl);
    syntax.dataType = name;
    this.resolved.set(name, syntax);
    return syntax;
  }
}

function parameterSyntax(param: XmlNode, types: DataTypes, where: string): ParameterSyntax {
  const syntax = child(param, 'syntax');
  if (!syntax) throw new Error(`${where}: no syntax`);
  let out: ParameterSyntax;
  const own = baseTypeElement(syntax);
  const ref = child(syntax, 'dataType');
  if (own) {
    out = overlay({ type: own.type }, facetsOf(own.node));
  } else if (ref && (attr(ref, 'ref') ?? attr(ref, 'base'))) {
    // `ref` names a type; `base` derives an anonymous one, which we report under its base's name.
    const named = types.resolve((attr(ref, 'ref') ?? attr(ref, 'base')) as string);
    out = overlay({ ...named }, facetsOf(ref));
  } else {
    throw new Error(`${where}: no type in syntax`);
  }
  const listEl = child(syntax, 'list');
  if (listEl) out.list = { ...out.list, ...listFacetOf(listEl) };
  return out;
}

function parentObjectPath(path: string): string | undefined {
  const m = /^(.*\.)[^.]+\.$/.exec(path);
  return m ? m[1] : undefined;
}

export interface DeriveInput {
  /** The model document's XML text. */
  modelXml: string;
  /** tr-106-types.xml text (fallback named data types). */
  typesXml: string;
  /** The source file name, recorded in the output. */
  source: string;
}

/** Derives the compact model JSON from a BBF full data-model document. */
export function deriveDataModel(input: DeriveInput): DataModelJson {
  const doc = parseDataModelXml(input.modelXml);
  const typesDoc = parseDataModelXml(input.typesXml);
  const types = new DataTypes(doc, typesDoc);
  const models = list(doc, 'model');
  if (models.length !== 1) throw new Error(`expected one model, found ${models.length}`);
  const model = models[0];
  const modelName = attr(model, 'name') ?? '';
  const rootName = modelName.split(':')[0];
  if (rootName !== 'Device' && rootName !== 'InternetGatewayDevice') {
    throw new Error(`unsupported root ${rootName}`);
  }
  const modelVersion = attr(model, 'version');

  const objects: Record<string, ObjectDefJson> = {};
  for (const obj of list(model, 'object')) {
    const path = attr(obj, 'name')?.trim();
    if (!path) continue;
    const parentPath = parentObjectPath(path);
    const parent = parentPath ? objects[parentPath] : undefined;
    const def: ObjectDefJson = { params: {} };
    if (attr(obj, 'access') === 'readWrite') def.writable = true;
    const min = num(attr(obj, 'minEntries'));
    if (min !== undefined && min !== 1) def.minEntries = min;
    const maxAttr = attr(obj, 'maxEntries');
    if (maxAttr === 'unbounded') def.maxEntries = null;
    else if (num(maxAttr) !== undefined && num(maxAttr) !== 1) def.maxEntries = num(maxAttr);
    const version = attr(obj, 'version') ?? parent?.version ?? modelVersion;
    if (version) def.version = version;
    const st = status(obj) ?? parent?.status;
    if (st) def.status = st;
    for (const param of list(obj, 'parameter')) {
      // Trimmed: TR-098 1.8 has `name="Queueing "`.
      const name = attr(param, 'name')?.trim();
      if (!name) continue;
      const p: ParameterDefJson = parameterSyntax(param, types, `${path}${name}`);
      const access = attr(param, 'access');
      // writeOnceReadOnly (Alias): CWMP lets the ACS set it, once.
      if (access === 'readWrite' || access === 'writeOnceReadOnly') p.writable = true;
      if (access === 'writeOnceReadOnly') p.writeOnce = true;
      const syntax = child(param, 'syntax') as XmlNode;
      const dflt = child(syntax, 'default');
      if (dflt && attr(dflt, 'value') !== undefined && status(dflt) !== 'deleted') {
        p.default = attr(dflt, 'value');
        const dt = attr(dflt, 'type');
        if (dt) p.defaultType = dt;
      }
      const pv = attr(param, 'version') ?? def.version;
      if (pv) p.version = pv;
      const ps = status(param) ?? def.status;
      if (ps) p.status = ps;
      if (attr(param, 'forcedInform') === 'true') p.forcedInform = true;
      const an = attr(param, 'activeNotify');
      if (an && an !== 'normal') p.activeNotify = an;
      if (attr(syntax, 'hidden') === 'true') p.hidden = true;
      if (attr(syntax, 'secured') === 'true') p.secured = true;
      def.params[name] = orderKeys(p);
    }
    const { params, ...rest } = def;
    objects[path] = { ...rest, params };
  }

  const profiles: Record<string, ProfileJson> = {};
  for (const prof of list(model, 'profile')) {
    const name = attr(prof, 'name');
    if (!name) continue;
    const pj: ProfileJson = { objects: {}, params: {} };
    const v = attr(prof, 'version');
    if (v) pj.version = v;
    const st = status(prof);
    if (st) pj.status = st;
    const includes = [attr(prof, 'base'), ...(attr(prof, 'extends') ?? '').split(/\s+/)].filter(
      (x): x is string => !!x,
    );
    if (includes.length) pj.includes = includes;
    for (const o of list(prof, 'object')) {
      const ref = attr(o, 'ref');
      if (!ref) continue;
      pj.objects[ref] = attr(o, 'requirement') ?? 'present';
      for (const p of list(o, 'parameter')) {
        const pref = attr(p, 'ref');
        if (pref) pj.params[ref + pref] = attr(p, 'requirement') ?? 'readOnly';
      }
    }
    profiles[name] = pj;
  }

  const spec = attr(doc, 'spec') ?? '';
  return { format: 1, model: modelName, root: rootName, spec, source: input.source, objects, profiles };
}

const PARAM_KEY_ORDER: (keyof ParameterDefJson)[] = [
  'type',
  'dataType',
  'writable',
  'writeOnce',
  'list',
  'size',
  'range',
  'enum',
  'enumReadOnly',
  'pattern',
  'units',
  'pathRef',
  'enumRef',
  'default',
  'defaultType',
  'version',
  'status',
  'forcedInform',
  'activeNotify',
  'hidden',
  'secured',
];

/** A fixed key order, so equal definitions serialise identically whatever path built them. */
function orderKeys(p: ParameterDefJson): ParameterDefJson {
  const out: Record<string, unknown> = {};
  for (const k of PARAM_KEY_ORDER) if (p[k] !== undefined) out[k] = p[k];
  return out as unknown as ParameterDefJson;
}

/**
 * Serialises the model with one object (and one profile) per line: compact, yet a change to the
 * source shows as a readable diff.
 */
export function serialiseDataModel(m: DataModelJson): string {
  const lines: string[] = [];
  lines.push(
    `{"format":${m.format},"model":${JSON.stringify(m.model)},"root":${JSON.stringify(m.root)},` +
      `"spec":${JSON.stringify(m.spec)},"source":${JSON.stringify(m.source)},`,
  );
  const section = (key: string, entries: [string, unknown][], last: boolean): void => {
    lines.push(`${JSON.stringify(key)}:{`);
    entries.forEach(([k, v], i) => {
      lines.push(`${JSON.stringify(k)}:${JSON.stringify(v)}${i < entries.length - 1 ? ',' : ''}`);
    });
    lines.push(last ? '}' : '},');
  };
  section('objects', Object.entries(m.objects), false);
  section('profiles', Object.entries(m.profiles), true);
  lines.push('}');
  return lines.join('\n') + '\n';
}
