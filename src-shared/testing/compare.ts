import type { CaseResult, Verdict } from './report';

/** One case across two runs (A, typically the older firmware, and B). */
export interface VerdictChange {
  id: string;
  title: string;
  area: string;
  /** Absent when the case was not in that run. */
  a?: Verdict;
  b?: Verdict;
  aReason?: string;
  bReason?: string;
  changed: boolean;
  /** B passes where A did not (fixed), or A passed and B does not (regressed). */
  direction?: 'fixed' | 'regressed';
}

/** Every case of either run, A's order first then cases only B has; `changed` when the verdicts differ. */
export function compareRuns(a: readonly CaseResult[], b: readonly CaseResult[]): VerdictChange[] {
  const inB = new Map(b.map((c) => [c.id, c]));
  const inA = new Set(a.map((c) => c.id));
  const rows: VerdictChange[] = [];
  const push = (x: CaseResult | undefined, y: CaseResult | undefined): void => {
    const info = (x ?? y) as CaseResult;
    const changed = x?.verdict !== y?.verdict;
    let direction: VerdictChange['direction'];
    if (changed && y?.verdict === 'pass' && x) direction = 'fixed';
    else if (changed && x?.verdict === 'pass' && y) direction = 'regressed';
    rows.push({ id: info.id, title: info.title, area: info.area, a: x?.verdict, b: y?.verdict, aReason: x?.reason, bReason: y?.reason, changed, direction });
  };
  for (const x of a) push(x, inB.get(x.id));
  for (const y of b) if (!inA.has(y.id)) push(undefined, y);
  return rows;
}
