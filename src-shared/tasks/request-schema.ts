import { z } from 'zod';
import type { AcsRequest } from '../cwmp/types';
import { InvalidRequestError } from '../errors/domain-error';
import type { RawRequest } from './types';

/**
 * What `tasks/create` accepts as `rpc`: one schema per ACS request of `cwmp/rpc-specs.ts`, keyed by its
 * name (the JSON shape `decode` prints), plus `Raw`. Unknown fields are refused, so a misspelt optional
 * field is not silently sent as its default; optional fields get what the spec says to send when there is
 * nothing to say (empty strings, 0). The field names are the spec's (a unit test holds them together).
 */
const str = z.string().max(65_536);
const key = str.default('');
const uint = z.number().int().min(0).max(4_294_967_295);
const name = z.string().min(1).max(1024);
const notification = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]);

const pvs = z.object({ name, value: str, type: str.default('xsd:string') }).strict();
const timeWindow = z
  .object({
    windowStart: uint,
    windowEnd: uint,
    windowMode: str.default('1 At Any Time'),
    userMessage: str.default(''),
    maxRetries: z.number().int().min(-1).default(-1),
  })
  .strict();
const duOperation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Install'), url: str, uuid: str.optional(), username: str.optional(), password: str.optional(), executionEnvRef: str.optional() }).strict(),
  z.object({ type: z.literal('Update'), uuid: str.optional(), version: str.optional(), url: str.optional(), username: str.optional(), password: str.optional() }).strict(),
  z.object({ type: z.literal('Uninstall'), uuid: str, version: str.optional(), executionEnvRef: str.optional() }).strict(),
]);

const transferUrl = z.string().min(1).max(4096);
/** The fields Download and ScheduleDownload share. */
const download = {
  commandKey: key,
  fileType: str.default('1 Firmware Upgrade Image'),
  url: transferUrl,
  username: key,
  password: key,
  fileSize: uint.default(0),
  targetFileName: key,
};

/** The fields of each ACS request (without `name`). */
export const ACS_REQUEST_FIELDS = {
  GetRPCMethods: z.object({}),
  SetParameterValues: z.object({ parameterList: z.array(pvs).min(1).max(100_000), parameterKey: key }),
  GetParameterValues: z.object({ parameterNames: z.array(z.string().max(1024)).min(1).max(100_000) }),
  GetParameterNames: z.object({ parameterPath: z.string().max(1024).default(''), nextLevel: z.boolean().default(false) }),
  SetParameterAttributes: z.object({
    parameterList: z
      .array(
        z
          .object({
            name,
            notificationChange: z.boolean().default(false),
            notification: notification.default(0),
            accessListChange: z.boolean().default(false),
            accessList: z.array(str).default([]),
          })
          .strict(),
      )
      .min(1),
  }),
  GetParameterAttributes: z.object({ parameterNames: z.array(z.string().max(1024)).min(1).max(100_000) }),
  AddObject: z.object({ objectName: name, parameterKey: key }),
  DeleteObject: z.object({ objectName: name, parameterKey: key }),
  Reboot: z.object({ commandKey: key }),
  Download: z.object({ ...download, delaySeconds: uint.default(0), successURL: key, failureURL: key }),
  Upload: z.object({
    commandKey: key,
    fileType: str.default('1 Vendor Configuration File'),
    url: transferUrl,
    username: key,
    password: key,
    delaySeconds: uint.default(0),
  }),
  FactoryReset: z.object({}),
  GetQueuedTransfers: z.object({}),
  GetAllQueuedTransfers: z.object({}),
  ScheduleInform: z.object({ delaySeconds: uint.min(1), commandKey: key }),
  SetVouchers: z.object({ voucherList: z.array(z.string().max(1_000_000)).min(1) }),
  GetOptions: z.object({ optionName: str.default('') }),
  CancelTransfer: z.object({ commandKey: key }),
  ScheduleDownload: z.object({ ...download, timeWindowList: z.array(timeWindow).min(1).max(2) }),
  ChangeDUState: z.object({ operations: z.array(duOperation).min(1), commandKey: key }),
} satisfies Record<AcsRequest['name'], z.ZodObject>;

type AcsRequestName = keyof typeof ACS_REQUEST_FIELDS;
type Fields = typeof ACS_REQUEST_FIELDS;

const RAW_MAX = 16 * 1024 * 1024;
/** Hand-written XML sent as-is (negative testing). Other fields are ignored, as they always were. */
export const rawRequestSchema = z.object({
  name: z.literal('Raw'),
  xml: z.string({ error: 'A Raw task needs `xml`: the envelope to send as-is' }).min(1, 'A Raw task needs `xml`: the envelope to send as-is').max(RAW_MAX, 'Raw XML is larger than 16 MiB'),
});

export const ACS_REQUEST_NAMES = Object.keys(ACS_REQUEST_FIELDS) as AcsRequestName[];
export const TASK_RPC_NAMES: string[] = [...ACS_REQUEST_NAMES, 'Raw'];

const unknownRequest = (got: unknown): string =>
  `Unknown ACS request ${JSON.stringify(typeof got === 'string' ? got : String(got))}; expected one of ${TASK_RPC_NAMES.join(', ')}`;

/** A task's request as a caller writes it: fields with a default may be left out. */
export type TaskRequest = { [N in AcsRequestName]: { name: N } & FieldsOf<z.input<Fields[N]>> }[AcsRequestName] | z.input<typeof rawRequestSchema>;
/** The same request checked, with every default filled. */
type CheckedTaskRequest = { [N in AcsRequestName]: { name: N } & FieldsOf<z.output<Fields[N]>> }[AcsRequestName] | z.output<typeof rawRequestSchema>;
/** zod types a request without fields (`Reboot` has some, `FactoryReset` none) as a record of `never`. */
type FieldsOf<T> = string extends keyof T ? object : T;

const requestSchemas = new Map<string, z.ZodObject>([
  ...ACS_REQUEST_NAMES.map((n) => [n, ACS_REQUEST_FIELDS[n].extend({ name: z.literal(n) }).strict()] as const),
  ['Raw', rawRequestSchema],
]);

/**
 * `rpc` of `tasks/create`: a union keyed by `name`, so a wrong request is refused where it enters, with
 * the field at fault (`rpc.objectName`) or, for an unknown name, the names there are.
 */
export const taskRequestSchema = z.discriminatedUnion('name', [...requestSchemas.values()] as [z.ZodObject, ...z.ZodObject[]], {
  error: (issue) => (issue.code === 'invalid_union' && (issue as { note?: string }).note === 'No matching discriminator' ? unknownRequest((issue.input as { name?: unknown } | undefined)?.name) : undefined),
  // Handlers see the request as written (the task manager fills the defaults with `parseTaskRpc`, for
  // callers that reach it without this schema too), so the type on both sides is `TaskRequest`.
}) as unknown as z.ZodType<TaskRequest, TaskRequest>;

/** A task's request as sent: every field present. */
export type ValidTaskRequest = AcsRequest | RawRequest;

// The schemas' output is the codec's own request type: what passes here can be encoded.
type Assert<T extends true> = T;
export type _OutputIsAcsRequest = Assert<CheckedTaskRequest extends ValidTaskRequest ? true : false>;

/**
 * Checks a task's request field by field and fills the defaults; throws `InvalidRequestError` naming the
 * request and the field (`AddObject: … at objectName`).
 */
export function parseTaskRpc(input: { name: string; [field: string]: unknown }): ValidTaskRequest {
  const schema = requestSchemas.get(input.name);
  if (!schema) throw new InvalidRequestError(unknownRequest(input.name));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (input.name === 'Raw') throw new InvalidRequestError(issue?.message ?? 'invalid Raw task');
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidRequestError(`${input.name}: ${issue?.message ?? 'invalid fields'}${where}`);
  }
  return parsed.data as unknown as ValidTaskRequest;
}
