/**
 * The suite is tested with deliberately faulty devices: for each simulator fault, the cases named in
 * FAULT_PROOF fail, while a spread of other cases (one or two per area) still pass on the same device.
 * (scripts/suite-fault-matrix.ts runs the whole suite per fault, for docs/test-suite.md.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTests } from '../../../src-main/testing/index';
import { FAULT_PROOF } from '../../../src-main/testing/fault-proof';
import { startSimBench, type SimBench } from '../../../src-main/app/sim-bench';
import { SIM_FAULTS, type SimFaultName } from '../../../src-main/sim/fault-switches';

/** Quick cases across the areas: with any one fault on, those it does not touch must still pass. */
const CONTROLS = [
  'inform.connection-request-event', 'inform.device-id', 'inform.cwmp-id', 'rpc.get-rpc-methods', 'gpn.partial-path', 'gpn.next-level-true',
  'gpv.many', 'gpv.invalid-name', 'dm.parameters-in-model', 'spv.string', 'spv.read-only', 'spv.parameter-key', 'spv.atomic-read-only',
  'gpa.single', 'spa.active', 'obj.add-instance-exists', 'session.empty-post', 'session.cookies', 'cr.wrong-credentials', 'secure.expired',
];

let bench: SimBench;

beforeAll(async () => {
  bench = await startSimBench({ dataDir: mkdtempSync(join(tmpdir(), 'suite-faults-')) });
}, 90_000);

afterAll(async () => {
  await bench?.stop();
});

describe('each simulator fault is caught by its named cases while the other cases still pass', () => {
  it('the table names a catching case for every fault there is', () => {
    expect(Object.keys(FAULT_PROOF).sort()).toEqual(Object.keys(SIM_FAULTS).sort());
  });

  for (const fault of Object.keys(FAULT_PROOF) as SimFaultName[]) {
    it(fault, async () => {
      const proof = FAULT_PROOF[fault];
      const touched = new Set([...proof.catches, ...(proof.affects ?? [])]);
      const controls = CONTROLS.filter((id) => !touched.has(id));
      bench.simulator.faults.clear();
      bench.simulator.faults.add(fault);
      try {
        const report = await runTests({
          bench: bench.workbench,
          deviceId: bench.deviceId,
          suites: ['builtin'],
          hooks: bench.hooks,
          only: [...proof.catches, ...controls],
          destructive: proof.destructive ?? false,
          // The simulator reboots in a fraction of a second: the waits meant for real CPEs are cut down.
          waitScale: proof.destructive ? 0.1 : 0.5,
        });
        const verdict = new Map(report.cases.map((c) => [c.id, `${c.verdict}: ${c.reason}`]));
        for (const id of proof.catches) expect(verdict.get(id), id).toMatch(/^fail: /);
        for (const id of controls) expect(verdict.get(id), id).toBe('pass: ');
      } finally {
        bench.simulator.faults.clear();
      }
    }, 150_000);
  }
});
