import type { CwmpMessage, EventStruct } from '../cwmp/types';
import type { DataModel } from '../datamodel/data-model';

/** `error`: the message breaks a MUST of the spec; `warning`: likely wrong or interoperability risk; `info`: style. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One conformance rule: what it checks and where the spec says so. */
export interface ConformanceRule {
  /** Stable id, e.g. `inform-max-envelopes`. */
  id: string;
  severity: FindingSeverity;
  /** Where the requirement comes from: a TR-069 Amendment 6 section (`A.3.3.1`), or `TR-106 …` / `cwmp-1-2.xsd`. */
  section: string;
  /** What the rule checks, in one sentence. */
  title: string;
}

/** One problem found in a message. */
export interface Finding {
  ruleId: string;
  severity: FindingSeverity;
  section: string;
  /** What is wrong, in words, naming the offending value. */
  message: string;
  /** Where in the message (a parameter path or an element path such as `Inform/Event`), when it helps. */
  path?: string;
}

/** What a check may know beyond the message itself. Every field is optional; rules needing one are skipped without it. */
export interface ConformanceContext {
  /**
   * Who sent the message. Default: the CPE for CPE requests and responses (Inform, GPVResponse, …),
   * the ACS for ACS requests and responses, the CPE for a Fault.
   */
  sender?: 'cpe' | 'acs';
  /** The request this message answers (for a CPE response or Fault: the ACS request before it in the session). */
  request?: CwmpMessage;
  /** Earlier messages of the same device, oldest first, either direction: used to match `M …` CommandKeys. */
  history?: readonly CwmpMessage[];
  /** The device's data model: forced Inform parameters, parameter values, object names. */
  model?: DataModel;
  /**
   * How the device's previous session ended, when known. After a completed session the next Inform is a first
   * attempt, so its RetryCount must be 0.
   */
  previousSession?: 'completed' | 'failed';
  /** The events of the Inform that opened this message's session: where a TransferComplete must be announced. */
  sessionEvents?: readonly EventStruct[];
}
