import type { CaseInfo } from '../../src-shared/testing/report';
import type { Step } from '../../src-shared/scenario/types';
import type { DeviceFacts } from './facts';

/** What the run can do beyond CWMP, which some cases need (and are skipped without). */
export interface CaseEnv {
  /** A way to change a value on the device itself (not through the ACS): the simulator has one. */
  localChange: boolean;
  /** The ACS listens on HTTPS (secure CWMP cases). */
  https: boolean;
  /** The ACS's CPE credentials are the device's (its ManagementServer.Username matches): auth cases can run. */
  acsCredentialsKnown: boolean;
}

/** One test case: what it is, when it applies, and its steps (built from what the device offers). */
export interface TestCase extends CaseInfo {
  /** Device facts (`facts.vars` names) it needs: skipped, naming them, when one is missing. */
  needs?: string[];
  /** Any other precondition: the reason to skip, or null. */
  when?: (facts: DeviceFacts, env: CaseEnv) => string | null;
  steps: (facts: DeviceFacts) => Step[];
  /** Variables the case sets itself (scenario files); device facts win on a clash. */
  vars?: Record<string, string>;
  /** Where it came from: `builtin` or the scenario file's path. */
  suite: string;
}

export type { Step };
