/**
 * Which built-in cases catch which simulator fault (src-main/sim/fault-switches.ts): the proof that the
 * suite tests something. `catches` must fail with the fault on; `affects` may fail too (they touch the
 * same behaviour); every other case still passes. docs/test-suite.md shows this table; the integration
 * test test/integration/testing/suite-faults.test.ts checks it.
 */
import type { SimFaultName } from '../sim/fault-switches';

export interface FaultProof {
  catches: string[];
  affects?: string[];
  /** The catching case is destructive (a run needs `destructive`). */
  destructive?: boolean;
}

export const FAULT_PROOF: Record<SimFaultName, FaultProof> = {
  'no-cookies': { catches: ['session.cookies'] },
  'wrong-instance-numbers': {
    catches: ['obj.add-instance-exists', 'obj.add-listed'],
    affects: ['obj.add', 'obj.add-unique', 'obj.add-parameter-key', 'obj.delete', 'obj.delete-parameter-key'],
  },
  'spv-not-atomic': { catches: ['spv.atomic-read-only', 'spv.atomic-wrong-type'] },
  'no-m-reboot': { catches: ['reboot.m-reboot'], destructive: true },
  'ignores-notification': { catches: ['notify.active-value-change', 'notify.passive-value-change'] },
  'accepts-wrong-type': { catches: ['spv.wrong-type'], affects: ['spv.atomic-wrong-type'] },
  'transfer-complete-wrong-session': {
    catches: ['dl.transfer-complete-session', 'ul.m-upload-event'],
    affects: ['dl.not-found', 'ul.config', 'ul.log', 'session.hold-requests', 'dl.corrupt', 'dl.config-round-trip'],
  },
  'accepts-bad-certificate': { catches: ['secure.unknown-ca', 'secure.expired', 'secure.wrong-host'] },
  'parameter-key-ignored': { catches: ['spv.parameter-key', 'spv.parameter-key-in-inform', 'obj.add-parameter-key', 'obj.delete-parameter-key'] },
  'next-level-ignored': { catches: ['gpn.next-level-true', 'gpn.partial-path-next-level', 'gpn.parameter-next-level-true'] },
  'cr-without-auth': { catches: ['cr.authentication-required', 'cr.digest', 'cr.wrong-credentials', 'cr.no-session-after-refusal'] },
  'wrong-cwmp-id': { catches: ['inform.cwmp-id'] },
  'ignores-hold-requests': { catches: ['session.hold-requests'] },
  'no-9005': { catches: ['gpv.invalid-name', 'gpv.invalid-partial-path', 'gpv.one-invalid-among-valid'] },
  'no-periodic-inform': { catches: ['periodic.event', 'periodic.interval'] },
};
