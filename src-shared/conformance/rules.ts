/**
 * The conformance rules: id, severity, where TR-069 (Amendment 6, CWMP 1.4) or its schemas require it, and
 * what is checked. Sections refer to TR-069 unless the text names another document; the schema limits
 * (64 events, 32-character CommandKey, fault code ranges) are those of cwmp-1-0.xsd … cwmp-1-4.xsd.
 */
import type { ConformanceRule, FindingSeverity } from './types';

function rule<const I extends string>(id: I, severity: FindingSeverity, section: string, title: string): ConformanceRule & { id: I } {
  return { id, severity, section, title };
}

export const CONFORMANCE_RULES = [
  // Inform (A.3.3.1)
  rule('inform-forced-parameters', 'error', 'A.3.3.1', 'An Inform carries every forced Inform parameter of its data model'),
  rule('inform-max-envelopes', 'error', 'A.3.3.1', 'Inform MaxEnvelopes is 1'),
  rule('inform-current-time', 'error', 'A.3.3.1', 'Inform CurrentTime is a valid dateTime'),
  rule('inform-retry-count', 'warning', 'A.3.3.1', 'RetryCount is 0 on the first attempt after a completed session'),
  rule('inform-event-count', 'error', 'A.3.3.1', 'An Inform carries at most 64 events'),
  rule('event-duplicate', 'error', 'A.3.3.1', 'A numbered event code appears at most once; an M event at most once per CommandKey'),
  rule('event-pairing', 'warning', 'A.3.3.1', 'M events come with their numbered event (M Reboot with 1 BOOT, …) and vice versa'),
  rule('event-command-key', 'warning', 'A.3.3.1', 'An M event carries the CommandKey of the ACS request that caused it'),
  rule('completion-event', 'error', 'A.3.3.1', 'A TransferComplete / DUStateChangeComplete is sent only in a session whose Inform carries 7 TRANSFER COMPLETE / 11 DU STATE CHANGE COMPLETE and the M event with its CommandKey'),
  rule('completion-missing', 'error', 'A.3.3.1', 'An Inform carrying 7 TRANSFER COMPLETE / 11 DU STATE CHANGE COMPLETE is followed, in that session, by the TransferComplete / DUStateChangeComplete'),
  rule('command-key-length', 'error', 'A.3.3.1', 'A CommandKey is at most 32 characters'),
  // SOAP (3.5)
  rule('header-id-missing', 'warning', '3.5', 'An Inform carries a cwmp:ID header'),
  rule('response-id-mismatch', 'error', '3.5', 'A response or fault carries the cwmp:ID of the request it answers'),
  rule('response-mismatch', 'error', '3.5', 'A response answers the method that was requested'),
  // CPE responses (A.3.2)
  rule('gpn-outside-path', 'error', 'A.3.2.3', 'GetParameterNamesResponse lists only names under the requested ParameterPath'),
  rule('gpn-next-level', 'error', 'A.3.2.3', 'With NextLevel true, GetParameterNamesResponse lists only the next level'),
  rule('gpn-object-name', 'error', 'A.3.2.3', 'Object names in GetParameterNamesResponse end in "." and parameter names do not'),
  rule('gpv-unrequested', 'error', 'A.3.2.2', 'GetParameterValuesResponse returns only names that were requested'),
  rule('gpv-missing', 'warning', 'A.3.2.2', 'GetParameterValuesResponse returns every full parameter name that was requested'),
  rule('response-status', 'error', 'A.3.2.1', 'A Status (SetParameterValues, AddObject, DeleteObject, Download, Upload) is 0 or 1'),
  rule('addobject-instance', 'error', 'A.3.2.6', 'AddObjectResponse InstanceNumber is at least 1'),
  // Faults (A.5)
  rule('fault-code-range', 'error', 'A.5', 'A CPE fault code is in 9000–9899, an ACS fault code in 8000–8899'),
  rule('fault-acs-code-from-cpe', 'error', 'A.5', 'A CPE does not use ACS fault codes (8xxx)'),
  rule('fault-soap-code', 'info', 'A.5', 'SOAP faultcode is Client or Server as the fault table pairs it with the code'),
  rule('spv-fault-misplaced', 'error', 'A.3.2.1', 'SetParameterValuesFault appears only in a fault answering SetParameterValues'),
  rule('spv-fault-code', 'warning', 'A.3.2.1', 'A fault with per-parameter SetParameterValuesFault entries has FaultCode 9003'),
  rule('transfer-fault-code', 'error', 'A.3.3.2', 'A TransferComplete FaultCode is 0, a transfer fault code (9001, 9002, 9010–9020 but 9013), or an extension/vendor code'),
  // Decoding (SOAP quirks the decoder tolerated)
  rule('soap-undecodable', 'error', '3.5', 'The body is a CWMP SOAP envelope'),
  rule('soap-envelope', 'warning', '3.5', 'The SOAP envelope, namespaces and headers are as CWMP defines them'),
  rule('soap-encoding', 'warning', 'A.2.1', 'Arrays and values are SOAP-encoded as the schema types them (xsi:type, arrayType, lexical forms)'),
  rule('soap-structure', 'warning', 'A.3', 'Every RPC has exactly the elements the schema defines'),
  rule('soap-lexical', 'info', 'A.2.1', 'Values are written in their canonical lexical form'),
  rule('event-unknown', 'warning', 'A.3.3.1', 'Event codes are standard or follow the vendor forms "X <OUI> …" / "M X_…"'),
  // Data model (TR-106 / TR-181 / TR-098)
  rule('data-model-value', 'error', 'TR-106 3.2', 'Parameter values satisfy the data model (type, range, size, enumeration, pattern, access)'),
  rule('data-model-unknown', 'warning', 'TR-106 3.3', 'Parameters are defined by the data model (or vendor X_ extensions), with the model type'),
  // Device (the parameter tree against the model)
  rule('device-required-missing', 'warning', 'TR-106 2.3.4', "The device reports every parameter its model's baseline profile requires"),
  rule('device-required-unread', 'info', 'TR-106 2.3.4', 'Required parameters the ACS has not read yet (their object was never listed): read them to check'),
  rule('device-writable-read-only', 'warning', 'TR-106 3.2', 'The device does not report read-only parameters as writable'),
] as const satisfies readonly ConformanceRule[];

export type ConformanceRuleId = (typeof CONFORMANCE_RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, ConformanceRule> = new Map(CONFORMANCE_RULES.map((r) => [r.id, r]));

/** The rule with this id (throws on an unknown id: a programming error). */
export function conformanceRule(id: ConformanceRuleId): ConformanceRule {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown conformance rule ${id}`);
  return r;
}
