import { describe, expect, it } from 'vitest';
import { parseScenarioText, ScenarioFileError } from '../../../src-main/testing/scenario-file';

const GOOD = `cases:
  - id: custom.gpv
    title: SoftwareVersion is readable
    area: Custom
    section: A.3.2.2
    steps:
      - step: send
        rpc: { name: GetParameterValues, parameterNames: ['\${root}.DeviceInfo.SoftwareVersion'] }
        expect:
          - { param: '\${root}.DeviceInfo.SoftwareVersion', matches: '.+' }
`;

function errorOf(text: string): ScenarioFileError {
  try {
    parseScenarioText(text, 'my.yaml');
  } catch (err) {
    if (err instanceof ScenarioFileError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('scenario files', () => {
  it('reads a YAML case and fills the defaults of its request', () => {
    const [c] = parseScenarioText(GOOD, 'my.yaml');
    expect(c).toMatchObject({ id: 'custom.gpv', area: 'Custom', requirement: 'optional', destructive: false, suite: 'my.yaml' });
    expect(c.steps({} as never)[0]).toMatchObject({ step: 'send', rpc: { name: 'GetParameterValues' } });
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({ cases: [{ id: 'j.1', title: 'RPC methods', steps: [{ step: 'send', rpc: { name: 'GetRPCMethods' } }] }] });
    expect(parseScenarioText(json, 'my.json')[0].id).toBe('j.1');
  });

  it('names file, line and field of a schema mistake', () => {
    const e = errorOf(GOOD.replace('step: send', 'step: sned'));
    expect(e.file).toBe('my.yaml');
    expect(e.line).toBe(7);
    expect(e.field).toBe('cases[0].steps[0].step');
  });

  it('names the line of a request field the ACS would refuse', () => {
    const e = errorOf(GOOD.replace('parameterNames:', 'parameterName:'));
    expect(e.line).toBe(8);
    expect(e.field).toBe('cases[0].steps[0].rpc');
    expect(e.detail).toMatch(/parameterName/);
  });

  it('reports YAML syntax errors with their line', () => {
    const e = errorOf('cases:\n  - id: a\n    title: [unclosed\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses duplicate case ids and unknown keys', () => {
    const dup = `cases:\n  - { id: a, title: A, steps: [{ step: wait, ms: 1 }] }\n  - { id: a, title: B, steps: [{ step: wait, ms: 1 }] }\n`;
    expect(errorOf(dup)).toMatchObject({ line: 3, detail: 'duplicate case id a' });
    const extra = `cases:\n  - id: a\n    title: A\n    colour: blue\n    steps: [{ step: wait, ms: 1 }]\n`;
    expect(errorOf(extra).detail).toMatch(/colour/);
  });
});
