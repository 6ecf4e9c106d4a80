import type { DecodeError, DecodeWarning } from '../cwmp/types';
import type { FindingCollector } from './collector';
import type { ConformanceRuleId } from './rules';

/** Which rule each decoder warning code falls under; codes not listed count as structure problems. */
const RULE_OF_WARNING: Record<string, ConformanceRuleId> = {
  // The envelope, namespaces, headers and the HTTP body around them.
  'nonstandard-namespace': 'soap-envelope',
  'unknown-namespace': 'soap-envelope',
  'no-cwmp-namespace': 'soap-envelope',
  'mixed-namespaces': 'soap-envelope',
  'nonstandard-soap-namespace': 'soap-envelope',
  'soap12-namespace': 'soap-envelope',
  'unbound-prefix': 'soap-envelope',
  'unqualified-rpc': 'soap-envelope',
  'id-without-mustunderstand': 'soap-envelope',
  'deprecated-header': 'soap-envelope',
  'unknown-header': 'soap-envelope',
  'multiple-rpcs': 'soap-envelope',
  'empty-soap-body': 'soap-envelope',
  'trailing-content': 'soap-envelope',
  'charset-mismatch': 'soap-envelope',
  'unknown-charset': 'soap-envelope',
  // SOAP encoding: arrays and typed values.
  'missing-xsi-type': 'soap-encoding',
  'unknown-xsi-type': 'soap-encoding',
  'value-type-mismatch': 'soap-encoding',
  'missing-array-type': 'soap-encoding',
  'malformed-array-type': 'soap-encoding',
  'array-count-mismatch': 'soap-encoding',
  'unexpected-item-name': 'soap-encoding',
  'invalid-number': 'soap-encoding',
  'invalid-boolean': 'soap-encoding',
  'invalid-datetime': 'soap-encoding',
  'nested-operation': 'soap-encoding',
  'unknown-operation': 'soap-encoding',
  // Harmless spellings.
  'leading-whitespace': 'soap-lexical',
  'byte-order-mark': 'soap-lexical',
  'leading-zeros': 'soap-lexical',
  'nonstandard-boolean': 'soap-lexical',
  'name-trimmed': 'soap-lexical',
  'datetime-no-zone': 'soap-lexical',
  'unknown-event-code': 'event-unknown',
};

/** The rule a decoder warning maps to. */
export function ruleOfDecodeWarning(code: string): ConformanceRuleId {
  return RULE_OF_WARNING[code] ?? 'soap-structure';
}

/** Turns the warnings the decoder recorded (what it tolerated) into findings. */
export function decodeWarningFindings(warnings: readonly DecodeWarning[], out: FindingCollector): void {
  for (const w of warnings) {
    // An unreadable Inform CurrentTime is reported by its own rule.
    if (w.code === 'invalid-datetime' && w.path === 'Inform/CurrentTime') continue;
    out.add(ruleOfDecodeWarning(w.code), `${w.message} [${w.code}]`, w.path);
  }
}

/** A body that did not decode as CWMP at all. */
export function decodeErrorFinding(error: DecodeError, out: FindingCollector): void {
  const where = error.line !== undefined ? ` (line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''})` : '';
  out.add('soap-undecodable', `not a CWMP message: ${error.message}${where} [${error.code}]`);
}
