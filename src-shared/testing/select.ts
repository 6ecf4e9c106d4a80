import type { CaseInfo } from './report';

export interface CaseSelection {
  /** Exactly these cases (destructive ones too: naming one selects it). */
  only?: readonly string[];
  /** Leave these out. */
  skip?: readonly string[];
  /** Add every destructive case (when `only` is not given). */
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
 * The cases a run executes, in suite order. Destructive cases (Reboot, FactoryReset, firmware Download)
 * run only when asked for — by `destructive` or by name in `only` — so a plain run never disturbs a device.
 */
export function selectCases<T extends CaseInfo>(all: readonly T[], sel: CaseSelection): T[] {
  const known = new Set(all.map((c) => c.id));
  const unknown = [...(sel.only ?? []), ...(sel.skip ?? [])].filter((id) => !known.has(id));
  if (unknown.length) throw new UnknownCaseError([...new Set(unknown)]);
  const skip = new Set(sel.skip ?? []);
  const only = sel.only?.length ? new Set(sel.only) : undefined;
  return all.filter((c) => !skip.has(c.id) && (only ? only.has(c.id) : !c.destructive || sel.destructive === true));
}
