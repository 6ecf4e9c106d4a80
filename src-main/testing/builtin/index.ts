/** The built-in suite, in run order: read-only areas first, changes next, destructive ones last. */
import type { TestCase } from '../case';
import { informCases } from './inform';
import { gpnCases, gpvCases, rpcMethodCases } from './parameters';

export const builtinCases: readonly TestCase[] = [...informCases, ...rpcMethodCases, ...gpnCases, ...gpvCases];
