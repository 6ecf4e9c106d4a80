/** `buildCwmp`: a typed message → a complete SOAP envelope, built with xmlbuilder2. */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { encodeRpc } from './encode-rpc';
import { DEFAULT_CWMP_NAMESPACE, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from './namespaces';
import type { CwmpHeader, CwmpNamespace, Rpc } from './types';
import { finishXml, toXmlAttr, toXmlText } from './xml-escape';

export interface BuildInput {
  /** `null` builds the empty body (`''`), as an ACS ending a session sends. */
  rpc: Rpc | null;
  header?: CwmpHeader;
  /** The session's cwmp namespace; default `urn:dslforum-org:cwmp-1-0`. */
  namespace?: CwmpNamespace;
}

const ENV = 'SOAP-ENV';
// Written by hand (the document is serialized headless) to keep the line break after it.
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One `cwmp:` header entry, with `SOAP-ENV:mustUnderstand` when `mu` is given. */
function entry(header: XMLBuilder, cwmpNs: string, name: string, mu: '0' | '1' | null, text: string): void {
  const el = header.ele(cwmpNs, `cwmp:${name}`);
  if (mu !== null) el.att(SOAP_ENV_NS, `${ENV}:mustUnderstand`, mu);
  el.txt(toXmlText(text)); // even empty: `<cwmp:ID …></cwmp:ID>`, as CPEs are used to
}

function writeHeader(envelope: XMLBuilder, cwmpNs: string, h: CwmpHeader): void {
  if (
    h.id === undefined &&
    h.holdRequests === undefined &&
    h.noMoreRequests === undefined &&
    h.sessionTimeout === undefined &&
    h.supportedCwmpVersions === undefined &&
    h.useCwmpVersion === undefined
  ) {
    return;
  }
  const header = envelope.ele(SOAP_ENV_NS, `${ENV}:Header`);
  if (h.id !== undefined) entry(header, cwmpNs, 'ID', h.idMustUnderstand === false ? null : '1', h.id);
  if (h.holdRequests !== undefined) entry(header, cwmpNs, 'HoldRequests', '1', h.holdRequests ? '1' : '0');
  if (h.noMoreRequests !== undefined) entry(header, cwmpNs, 'NoMoreRequests', null, h.noMoreRequests ? '1' : '0');
  if (h.sessionTimeout !== undefined) entry(header, cwmpNs, 'SessionTimeout', '0', String(h.sessionTimeout));
  if (h.supportedCwmpVersions !== undefined) {
    entry(header, cwmpNs, 'SupportedCWMPVersions', '0', h.supportedCwmpVersions);
  }
  if (h.useCwmpVersion !== undefined) entry(header, cwmpNs, 'UseCWMPVersion', '1', h.useCwmpVersion);
}

/**
 * Builds the XML of one CWMP message: envelope with the SOAP-ENV, SOAP-ENC, xsd, xsi and cwmp
 * prefixes, the header entries given (cwmp:ID with mustUnderstand="1" unless `idMustUnderstand` is
 * false), and the RPC in schema order, values with `xsi:type`, arrays with `SOAP-ENC:arrayType`
 * counts. Text keeps every character XML can carry (CR as `&#xD;`); characters it cannot carry
 * (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, unpaired surrogates) are dropped. Returns `''`
 * for `rpc: null`. `extra` (unknown elements a decode kept) is not written.
 */
export function buildCwmp(input: BuildInput): string {
  if (input.rpc === null) return '';
  // The marked form (xml-escape.ts) is the namespace xmlbuilder2 sees, declared and used alike.
  const cwmpNs = toXmlAttr(input.namespace ?? DEFAULT_CWMP_NAMESPACE);
  const envelope = create()
    .ele(SOAP_ENV_NS, `${ENV}:Envelope`)
    .att('xmlns:SOAP-ENC', SOAP_ENC_NS)
    .att('xmlns:xsd', XSD_NS)
    .att('xmlns:xsi', XSI_NS)
    .att('xmlns:cwmp', cwmpNs);
  writeHeader(envelope, cwmpNs, input.header ?? {});
  const body = envelope.ele(SOAP_ENV_NS, `${ENV}:Body`);
  encodeRpc({ body, cwmpNs, envNs: SOAP_ENV_NS, envPrefix: ENV }, input.rpc);
  return XML_DECLARATION + finishXml(envelope.end({ headless: true }));
}
