import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCases } from '../../../src-main/testing/index';
import { FAULT_PROOF } from '../../../src-main/testing/fault-proof';
import { parseScenarioText } from '../../../src-main/testing/scenario-file';
import { SIM_FAULTS } from '../../../src-main/sim/fault-switches';

const DOCS = join(__dirname, '../../../docs');

describe('the suite documentation', () => {
  it('every complete example in docs/scenarios.md is a valid scenario file', () => {
    const text = readFileSync(join(DOCS, 'scenarios.md'), 'utf8');
    const blocks = [...text.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)].map((m) => m[2]).filter((b) => /^(cases:|\{ "cases")/.test(b.trim()));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const b of blocks) expect(parseScenarioText(b, 'docs/scenarios.md').length).toBeGreaterThan(0);
    expect(parseScenarioText(readFileSync(join(DOCS, 'examples/scenarios.yaml'), 'utf8'), 'examples/scenarios.yaml').length).toBeGreaterThanOrEqual(5);
  });

  it('docs/test-suite.md lists every built-in case and every simulator fault with its catching cases', async () => {
    const text = readFileSync(join(DOCS, 'test-suite.md'), 'utf8');
    const cases = await listCases({ suites: ['builtin'] });
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const c of cases) expect(text, c.id).toContain(`| \`${c.id}\``);
    for (const fault of Object.keys(SIM_FAULTS)) {
      const row = text.split('\n').find((l) => l.startsWith(`| \`${fault}\``));
      expect(row, fault).toBeDefined();
      for (const id of FAULT_PROOF[fault as keyof typeof FAULT_PROOF].catches) expect(row).toContain(`\`${id}\``);
    }
  });

  it('case ids are unique and every case names its section', async () => {
    const cases = await listCases({ suites: ['builtin'] });
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.section, c.id).not.toBe('');
  });
});
