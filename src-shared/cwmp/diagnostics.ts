/**
 * Every warning and error code the decoder reports, with what it means, for the UI and the CLI to
 * explain. The codes are stable: tools may match on them.
 */

/** Tolerated quirks: the message decoded, but not quite as the spec says. */
export const DECODE_WARNINGS = {
  // bytes and XML
  'byte-order-mark': 'The body starts with a byte order mark (UTF-8 BOM or UTF-16); it was skipped.',
  'charset-mismatch': 'The HTTP charset and the XML declaration name different encodings; the declaration was used.',
  'unknown-charset': 'The declared charset is unknown; the body was read as UTF-8.',
  'invalid-utf8': 'The body is not valid UTF-8 although it should be; it was read as Windows-1252 (ISO-8859-1).',
  'leading-whitespace': 'Whitespace before the XML declaration (not well-formed XML, but harmless).',
  'trailing-content': 'Text or elements after the SOAP Envelope were ignored.',
  'unescaped-ampersand': 'A bare "&" (not well-formed XML, typically an unescaped URL); kept as text.',
  'duplicate-attribute': 'An element carries the same attribute twice (not well-formed XML); the parser kept one of the values.',
  'unknown-entity': 'A reference to an entity XML does not define (e.g. &nbsp;); kept as text, never expanded.',
  // SOAP and namespaces
  'unbound-prefix': 'A namespace prefix is used without being declared; the element was read by its local name.',
  'soap12-namespace': 'The envelope uses the SOAP 1.2 namespace; CWMP uses SOAP 1.1.',
  'nonstandard-soap-namespace': 'The envelope is in an unexpected namespace.',
  'unqualified-rpc': 'The RPC element is not in a cwmp namespace.',
  'no-cwmp-namespace': 'No cwmp namespace was found anywhere in the message.',
  'unknown-namespace': 'The cwmp namespace is not one of cwmp-1-0 … cwmp-1-4.',
  'nonstandard-namespace': 'cwmp-1-3 / cwmp-1-4 namespaces do not exist; CWMP 1.3 and 1.4 use cwmp-1-2 and negotiate the version in headers.',
  'mixed-namespaces': 'cwmp:ID and the RPC are in different cwmp namespaces.',
  'empty-soap-body': 'The SOAP Body holds no RPC.',
  'multiple-rpcs': 'The SOAP Body holds more than one element; only the first was decoded.',
  // headers
  'id-without-mustunderstand': 'cwmp:ID lacks SOAP-ENV:mustUnderstand="1".',
  'deprecated-header': 'NoMoreRequests is deprecated since CWMP 1.1.',
  'unknown-header': 'A header entry CWMP does not define; kept in header.extra.',
  // RPC structure
  'unknown-rpc': 'A method the decoder does not know (vendor RPC or typo); kept as an Unknown RPC.',
  'unknown-element': 'An element the schema does not define; kept in the RPC\'s extra.',
  'missing-element': 'A required element is missing; its default (empty, 0, false) was used.',
  'duplicate-element': 'An element that should appear once appears more often; the first was used.',
  'unexpected-children': 'Child elements where a simple value was expected were ignored.',
  'unexpected-text': 'Text where elements were expected was ignored.',
  'unexpected-item-name': 'An array item has an unexpected element name; it was read anyway.',
  'nested-operation': 'A ChangeDUState operation was given as a child element instead of by xsi:type.',
  'unknown-operation': 'A ChangeDUState operation without a known xsi:type; read as Install.',
  // arrays and types
  'missing-array-type': 'An array lacks SOAP-ENC:arrayType.',
  'malformed-array-type': 'An arrayType attribute that does not end in [count].',
  'array-count-mismatch': 'The arrayType count differs from the number of items sent.',
  'missing-xsi-type': 'A parameter value without xsi:type; its type is reported as "".',
  'unknown-xsi-type': 'A parameter value with an xsi:type CWMP does not use.',
  'value-type-mismatch': 'A parameter value that is not valid for its xsi:type (kept as sent).',
  // lexical
  'nonstandard-boolean': 'A boolean written other than true/false/1/0 (e.g. "True"); read by its meaning.',
  'invalid-boolean': 'Not a boolean; read as false.',
  'invalid-number': 'Not an integer; read as 0.',
  'leading-zeros': 'A number written with leading zeros (e.g. 05).',
  'datetime-no-zone': 'A dateTime without a time zone (Z or ±hh:mm).',
  'invalid-datetime': 'Not a valid dateTime (kept as sent).',
  'name-trimmed': 'Whitespace or control characters were removed from a parameter name.',
  'unknown-event-code': 'An Inform event code that is neither standard nor a vendor (X …, M X_…) code.',
} as const;

/** Structural breakage: the message could not be decoded. */
export const DECODE_ERRORS = {
  'too-large': 'The body is over the size limit.',
  'too-deep': 'Elements nest deeper than the limit.',
  'dtd-forbidden': 'The body contains a DTD (DOCTYPE/ENTITY); rejected to prevent entity expansion and external entities.',
  truncated: 'The body ends in the middle of the XML (cut short in transit or by a wrong Content-Length).',
  'mismatched-tag': 'An end tag does not match the open element.',
  'not-xml': 'The body is not well-formed XML.',
  'forbidden-name': 'An element name that would be unsafe as an object key (__proto__, constructor).',
  'not-soap': 'The root element is not a SOAP Envelope.',
  'no-body': 'The SOAP Envelope has no Body.',
} as const;

export type DecodeWarningCode = keyof typeof DECODE_WARNINGS;
export type DecodeErrorCode = keyof typeof DECODE_ERRORS;

/** What a warning or error code means; undefined for codes this decoder never reports. */
export function describeDiagnostic(code: string): string | undefined {
  if (Object.hasOwn(DECODE_WARNINGS, code)) return DECODE_WARNINGS[code as DecodeWarningCode];
  if (Object.hasOwn(DECODE_ERRORS, code)) return DECODE_ERRORS[code as DecodeErrorCode];
  return undefined;
}
