import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the verb cannot run with; its message is fit for the user (printed before the usage). */
export class UsageError extends Error {}

/** Node's `parseArgs`, strict, with its complaints (unknown flag, missing value) as `UsageError`. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** A whole number flag from 0 to `max` (`what` names it in the complaint); `fallback` when absent. */
export function intFlag(name: string, text: string | undefined, fallback: number, max: number, what = 'an integer'): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be ${what} from 0 to ${max} (got '${text}')`);
  return Number(text);
}
