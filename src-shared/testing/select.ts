import type { CaseInfo } from './report';

export interface CaseSelection {
  /** Only these cases. */
  only?: readonly string[];
  /** Leave these out. */
  skip?: readonly string[];
  /** Let destructive cases run; without it the runner lists them as skipped. */
  destructive?: boolean;
}

/** An id in `only` or `skip` that no case has: the CLI exits 2, the API answers bad-request. */
export class UnknownCaseError extends Error {
  constructor(readonly ids: string[]) {
    super(`unknown test case id${ids.length > 1 ? 's' : ''}: ${ids.join(', ')}`);
    this.name = 'UnknownCaseError';
  }
}

/**
 * The cases a run lists, in suite order: `only` narrows, `skip` removes. Destructive cases (Reboot,
 * FactoryReset, firmware Download) stay in the list: without `destructive` the runner ends them as skipped,
 * so the report still shows what was not run and why.
 */
export function selectCases<T extends CaseInfo>(all: readonly T[], sel: CaseSelection): T[] {
  const known = new Set(all.map((c) => c.id));
  const unknown = [...(sel.only ?? []), ...(sel.skip ?? [])].filter((id) => !known.has(id));
  if (unknown.length) throw new UnknownCaseError([...new Set(unknown)]);
  const skip = new Set(sel.skip ?? []);
  const only = sel.only?.length ? new Set(sel.only) : undefined;
  return all.filter((c) => !skip.has(c.id) && (!only || only.has(c.id)));
}
