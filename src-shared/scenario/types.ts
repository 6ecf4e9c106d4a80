/**
 * A test scenario: the steps one case takes against one device on the workbench's ACS. The same shapes
 * come from a scenario file (validated by `schema.ts`) and from the built-in suite (written in code, which
 * may add a `verify` function where a declarative matcher cannot say it).
 *
 * Strings anywhere in a step may hold `${name}` placeholders, filled from the scenario's variables
 * (captured from earlier responses, or facts the runner discovered about the device, such as `${root}`).
 */
import type { AcsRequest, CpeResponse, Fault, Inform } from '../cwmp/types';

/** A check on one field of a response: `field` is a dotted path (`status`, `instanceNumber`, `methodList.length`). */
export interface FieldMatcher {
  field: string;
  equals?: string | number | boolean;
  oneOf?: Array<string | number | boolean>;
  /** The field is a list that contains all of these. */
  includes?: string[];
  min?: number;
  max?: number;
  /** A regular expression the field's text must match. */
  matches?: string;
}

/** A check on one entry of the response's (or Inform's) ParameterList, found by name. */
export interface ParamMatcher {
  param: string;
  /** Default true: the entry must be there; false: it must not. */
  present?: boolean;
  value?: string;
  matches?: string;
  /** The xsi:type, e.g. `xsd:unsignedInt`. */
  type?: string;
  writable?: boolean;
  notification?: number;
}

export type Matcher = FieldMatcher | ParamMatcher;

export interface FaultExpectation {
  /** The fault code, or any of these. Absent: any fault will do. */
  code?: number | number[];
  /** Per-parameter fault codes of a SetParameterValues fault (each name must be listed with one of its codes). */
  parameters?: Record<string, number | number[]>;
}

/** Where a captured variable comes from in a response. */
export type CaptureSpec = { field: string } | { param: string; part?: 'value' | 'type' | 'writable' | 'notification' };

/** What a failed check says: shown as the case's reason, with expected and actual. */
export interface Failure {
  reason: string;
  expected?: string;
  actual?: string;
  /** How the case ends: `fail` by default; `skip` when the check found the case does not apply. */
  verdict?: 'fail' | 'skip' | 'error';
}

/** A code-only check (built-in cases): null when fine. */
export type Verify<T> = (value: T, vars: Readonly<Record<string, string>>) => Failure | null;

export interface EventExpectation {
  code: string;
  commandKey?: string;
}

export type Step =
  /**
   * Wait for an Inform (from this step on). With `events`, Informs without all of them are passed over
   * (`strict`: the very next Inform must carry them, else the case fails). `connectionRequest` asks the
   * device for a session first.
   */
  | {
      step: 'inform';
      events?: Array<string | EventExpectation>;
      /** Event codes the Inform must not carry. */
      absent?: string[];
      strict?: boolean;
      connectionRequest?: boolean;
      timeoutMs?: number;
      params?: ParamMatcher[];
      capture?: Record<string, CaptureSpec>;
      verify?: Verify<Inform>;
      note?: string;
    }
  /**
   * Send an ACS request and check its answer. Without `fault` any fault fails the case; with it, a
   * response fails it. `restore` reads what a SetParameterValues/SetParameterAttributes changes before
   * changing it and puts it back at the end; on AddObject it deletes the new instance at the end.
   */
  | {
      step: 'send';
      rpc: AcsRequest;
      expect?: Matcher[];
      fault?: FaultExpectation;
      capture?: Record<string, CaptureSpec>;
      restore?: boolean;
      verify?: Verify<CpeResponse | Fault>;
      note?: string;
    }
  /** Ask the device for a session (HTTP GET to its ConnectionRequestURL); `expect` is the outcome wanted. */
  | { step: 'connection-request'; expect?: 'reached' | 'auth-failed' | 'refused'; credentials?: { username: string; password: string }; note?: string }
  | { step: 'wait'; ms: number; note?: string }
  /** Set a variable. */
  | { step: 'set'; var: string; value: string }
  /** Put back everything changed so far (otherwise done at the end of the case). */
  | { step: 'restore' }
  /** An operation of the runner itself (ACS settings, helper listeners, file store): built-in cases only. */
  | { step: 'host'; op: string; args?: Record<string, unknown>; capture?: string; note?: string };

export interface Scenario {
  steps: Step[];
  /** Variables known at the start (device facts and the like). */
  vars?: Record<string, string>;
}

export type { AcsRequest, CpeResponse, Fault, Inform };
