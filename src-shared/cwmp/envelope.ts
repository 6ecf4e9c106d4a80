/** `buildCwmp`: a typed message → a complete SOAP envelope. */
import { encodeRpc } from './encode-rpc';
import { DEFAULT_CWMP_NAMESPACE, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from './namespaces';
import type { CwmpHeader, CwmpNamespace, Rpc } from './types';
import { escapeAttr, escapeText } from './xml-writer';

export interface BuildInput {
  /** `null` builds the empty body (`''`), as an ACS ending a session sends. */
  rpc: Rpc | null;
  header?: CwmpHeader;
  /** The session's cwmp namespace; default `urn:dslforum-org:cwmp-1-0`. */
  namespace?: CwmpNamespace;
}

const ENV = 'SOAP-ENV';

function headerXml(h: CwmpHeader): string {
  const parts: string[] = [];
  if (h.id !== undefined) {
    const mu = h.idMustUnderstand === false ? '' : ` ${ENV}:mustUnderstand="1"`;
    parts.push(`<cwmp:ID${mu}>${escapeText(h.id)}</cwmp:ID>`);
  }
  if (h.holdRequests !== undefined) {
    parts.push(`<cwmp:HoldRequests ${ENV}:mustUnderstand="1">${h.holdRequests ? '1' : '0'}</cwmp:HoldRequests>`);
  }
  if (h.noMoreRequests !== undefined) {
    parts.push(`<cwmp:NoMoreRequests>${h.noMoreRequests ? '1' : '0'}</cwmp:NoMoreRequests>`);
  }
  if (h.sessionTimeout !== undefined) {
    parts.push(`<cwmp:SessionTimeout ${ENV}:mustUnderstand="0">${h.sessionTimeout}</cwmp:SessionTimeout>`);
  }
  if (h.supportedCwmpVersions !== undefined) {
    parts.push(
      `<cwmp:SupportedCWMPVersions ${ENV}:mustUnderstand="0">${escapeText(h.supportedCwmpVersions)}</cwmp:SupportedCWMPVersions>`,
    );
  }
  if (h.useCwmpVersion !== undefined) {
    parts.push(`<cwmp:UseCWMPVersion ${ENV}:mustUnderstand="1">${escapeText(h.useCwmpVersion)}</cwmp:UseCWMPVersion>`);
  }
  return parts.length === 0 ? '' : `<${ENV}:Header>${parts.join('')}</${ENV}:Header>`;
}

/**
 * Builds the XML of one CWMP message: envelope with the SOAP-ENV, SOAP-ENC, xsd, xsi and cwmp
 * prefixes, the header entries given (cwmp:ID with mustUnderstand="1" unless `idMustUnderstand` is
 * false), and the RPC in schema order, values with `xsi:type`, arrays with `SOAP-ENC:arrayType`
 * counts. Returns `''` for `rpc: null`. `extra` (unknown elements a decode kept) is not written.
 */
export function buildCwmp(input: BuildInput): string {
  if (input.rpc === null) return '';
  const ns = input.namespace ?? DEFAULT_CWMP_NAMESPACE;
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<${ENV}:Envelope xmlns:${ENV}="${SOAP_ENV_NS}" xmlns:SOAP-ENC="${SOAP_ENC_NS}" xmlns:xsd="${XSD_NS}"`,
    ` xmlns:xsi="${XSI_NS}" xmlns:cwmp="${escapeAttr(ns)}">`,
    headerXml(input.header ?? {}),
    `<${ENV}:Body>`,
  ];
  encodeRpc(input.rpc, ENV, parts);
  parts.push(`</${ENV}:Body></${ENV}:Envelope>`);
  return parts.join('');
}
