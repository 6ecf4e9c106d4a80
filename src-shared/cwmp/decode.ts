/**
 * `parseCwmp`: body bytes → decoded CWMP message or a structured error. Never throws.
 * Steps: size check → charset → one safety/structure scan → fast-xml-parser → one walk
 * (envelope, header, RPC).
 */
import { decodeBytes } from './charset';
import { DecodeContext } from './decode-context';
import { decodeRpc } from './decode-rpc';
import { readBool, readInt } from './lexical';
import {
  SOAP12_ENV_NS,
  SOAP_ENV_NS,
  isCwmpNamespace,
  isNonStandardNamespace,
  looksLikeCwmpNamespace,
  negotiatedVersion,
} from './namespaces';
import type { CwmpHeader, CwmpMessage, CwmpNamespace, DecodeResult, DecodeWarning } from './types';
import { scanXml } from './xml-scan';
import { attrByLocalName, childElements, isElementKey, isObject, localName, namespaceDeclarations, prefixOf, textOf, xmlParser } from './xml-reader';

export interface ParseOptions {
  /** The HTTP Content-Type, for its charset. */
  contentType?: string;
  /** Larger bodies are refused with `too-large`. Default 32 MiB. */
  maxBytes?: number;
  /** Deeper element nesting is refused with `too-deep`. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

function failure(code: string, message: string): DecodeResult {
  return { ok: false, error: { code, message } };
}

function emptyMessage(warnings: DecodeWarning[]): DecodeResult {
  return { ok: true, message: { namespace: null, version: null, header: {}, rpc: null, warnings } };
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/**
 * Decodes one CWMP message. An empty or whitespace-only body is the CPE's empty POST (`rpc: null`).
 * Tolerated quirks come back as warnings; structural breakage as `{ ok: false, error }`.
 */
export function parseCwmp(body: Uint8Array | string, options: ParseOptions = {}): DecodeResult {
  try {
    return parseUnsafe(body, options);
  } catch (err) {
    // After the scan the parser throws only for names it refuses (`__proto__`, `constructor`);
    // anything else is still reported as a decode error rather than escaping.
    const message = err instanceof Error ? err.message : String(err);
    if (message.includes('[SECURITY]')) return failure('forbidden-name', `The body uses a forbidden element name: ${message}`);
    return failure('not-xml', `The body is not well-formed XML: ${message}`);
  }
}

function parseUnsafe(body: Uint8Array | string, options: ParseOptions): DecodeResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  let text: string;
  const warnings: DecodeWarning[] = [];
  if (typeof body === 'string') {
    // A JS string has at least as many UTF-8 bytes as code units; that is enough to bound work.
    if (body.length > maxBytes) return failure('too-large', `The body is larger than the ${maxBytes}-byte limit`);
    text = body;
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      warnings.push({ code: 'byte-order-mark', message: 'The body starts with a byte order mark' });
    }
  } else {
    if (body.length > maxBytes) return failure('too-large', `The body is ${body.length} bytes, over the ${maxBytes}-byte limit`);
    const decoded = decodeBytes(body, options.contentType);
    text = decoded.text;
    warnings.push(...decoded.warnings);
  }
  if (isBlank(text)) return emptyMessage(warnings);

  const scan = scanXml(text, maxDepth);
  if (!scan.ok) return { ok: false, error: scan.error };
  warnings.push(...scan.warnings);

  const doc = xmlParser().parse(text) as Record<string, unknown>;
  return decodeEnvelope(doc, warnings);
}

interface Scope {
  ns: Map<string, string>;
}

/** Resolves a raw name's prefix in scope; `undefined` when the prefix is not declared. */
function resolve(raw: string, scope: Scope): string | undefined {
  return scope.ns.get(prefixOf(raw));
}

function findRoot(doc: Record<string, unknown>): [string, unknown] | undefined {
  for (const key in doc) if (isElementKey(key)) return [key, Array.isArray(doc[key]) ? (doc[key] as unknown[])[0] : doc[key]];
  return undefined;
}

function decodeEnvelope(doc: Record<string, unknown>, warnings: DecodeWarning[]): DecodeResult {
  const root = findRoot(doc);
  if (!root) return failure('not-xml', 'No root element');
  const [envKey, envelope] = root;
  if (localName(envKey) !== 'Envelope') {
    return failure('not-soap', `The root element is <${envKey}>, not a SOAP Envelope`);
  }
  const ctx = new DecodeContext();
  ctx.warnings.push(...warnings);
  const scope: Scope = { ns: new Map() };
  namespaceDeclarations(envelope, scope.ns);
  checkSoapNamespace(envKey, scope, ctx);

  let headerNode: unknown;
  let bodyNode: unknown;
  let bodyKey = '';
  if (isObject(envelope)) {
    for (const key in envelope) {
      if (!isElementKey(key)) continue;
      const local = localName(key);
      const v = Array.isArray(envelope[key]) ? (envelope[key] as unknown[])[0] : envelope[key];
      if (local === 'Header' && headerNode === undefined) headerNode = v;
      else if (local === 'Body' && bodyNode === undefined) {
        bodyNode = v;
        bodyKey = key;
      } else ctx.warn('unknown-element', `Unexpected <${key}> in the Envelope was ignored`, 'Envelope');
    }
  }
  if (bodyNode === undefined) return failure('no-body', 'The SOAP Envelope has no Body');

  const headerScope: Scope = { ns: new Map(scope.ns) };
  namespaceDeclarations(headerNode, headerScope.ns);
  const { header, idNamespace } = decodeHeader(headerNode, headerScope, ctx);

  const bodyScope: Scope = { ns: new Map(scope.ns) };
  namespaceDeclarations(bodyNode, bodyScope.ns);
  if (resolve(bodyKey, bodyScope) === undefined) unbound(bodyKey, 'Body', ctx);

  const children = childElements(bodyNode);
  let namespace: CwmpNamespace | null = null;
  let rpc: CwmpMessage['rpc'] = null;
  if (children.length === 0) {
    ctx.warn('empty-soap-body', 'The SOAP Body holds no RPC', 'Body');
    namespace = pickNamespace(undefined, idNamespace, bodyScope, ctx);
  } else {
    if (children.length > 1) ctx.warn('multiple-rpcs', `The SOAP Body holds ${children.length} elements; only the first is decoded`, 'Body');
    const [rpcKey, rpcNode] = children[0];
    const rpcScope: Scope = { ns: new Map(bodyScope.ns) };
    namespaceDeclarations(rpcNode, rpcScope.ns);
    const method = localName(rpcKey);
    let rpcNs = resolve(rpcKey, rpcScope);
    if (rpcNs === undefined && prefixOf(rpcKey) !== '') unbound(rpcKey, method, ctx);
    if (method === 'Fault') {
      // The SOAP Fault is in the envelope namespace; the cwmp one is on its detail.
      rpcNs = faultDetailNamespace(rpcNode, rpcScope);
    } else if (rpcNs === undefined || !looksLikeCwmpNamespace(rpcNs)) {
      ctx.warn('unqualified-rpc', `<${rpcKey}> is not in a cwmp namespace`, method);
      rpcNs = undefined;
    }
    namespace = pickNamespace(rpcNs, idNamespace, rpcScope, ctx);
    rpc = decodeRpc(method, rpcNode, ctx);
  }
  const message: CwmpMessage = {
    namespace,
    version: negotiatedVersion(namespace, header.useCwmpVersion, header.supportedCwmpVersions),
    header,
    rpc,
    warnings: ctx.finish(),
  };
  return { ok: true, message };
}

function unbound(raw: string, path: string, ctx: DecodeContext): void {
  ctx.warn('unbound-prefix', `Prefix '${prefixOf(raw)}' of <${raw}> is not declared; read by its local name`, path);
}

function checkSoapNamespace(envKey: string, scope: Scope, ctx: DecodeContext): void {
  const uri = resolve(envKey, scope);
  if (uri === undefined) unbound(envKey, 'Envelope', ctx);
  else if (uri === SOAP12_ENV_NS) ctx.warn('soap12-namespace', 'SOAP 1.2 envelope namespace; CWMP uses SOAP 1.1', 'Envelope');
  else if (uri !== SOAP_ENV_NS) ctx.warn('nonstandard-soap-namespace', `Unexpected envelope namespace '${uri}'`, 'Envelope');
}

function faultDetailNamespace(fault: unknown, scope: Scope): string | undefined {
  if (!isObject(fault)) return undefined;
  for (const key in fault) {
    if (localName(key) !== 'detail' || !isElementKey(key)) continue;
    const detail = Array.isArray(fault[key]) ? (fault[key] as unknown[])[0] : fault[key];
    const ds: Scope = { ns: new Map(scope.ns) };
    namespaceDeclarations(detail, ds.ns);
    if (!isObject(detail)) return undefined;
    for (const dk in detail) {
      if (!isElementKey(dk) || localName(dk) !== 'Fault') continue;
      const f = Array.isArray(detail[dk]) ? (detail[dk] as unknown[])[0] : detail[dk];
      namespaceDeclarations(f, ds.ns);
      const uri = resolve(dk, ds);
      return uri !== undefined && looksLikeCwmpNamespace(uri) ? uri : undefined;
    }
  }
  return undefined;
}

/** The message's cwmp namespace: the RPC's, else cwmp:ID's, else any cwmp namespace declared in scope. */
function pickNamespace(rpcNs: string | undefined, idNs: string | undefined, scope: Scope, ctx: DecodeContext): CwmpNamespace | null {
  let uri = rpcNs ?? idNs;
  if (uri === undefined) {
    for (const v of scope.ns.values()) {
      if (looksLikeCwmpNamespace(v)) {
        uri = v;
        break;
      }
    }
  }
  if (uri === undefined) {
    ctx.warn('no-cwmp-namespace', 'No cwmp namespace found in the message');
    return null;
  }
  if (!isCwmpNamespace(uri)) {
    ctx.warn('unknown-namespace', `Unknown cwmp namespace '${uri}'`);
    return null;
  }
  if (isNonStandardNamespace(uri)) {
    ctx.warn('nonstandard-namespace', `'${uri}' is not a standard namespace (CWMP 1.3 and 1.4 use urn:dslforum-org:cwmp-1-2)`);
  }
  if (idNs !== undefined && rpcNs !== undefined && idNs !== rpcNs) {
    ctx.warn('mixed-namespaces', `cwmp:ID is in '${idNs}' but the RPC in '${rpcNs}'`);
  }
  return uri;
}

function mustUnderstand(v: unknown): boolean | undefined {
  const mu = attrByLocalName(v, 'mustUnderstand');
  if (mu === undefined) return undefined;
  const t = mu.trim();
  return t === '1' || t === 'true';
}

function decodeHeader(node: unknown, scope: Scope, ctx: DecodeContext): { header: CwmpHeader; idNamespace?: string } {
  const header: CwmpHeader = {};
  let idNamespace: string | undefined;
  if (!isObject(node)) return { header };
  for (const key in node) {
    if (!isElementKey(key)) continue;
    const local = localName(key);
    let v = node[key];
    const path = `Header/${local}`;
    if (Array.isArray(v)) {
      ctx.warn('duplicate-element', `<${local}> appears ${v.length} times; the first is used`, path);
      v = v[0];
    }
    const text = textOf(v);
    switch (local) {
      case 'ID': {
        header.id = text;
        const mu = mustUnderstand(v);
        header.idMustUnderstand = mu ?? false;
        if (mu === undefined) ctx.warn('id-without-mustunderstand', 'cwmp:ID without SOAP-ENV:mustUnderstand="1"', path);
        const s: Scope = { ns: new Map(scope.ns) };
        namespaceDeclarations(v, s.ns);
        idNamespace = resolve(key, s);
        if (idNamespace === undefined && prefixOf(key) !== '') unbound(key, path, ctx);
        break;
      }
      case 'HoldRequests':
        header.holdRequests = readBool(text, ctx, path);
        break;
      case 'NoMoreRequests':
        header.noMoreRequests = readBool(text, ctx, path);
        ctx.warn('deprecated-header', 'NoMoreRequests is deprecated since CWMP 1.1', path);
        break;
      case 'SessionTimeout':
        header.sessionTimeout = readInt(text, ctx, path);
        break;
      case 'SupportedCWMPVersions':
        header.supportedCwmpVersions = text.trim();
        break;
      case 'UseCWMPVersion':
        header.useCwmpVersion = text.trim();
        break;
      default:
        (header.extra ??= {})[local] = v;
        ctx.warn('unknown-header', `Unknown header <${key}> kept in header.extra`, path);
    }
  }
  return { header, idNamespace };
}

