/**
 * Conformance checks on CWMP traffic: rules from TR-069 (Amendment 6) and its schemas, each with an id,
 * a severity and the section it comes from, applied to decoded messages. Pure: runs in Node and the browser.
 */
export { conformanceCheck, countFindings, inferSender } from './check';
export { CONFORMANCE_RULES, conformanceRule, type ConformanceRuleId } from './rules';
export { ruleOfDecodeWarning, decodeErrorFinding } from './decode-findings';
export { deviceTreeFindings, unreadRequiredPaths } from './model-checks';
export { checkAnnouncedCompletions } from './completion-checks';
export { requiredInformParameters, COMMAND_KEY_METHODS, MAX_EVENTS } from './inform-checks';
export { FindingCollector } from './collector';
export type { ConformanceContext, ConformanceRule, Finding, FindingSeverity } from './types';
