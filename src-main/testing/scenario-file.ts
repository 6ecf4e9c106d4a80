/**
 * Loads a scenario file (YAML, or JSON — a subset YAML reads the same way) into test cases. A mistake is
 * reported as a ScenarioFileError naming the file, the line and the field; requests are checked with the
 * same rules as tasks, so a misspelt field is refused here rather than sent.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { scenarioFileSchema, type ScenarioCaseInput } from '../../src-shared/scenario/schema';
import type { Step } from '../../src-shared/scenario/types';
import type { AcsRequest } from '../../src-shared/cwmp/types';
import { parseTaskRpc } from '../../src-shared/tasks/request-schema';
import type { TestCase } from './case';

export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'ScenarioFileError';
  }
}

/** The line of the node at `path` (or of its nearest ancestor that exists). */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node: unknown = doc.contents;
  let best: Node | undefined = node as Node | undefined;
  for (const key of path) {
    if (isMap(node)) node = node.get(key as string, true);
    else if (isSeq(node)) node = node.get(key as number, true);
    else break;
    if (!node) break;
    best = node as Node;
  }
  const offset = best?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Reads and checks a scenario file. */
export async function loadScenarioFile(file: string): Promise<TestCase[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFileError(file, undefined, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseScenarioText(text, file);
}

/** Checks scenario text (YAML or JSON); `file` names it in errors. */
export function parseScenarioText(text: string, file: string): TestCase[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? (e.pos ? counter.linePos(e.pos[0]).line : undefined);
    throw new ScenarioFileError(file, line, '', e.message.split('\n')[0]);
  }
  const parsed = scenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScenarioFileError(file, lineOf(doc, counter, issue.path), fieldName(issue.path), issue.message);
  }
  const seen = new Set<string>();
  return parsed.data.cases.map((c, i) => {
    if (seen.has(c.id)) throw new ScenarioFileError(file, lineOf(doc, counter, ['cases', i, 'id']), `cases[${i}].id`, `duplicate case id ${c.id}`);
    seen.add(c.id);
    const steps = c.steps.map((s, j) => checkStep(s as Step, (detail, field) => new ScenarioFileError(file, lineOf(doc, counter, ['cases', i, 'steps', j, ...field]), fieldName(['cases', i, 'steps', j, ...field]), detail)));
    return toCase(c, steps, file);
  });
}

/** Requests are checked (and their optional fields filled) like tasks; placeholders are left for run time. */
function checkStep(step: Step, error: (detail: string, field: PropertyKey[]) => ScenarioFileError): Step {
  if (step.step !== 'send') return step;
  try {
    const rpc = parseTaskRpc(step.rpc as unknown as { name: string });
    if (rpc.name === 'Raw') throw new Error('Raw requests are not allowed in scenario files');
    return { ...step, rpc: rpc as AcsRequest };
  } catch (err) {
    throw error(err instanceof Error ? err.message : String(err), ['rpc']);
  }
}

function toCase(c: ScenarioCaseInput, steps: Step[], file: string): TestCase {
  return {
    id: c.id,
    title: c.title,
    area: c.area,
    section: c.section,
    requirement: c.requirement,
    destructive: c.destructive,
    needs: c.needs,
    steps: () => steps.map((s) => ({ ...s })),
    suite: file,
    ...(Object.keys(c.vars).length ? { vars: c.vars } : {}),
  } as TestCase;
}
