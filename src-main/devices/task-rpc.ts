import { z } from 'zod';
import { InvalidRequestError } from '../../src-shared/errors/domain-error';
import type { RawRequest } from '../../src-shared/api/tasks';
import type { AcsRequest } from '../../src-shared/cwmp/types';

/**
 * Checks a task's `rpc` (the JSON shape `decode` prints) field by field and fills the optional fields
 * with what the spec says to send when there is nothing to say (empty strings, 0).
 */
const str = z.string().max(65_536);
const key = str.default('');
const uint = z.number().int().min(0).max(4_294_967_295);
const name = z.string().min(1).max(1024);
const notification = z.union([0, 1, 2, 3, 4, 5, 6].map((n) => z.literal(n)) as [z.ZodLiteral<0>, z.ZodLiteral<1>, ...z.ZodLiteral<number>[]]);

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

const schemas = {
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

export const TASK_RPC_NAMES = [...Object.keys(schemas), 'Raw'];

// Unknown fields are refused, so a misspelt optional field is not silently sent as its default.
const strictSchemas: ReadonlyMap<string, z.ZodObject> = new Map(Object.entries(schemas).map(([n, schema]) => [n, schema.strict()]));

/** Validates a task's request; throws `InvalidRequestError` saying which field is wrong. */
export function parseTaskRpc(input: { name: string; [field: string]: unknown }): AcsRequest | RawRequest {
  const { name: rpcName, ...fields } = input;
  if (rpcName === 'Raw') {
    const xml = fields.xml;
    if (typeof xml !== 'string' || xml.length === 0) throw new InvalidRequestError('A Raw task needs `xml`: the envelope to send as-is');
    if (xml.length > 16 * 1024 * 1024) throw new InvalidRequestError('Raw XML is larger than 16 MiB');
    return { name: 'Raw', xml };
  }
  const schema = strictSchemas.get(rpcName);
  if (!schema) throw new InvalidRequestError(`Unknown ACS request "${rpcName}"; expected one of ${TASK_RPC_NAMES.join(', ')}`);
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidRequestError(`${rpcName}: ${issue?.message ?? 'invalid fields'}${where}`);
  }
  return { name: rpcName, ...parsed.data } as AcsRequest;
}
