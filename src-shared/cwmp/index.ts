/**
 * The CWMP protocol core: decode (`parseCwmp`), encode (`buildCwmp`), fault and event tables,
 * and the traffic-list summary. Pure TypeScript: runs in Node and in the browser alike.
 */
export * from './types';
export { parseCwmp, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type ParseOptions } from './decode';
export { buildCwmp, type BuildInput } from './envelope';
export { faultRpc, describeFault, FAULT_CODES, type FaultInfo } from './faults';
export { describeEvent, isKnownEvent, EVENT_CODES, type EventInfo } from './events';
export { summarize } from './summary';
export {
  namespaceForVersion,
  namespaceVersion,
  negotiatedVersion,
  isCwmpNamespace,
  DEFAULT_CWMP_NAMESPACE,
} from './namespaces';
export {
  DECODE_WARNINGS,
  DECODE_ERRORS,
  describeDiagnostic,
  type DecodeWarningCode,
  type DecodeErrorCode,
} from './diagnostics';
