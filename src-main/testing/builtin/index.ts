/** The built-in suite, in run order: read-only areas first, then changes, destructive cases last. */
import type { TestCase } from '../case';
import { attributeCases, objectCases } from './attributes-objects';
import { dataModelCases } from './datamodel';
import { informCases } from './inform';
import { gpnCases, gpvCases, rpcMethodCases } from './parameters';
import { connectionRequestCases, secureCases, sessionCases } from './session';
import { spvCases } from './set-values';
import { periodicCases, rebootCases, transferCases } from './transfers';

const all: TestCase[] = [
  ...informCases,
  ...rpcMethodCases,
  ...gpnCases,
  ...gpvCases,
  ...dataModelCases,
  ...spvCases,
  ...attributeCases,
  ...objectCases,
  ...sessionCases,
  ...connectionRequestCases,
  ...secureCases,
  ...transferCases,
  ...periodicCases,
  ...rebootCases,
];

// Destructive cases last, so a run that includes them does everything else on the device as it was.
export const builtinCases: readonly TestCase[] = [...all.filter((c) => !c.destructive), ...all.filter((c) => c.destructive)];
