/** Namespace URIs and version mapping for CWMP envelopes. */
import { CWMP_NAMESPACES, CWMP_VERSIONS, type CwmpNamespace, type CwmpVersion } from './types';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const DEFAULT_CWMP_NAMESPACE: CwmpNamespace = 'urn:dslforum-org:cwmp-1-0';

const NAMESPACE_SET = new Set<string>(CWMP_NAMESPACES);
const VERSION_SET = new Set<string>(CWMP_VERSIONS);

export function isCwmpNamespace(uri: string): uri is CwmpNamespace {
  return NAMESPACE_SET.has(uri);
}

/** True for the `-1-3` / `-1-4` URIs, which the standard never defined (1.3 and 1.4 use `-1-2`). */
export function isNonStandardNamespace(ns: CwmpNamespace): boolean {
  return ns === 'urn:dslforum-org:cwmp-1-3' || ns === 'urn:dslforum-org:cwmp-1-4';
}

/** Looks like a cwmp namespace, known or not (`urn:dslforum-org:cwmp-1-5`). */
export function looksLikeCwmpNamespace(uri: string): boolean {
  return uri.startsWith('urn:dslforum-org:cwmp-');
}

export function isCwmpVersion(v: string): v is CwmpVersion {
  return VERSION_SET.has(v);
}

/** The protocol version a namespace stands for on its own (`cwmp-1-2` ⇒ "1.2"). */
export function namespaceVersion(ns: CwmpNamespace): CwmpVersion {
  const m = /cwmp-1-(\d)$/.exec(ns);
  return `1.${m ? m[1] : '0'}` as CwmpVersion;
}

/** The namespace a given protocol version is spoken in (1.3 and 1.4 keep `cwmp-1-2`). */
export function namespaceForVersion(v: CwmpVersion): CwmpNamespace {
  switch (v) {
    case '1.0':
      return 'urn:dslforum-org:cwmp-1-0';
    case '1.1':
      return 'urn:dslforum-org:cwmp-1-1';
    case '1.2':
    case '1.3':
    case '1.4':
      return 'urn:dslforum-org:cwmp-1-2';
    default: {
      const never: never = v;
      return never;
    }
  }
}

/**
 * The version a message speaks: `UseCWMPVersion` when the ACS chose one; else, within the 1-2
 * namespace, the highest version the sender lists in `SupportedCWMPVersions`; else the namespace's.
 */
export function negotiatedVersion(
  ns: CwmpNamespace | null,
  useVersion: string | undefined,
  supported: string | undefined,
): CwmpVersion | null {
  if (useVersion !== undefined && isCwmpVersion(useVersion.trim())) return useVersion.trim() as CwmpVersion;
  if (ns === null) return null;
  const own = namespaceVersion(ns);
  if (supported !== undefined && ns === 'urn:dslforum-org:cwmp-1-2') {
    let best: CwmpVersion = own;
    for (const part of supported.split(',')) {
      const v = part.trim();
      if (isCwmpVersion(v) && v > best) best = v;
    }
    return best;
  }
  return own;
}
