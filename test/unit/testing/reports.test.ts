import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../../src-main/testing/reports/html-report';
import { jsonReport } from '../../../src-main/testing/reports/json-report';
import { junitReport } from '../../../src-main/testing/reports/junit-report';
import { HOSTILE, sampleExchange, sampleReport } from './report-fixture';

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('JSON report', () => {
  it('has exactly the published fields, and no others', () => {
    const parsed = JSON.parse(jsonReport(sampleReport()));
    expect(Object.keys(parsed)).toEqual(['device', 'firmware', 'startedAt', 'durationMs', 'cases', 'summary']);
    for (const c of parsed.cases) expect(Object.keys(c)).toEqual(['id', 'title', 'area', 'section', 'verdict', 'reason', 'durationMs', 'exchanges']);
    expect(parsed.summary).toEqual({ pass: 2, fail: 1, skip: 1, error: 1 });
    expect(parsed.cases[1]).toMatchObject({ id: 'gpv.invalid-name', verdict: 'fail', reason: HOSTILE, exchanges: [2] });
  });
});

describe('JUnit report', () => {
  const xml = junitReport({ report: sampleReport(), exchange: sampleExchange });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', processEntities: true, htmlEntities: true });
  const doc = parser.parse(xml);

  it('is well-formed XML even with hostile device text', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testsuite per area with the right counts', () => {
    const suites = asArray(doc.testsuites.testsuite);
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['GetParameterValues', 'SetParameterValues', 'Inform']);
    const [gpv, spv, inform] = suites;
    expect([gpv.tests, gpv.failures, gpv.errors, gpv.skipped]).toEqual(['2', '1', '0', '0']);
    expect([spv.tests, spv.failures, spv.errors, spv.skipped]).toEqual(['2', '0', '1', '1']);
    expect([inform.tests, inform.failures]).toEqual(['1', '0']);
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.errors, doc.testsuites.skipped]).toEqual(['5', '1', '1', '1']);
  });

  it('names test cases by area and id, with time in seconds', () => {
    const tc = asArray(asArray(doc.testsuites.testsuite)[0].testcase)[0];
    expect(tc).toMatchObject({ classname: 'GetParameterValues', name: 'gpv.single: Title of gpv.single', time: '1.234' });
  });

  it('carries the failure with expected and actual, skipped and error messages, and the exchange log', () => {
    const [gpv, spv] = asArray(doc.testsuites.testsuite);
    const failed = asArray(gpv.testcase)[1];
    expect(failed.failure.message).toBe(HOSTILE.replace(/\u0001/g, ''));
    expect(failed.failure['#text']).toContain('expected: fault 9005');
    expect(failed.failure['#text']).toContain('actual: fault 9002 <script>');
    expect(failed['system-out']).toContain('<script>alert("x")</script>');
    expect(failed['system-out']).toContain('#2');
    expect(asArray(spv.testcase)[0].skipped.message).toBe('needs a read-only parameter');
    expect(asArray(spv.testcase)[1].error.message).toBe('the device vanished');
    expect(asArray(spv.testcase)[1]['system-out']).toBeUndefined();
  });

  it('says when an exchange is no longer recorded', () => {
    const inform = asArray(asArray(doc.testsuites.testsuite)[2].testcase)[0];
    expect(inform['system-out']).toContain('#99: no longer recorded');
  });
});

describe('HTML report', () => {
  const html = htmlReport({ report: sampleReport(), exchange: sampleExchange });

  it('is self-contained: no script, no external reference', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes device text', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('1.0 &lt;beta&gt;');
  });

  it('has a verdict row per case and pretty-printed exchanges', () => {
    expect(html.match(/<tr><td><span class="v v-/g)).toHaveLength(5);
    expect(html).toContain('id="case-gpv.invalid-name" open');
    // Pretty-printed: the envelope's children on their own indented lines.
    expect(html).toMatch(/&lt;soap:Envelope&gt;\n {2}&lt;soap:Body&gt;/);
  });
});
