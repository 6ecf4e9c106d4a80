/**
 * The scenario file format (docs/scenarios.md), as a zod schema: what a YAML or JSON scenario file must
 * hold. Requests are checked only for their `name` here; the runner checks each request's fields against
 * the same rules as a task (`parseTaskRpc`) when it loads the file.
 */
import { z } from 'zod';

const text = z.string().max(4096);
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids are letters, digits, dots, dashes and underscores').max(128);
const codes = z.union([z.number().int(), z.array(z.number().int()).min(1)]);

const fieldMatcher = z
  .object({
    field: text,
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
    includes: z.array(text).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    matches: text.optional(),
  })
  .strict();
const paramMatcher = z
  .object({
    param: text,
    present: z.boolean().optional(),
    value: z.string().optional(),
    matches: text.optional(),
    type: text.optional(),
    writable: z.boolean().optional(),
    notification: z.number().int().min(0).max(6).optional(),
  })
  .strict();
const matcher = z.union([paramMatcher, fieldMatcher]);
const captureSpec = z.union([
  z.object({ field: text }).strict(),
  z.object({ param: text, part: z.enum(['value', 'type', 'writable', 'notification']).optional() }).strict(),
]);
const captures = z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/), captureSpec);
const rpc = z.object({ name: z.string().min(1).max(64) }).passthrough();
const credentials = z.object({ username: z.string(), password: z.string() }).strict();
const eventExpectation = z.union([text, z.object({ code: text, commandKey: z.string().optional() }).strict()]);

export const stepSchema = z.discriminatedUnion('step', [
  z
    .object({
      step: z.literal('inform'),
      events: z.array(eventExpectation).optional(),
      absent: z.array(text).optional(),
      strict: z.boolean().optional(),
      connectionRequest: z.boolean().optional(),
      timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
      params: z.array(paramMatcher).optional(),
      capture: captures.optional(),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      step: z.literal('send'),
      rpc,
      expect: z.array(matcher).optional(),
      fault: z.object({ code: codes.optional(), parameters: z.record(z.string(), codes).optional() }).strict().optional(),
      capture: captures.optional(),
      restore: z.boolean().optional(),
      note: text.optional(),
    })
    .strict(),
  z
    .object({
      step: z.literal('connection-request'),
      expect: z.enum(['reached', 'auth-failed', 'refused']).optional(),
      credentials: credentials.optional(),
      note: text.optional(),
    })
    .strict(),
  z.object({ step: z.literal('wait'), ms: z.number().int().min(0).max(3_600_000), note: text.optional() }).strict(),
  z.object({ step: z.literal('set'), var: z.string().regex(/^[A-Za-z_][\w.-]*$/), value: z.string() }).strict(),
  z.object({ step: z.literal('restore') }).strict(),
]);

export const scenarioCaseSchema = z
  .object({
    id,
    title: text.min(1),
    area: text.min(1).default('Custom'),
    section: text.default(''),
    requirement: z.enum(['mandatory', 'conditional', 'optional']).default('optional'),
    destructive: z.boolean().default(false),
    /** Device facts the case needs (e.g. `writableString`); the case is skipped, saying which, when one is missing. */
    needs: z.array(text).default([]),
    vars: z.record(z.string(), z.string()).default({}),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export const scenarioFileSchema = z.object({ cases: z.array(scenarioCaseSchema).min(1) }).strict();

export type ScenarioCaseInput = z.infer<typeof scenarioCaseSchema>;
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
