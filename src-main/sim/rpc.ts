/**
 * How a simulated CPE answers each ACS request: pure functions over its parameter tree and queues.
 * Effects that happen after the session (reboot, transfers, scheduled Informs, DU changes) come back as
 * `after` actions for the device to carry out once the session has ended.
 */
import type {
  AcsRequest,
  CpeResponse,
  DeploymentUnitOperation,
  Download,
  Fault,
  NotificationValue,
  ParameterAttributeStruct,
  ParameterInfoStruct,
  ParameterValueStruct,
  SetParameterAttributesStruct,
  SetParameterValuesFaultStruct,
  TimeWindowStruct,
  UnknownRpc,
} from '../../src-shared/cwmp/types';
import { ACS_REQUEST_NAMES } from '../../src-shared/cwmp/rpc-names';
import { cpeFault } from './faults';
import type { SimFaults } from './fault-switches';
import type { ParamTree, TreeNode } from './param-tree';
import { invalidReason, parseXsiType, xsiType } from './values';

/** Methods the simulated CPE implements: every ACS request of the schema. */
export const CPE_RPC_METHODS = ACS_REQUEST_NAMES;

/** A Download, Upload or ScheduleDownload the device has accepted and not yet reported. */
export interface Transfer
  extends Pick<Download, 'commandKey' | 'fileType' | 'url' | 'username' | 'password' | 'fileSize' | 'targetFileName' | 'delaySeconds'> {
  method: 'Download' | 'Upload' | 'ScheduleDownload';
  /** 1 not yet started, 2 in progress, 3 completed (TransferComplete pending). */
  state: 1 | 2 | 3;
  timeWindows?: TimeWindowStruct[];
}

export interface DeploymentUnit {
  uuid: string;
  version: string;
  url: string;
  ref: string;
}

export interface RpcContext {
  tree: ParamTree;
  transfers: Transfer[];
  deploymentUnits: DeploymentUnit[];
  vouchers: string[];
  /** CWMP 1.0 allows notification values 0–2 only. */
  cwmpVersion: '1.0' | '1.2' | '1.4';
  /** Deliberate faults (fault-switches.ts); absent: none. */
  faults?: SimFaults;
}

export type AfterSession =
  | { kind: 'reboot'; commandKey: string }
  | { kind: 'factoryReset' }
  | { kind: 'transfer'; transfer: Transfer }
  | { kind: 'scheduleInform'; delaySeconds: number; commandKey: string }
  | { kind: 'changeDuState'; commandKey: string; operations: DeploymentUnitOperation[] };

export interface RpcOutcome {
  response: CpeResponse | Fault;
  after?: AfterSession;
  /** Parameters whose value this request changed. */
  changed?: string[];
}

const parameterKeyOf = (tree: ParamTree): string => `${tree.root}ManagementServer.ParameterKey`;
const UNKNOWN_TIME = '0001-01-01T00:00:00Z';
const DOWNLOAD_TYPES = /^([1-6] .+|X [0-9A-F]{6} .+)$/;
const UPLOAD_TYPES = /^([12] .+|[34] .+ \d+|X [0-9A-F]{6} .+)$/;

/**
 * The node a request names: the whole tree for `''`, else an object when the path ends in `.` and a
 * parameter when it does not; undefined (fault 9005) for anything else.
 */
function resolve(tree: ParamTree, path: string): TreeNode | undefined {
  if (path === '') return tree.node(tree.root);
  const node = tree.node(path);
  return node && path.endsWith('.') === node.object ? node : undefined;
}

function valueStruct(tree: ParamTree, n: TreeNode): ParameterValueStruct {
  const p = n.param;
  return { name: n.path, value: p?.hidden ? '' : tree.get(n.path), type: xsiType(p?.type ?? 'string') };
}

function getParameterValues(tree: ParamTree, names: string[], faults?: SimFaults): CpeResponse | Fault {
  const out: ParameterValueStruct[] = [];
  for (const name of names) {
    const node = resolve(tree, name);
    if (!node && faults?.has('no-9005')) continue;
    if (!node) return cpeFault(9005, name);
    for (const p of tree.params(node.path)) out.push(valueStruct(tree, p));
  }
  return { name: 'GetParameterValuesResponse', parameterList: out };
}

function getParameterNames(tree: ParamTree, path: string, nextLevel: boolean): CpeResponse | Fault {
  const info = (n: TreeNode): ParameterInfoStruct => ({ name: n.path, writable: n.writable });
  if (path === '') {
    const root = tree.node(tree.root);
    if (!root) return cpeFault(9002, 'empty tree');
    return { name: 'GetParameterNamesResponse', parameterList: nextLevel ? [info(root)] : [...tree.walk(tree.root)].map(info) };
  }
  const node = resolve(tree, path);
  if (!node) return cpeFault(9005, path);
  if (!node.object) {
    if (nextLevel) return cpeFault(9003, 'NextLevel must be false for a parameter name');
    return { name: 'GetParameterNamesResponse', parameterList: [info(node)] };
  }
  const list = nextLevel
    ? tree.children(path).flatMap((c) => {
        const n = tree.node(c);
        return n ? [info(n)] : [];
      })
    : [...tree.walk(path)].map(info);
  return { name: 'GetParameterNamesResponse', parameterList: list };
}

/** A value must be one of the items of the sibling parameter the data model names (when it has any). */
function enumRefReason(tree: ParamTree, name: string, ref: string | undefined, value: string): string | null {
  if (!ref) return null;
  const allowed = tree.get(name.slice(0, name.lastIndexOf('.') + 1) + ref);
  if (allowed === '') return null;
  const items = allowed.split(',').map((s) => s.trim());
  return value.split(',').every((v) => items.includes(v.trim())) ? null : `not one of ${ref} (${allowed})`;
}

function setParameterValues(ctx: RpcContext, list: ParameterValueStruct[], parameterKey: string): RpcOutcome {
  const faults: SetParameterValuesFaultStruct[] = [];
  const seen = new Set<string>();
  const fail = (name: string, code: number, why: string): void => {
    faults.push({ parameterName: name, faultCode: code, faultString: cpeFault(code, why).faultString });
  };
  for (const { name, value, type } of list) {
    const node = ctx.tree.node(name);
    if (seen.has(name)) return { response: cpeFault(9003, `${name} appears twice`) };
    seen.add(name);
    if (!node || node.object || !node.param) fail(name, 9005, `${name} is not a parameter`);
    else if (!node.writable) fail(name, 9008, `${name} is read-only`);
    else {
      const sent = type ? parseXsiType(type) : null;
      if (type && sent === null) fail(name, 9006, `unknown type ${type}`);
      else if (sent !== null && sent !== 'string' && sent !== node.param.type && !ctx.faults?.has('accepts-wrong-type')) {
        fail(name, 9006, `${name} is ${xsiType(node.param.type)}, not ${type}`);
      } else {
        const why = invalidReason(node.param, value) ?? enumRefReason(ctx.tree, name, node.param.enumRef, value);
        if (why) fail(name, 9007, `${name}: ${why}`);
      }
    }
  }
  if (faults.length > 0) {
    if (ctx.faults?.has('spv-not-atomic')) {
      const refused = new Set(faults.map((f) => f.parameterName));
      for (const { name, value } of list) if (!refused.has(name)) ctx.tree.set(name, value);
    }
    return { response: cpeFault(9003, undefined, faults) };
  }
  // All or nothing: values change only when every one of them is acceptable.
  for (const { name, value } of list) ctx.tree.set(name, value);
  setParameterKey(ctx, parameterKey);
  return { response: { name: 'SetParameterValuesResponse', status: 0 }, changed: list.map((p) => p.name) };
}

function setParameterKey(ctx: RpcContext, key: string): void {
  if (!ctx.faults?.has('parameter-key-ignored')) ctx.tree.set(parameterKeyOf(ctx.tree), key);
}

function getParameterAttributes(tree: ParamTree, names: string[]): CpeResponse | Fault {
  const out: ParameterAttributeStruct[] = [];
  for (const name of names) {
    const node = resolve(tree, name);
    if (!node) return cpeFault(9005, name);
    for (const p of tree.params(node.path)) {
      const a = tree.attributes(p.path);
      out.push({ name: p.path, notification: a.notification, accessList: a.accessList });
    }
  }
  return { name: 'GetParameterAttributesResponse', parameterList: out };
}

function setParameterAttributes(ctx: RpcContext, list: SetParameterAttributesStruct[]): CpeResponse | Fault {
  const maxNotification = ctx.cwmpVersion === '1.0' ? 2 : 6;
  const plan: [string, NotificationValue | null, string[] | null][] = [];
  for (const s of list) {
    const node = resolve(ctx.tree, s.name);
    if (!node) return cpeFault(9005, s.name);
    if (s.notificationChange && (s.notification < 0 || s.notification > maxNotification)) {
      return cpeFault(9003, `notification ${s.notification} is not allowed`);
    }
    for (const p of ctx.tree.params(node.path)) {
      const notify = p.param?.activeNotify;
      if (s.notificationChange) {
        if (notify === 'canDeny' && s.notification === 2) return cpeFault(9009, `${p.path} refuses active notification`);
        if (notify === 'forceEnabled' && s.notification !== 2) return cpeFault(9009, `${p.path} has forced active notification`);
      }
      plan.push([p.path, s.notificationChange ? s.notification : null, s.accessListChange ? s.accessList : null]);
    }
  }
  for (const [path, notification, accessList] of plan) {
    const a = ctx.tree.attributes(path);
    ctx.tree.setAttributes(path, { notification: notification ?? a.notification, accessList: accessList ?? a.accessList });
  }
  return { name: 'SetParameterAttributesResponse' };
}

function checkTransferUrl(url: string): Fault | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return cpeFault(9003, `bad URL ${JSON.stringify(url)}`);
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : cpeFault(9013, parsed.protocol);
}

function transferRpc(ctx: RpcContext, t: Transfer, types: RegExp): RpcOutcome {
  if (!types.test(t.fileType)) return { response: cpeFault(9003, `unsupported FileType ${JSON.stringify(t.fileType)}`) };
  const bad = checkTransferUrl(t.url);
  if (bad) return { response: bad };
  if (ctx.transfers.length >= 16) return { response: cpeFault(9004, 'transfer queue full') };
  ctx.transfers.push(t);
  return { response: { name: 'ScheduleDownloadResponse' }, after: { kind: 'transfer', transfer: t } };
}

/** Answers one ACS request. Never throws for bad input: it returns the fault a CPE would. */
export function answer(ctx: RpcContext, rpc: AcsRequest | UnknownRpc): RpcOutcome {
  const { tree } = ctx;
  switch (rpc.name) {
    case 'GetRPCMethods':
      return { response: { name: 'GetRPCMethodsResponse', methodList: [...CPE_RPC_METHODS] } };
    case 'GetParameterValues':
      return { response: getParameterValues(tree, rpc.parameterNames, ctx.faults) };
    case 'GetParameterNames':
      return { response: getParameterNames(tree, rpc.parameterPath, rpc.nextLevel && !ctx.faults?.has('next-level-ignored')) };
    case 'SetParameterValues':
      return setParameterValues(ctx, rpc.parameterList, rpc.parameterKey);
    case 'GetParameterAttributes':
      return { response: getParameterAttributes(tree, rpc.parameterNames) };
    case 'SetParameterAttributes':
      return { response: setParameterAttributes(ctx, rpc.parameterList) };
    case 'AddObject': {
      if (!rpc.objectName.endsWith('.')) return { response: cpeFault(9005, `${rpc.objectName} is not an object path`) };
      const r = tree.addInstance(rpc.objectName);
      if (typeof r !== 'number') return { response: cpeFault(r.code, r.message) };
      setParameterKey(ctx, rpc.parameterKey);
      const reported = ctx.faults?.has('wrong-instance-numbers') ? r + 1 : r;
      return { response: { name: 'AddObjectResponse', instanceNumber: reported, status: 0 }, changed: [`${rpc.objectName}${r}.`] };
    }
    case 'DeleteObject': {
      const r = tree.deleteInstance(rpc.objectName);
      if (r) return { response: cpeFault(r.code, r.message) };
      setParameterKey(ctx, rpc.parameterKey);
      return { response: { name: 'DeleteObjectResponse', status: 0 }, changed: [rpc.objectName] };
    }
    case 'Reboot':
      return { response: { name: 'RebootResponse' }, after: { kind: 'reboot', commandKey: rpc.commandKey } };
    case 'FactoryReset':
      return { response: { name: 'FactoryResetResponse' }, after: { kind: 'factoryReset' } };
    case 'Download': {
      const out = transferRpc(ctx, { ...rpc, method: 'Download', state: 1 }, DOWNLOAD_TYPES);
      if (out.response.name === 'Fault') return out;
      return { ...out, response: { name: 'DownloadResponse', status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME } };
    }
    case 'Upload': {
      const t: Transfer = { ...rpc, method: 'Upload', fileSize: 0, targetFileName: '', state: 1 };
      const out = transferRpc(ctx, t, UPLOAD_TYPES);
      if (out.response.name === 'Fault') return out;
      return { ...out, response: { name: 'UploadResponse', status: 1, startTime: UNKNOWN_TIME, completeTime: UNKNOWN_TIME } };
    }
    case 'ScheduleDownload': {
      const w = rpc.timeWindowList;
      if (w.length < 1 || w.length > 2 || w.some((x) => x.windowEnd <= x.windowStart) || (w[1] && w[1].windowStart < w[0].windowEnd)) {
        return { response: cpeFault(9003, 'TimeWindowList must hold one or two ordered, non-overlapping windows') };
      }
      const t: Transfer = { ...rpc, method: 'ScheduleDownload', delaySeconds: w[0].windowStart, state: 1, timeWindows: w };
      return transferRpc(ctx, t, DOWNLOAD_TYPES);
    }
    case 'GetQueuedTransfers':
      return {
        response: {
          name: 'GetQueuedTransfersResponse',
          transferList: ctx.transfers.filter((t) => t.method !== 'Upload').map((t) => ({ commandKey: t.commandKey, state: t.state })),
        },
      };
    case 'GetAllQueuedTransfers':
      return {
        response: {
          name: 'GetAllQueuedTransfersResponse',
          transferList: ctx.transfers.map((t) => ({
            commandKey: t.commandKey,
            state: t.state,
            isDownload: t.method !== 'Upload',
            fileType: t.fileType,
            fileSize: t.fileSize,
            targetFileName: t.targetFileName,
          })),
        },
      };
    case 'CancelTransfer': {
      const i = ctx.transfers.findIndex((t) => t.commandKey === rpc.commandKey && t.state === 1);
      if (i < 0) return { response: cpeFault(9021, `no transfer waiting to start with CommandKey ${JSON.stringify(rpc.commandKey)}`) };
      ctx.transfers.splice(i, 1);
      return { response: { name: 'CancelTransferResponse' } };
    }
    case 'ScheduleInform':
      if (rpc.delaySeconds < 1) return { response: cpeFault(9003, 'DelaySeconds must be at least 1') };
      return {
        response: { name: 'ScheduleInformResponse' },
        after: { kind: 'scheduleInform', delaySeconds: rpc.delaySeconds, commandKey: rpc.commandKey },
      };
    case 'SetVouchers':
      if (rpc.voucherList.some((v) => !/^[A-Za-z0-9+/\s]*={0,2}$/.test(v))) return { response: cpeFault(9003, 'voucher is not base64') };
      ctx.vouchers.push(...rpc.voucherList);
      return { response: { name: 'SetVouchersResponse' } };
    case 'GetOptions':
      // Vouchers are kept but not verified, so no option is ever enabled.
      return { response: { name: 'GetOptionsResponse', optionList: [] } };
    case 'ChangeDUState':
      if (rpc.operations.length === 0) return { response: cpeFault(9003, 'no operations') };
      return {
        response: { name: 'ChangeDUStateResponse' },
        after: { kind: 'changeDuState', commandKey: rpc.commandKey, operations: rpc.operations },
      };
    case 'Unknown':
      return { response: cpeFault(9000, rpc.method) };
    default: {
      const never: never = rpc;
      return { response: cpeFault(9000, String((never as { name: string }).name)) };
    }
  }
}
