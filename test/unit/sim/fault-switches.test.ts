import { describe, expect, it } from 'vitest';
import { parseSimFaults, SIM_FAULTS } from '../../../src-main/sim/fault-switches';
import { parseServeArgs } from '../../../src-main/cli/serve';
import { UsageError } from '../../../src-main/cli/args';

describe('simulator fault switches', () => {
  it('parses names from repeated flags and comma lists, refusing an unknown one by name', () => {
    expect(parseSimFaults(['no-cookies', 'spv-not-atomic,no-9005'])).toEqual(['no-cookies', 'spv-not-atomic', 'no-9005']);
    expect(() => parseSimFaults(['no-cookie'])).toThrow(/unknown simulator fault "no-cookie"/);
    expect(Object.keys(SIM_FAULTS).length).toBeGreaterThanOrEqual(8);
  });

  it('serve takes --sim-fault (repeatable) and CWMP_SIM_FAULTS; a bad name is a usage error', () => {
    const args = parseServeArgs(['--sim', '1', '--sim-fault', 'no-cookies', '--sim-fault', 'no-m-reboot'], { CWMP_SIM_FAULTS: 'no-9005' });
    expect(args !== 'help' && args.options.simFaults).toEqual(['no-9005', 'no-cookies', 'no-m-reboot']);
    expect(() => parseServeArgs(['--sim-fault', 'bogus'], {})).toThrow(UsageError);
    const plain = parseServeArgs(['--sim', '1'], {});
    expect(plain !== 'help' && plain.options.simFaults).toBeUndefined();
  });
});
