/**
 * One device's parameter tree, loaded lazily: expanding an object runs GetParameterNames (next level)
 * and GetParameterValues for the leaves it found. Edits collect here, are validated before anything is
 * sent, and go out together in one SetParameterValues. Every change remembers its task so the view
 * shows its state from the tasks slice.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ParameterNode, ReadFollowUp, TaskInfo, TaskRequest } from '../../../src-shared/api/index';
import type { GetParameterNames, NotificationValue, ParameterValueStruct } from '../../../src-shared/cwmp/types';
import { errorText, type Caller } from './caller';
import { indexTree, isInstance, keyOf, parentOf } from './param-paths';
import type { TasksStore } from './tasks';
import { checkXsdValue, type ValueCheck } from './validate';

export type ChangeKind = 'set' | 'add' | 'delete' | 'notification' | 'read';

export interface ChangeRecord {
  id: number;
  kind: ChangeKind;
  /** What the change was about, in words (`3 values`, `Add Device.NAT.PortMapping.`). */
  label: string;
  paths: string[];
  taskId?: string;
  /** Set when the task could not even be created. */
  error?: string;
}

export interface PendingEdit {
  value: string;
  type: string;
  error: string | null;
}

export interface ParametersState {
  deviceId: string | null;
  root: string;
  nodes: ReadonlyMap<string, ParameterNode>;
  children: ReadonlyMap<string, string[]>;
  expanded: ReadonlySet<string>;
  /** Objects being read from the device now. */
  busy: ReadonlySet<string>;
  /** Objects whose next level was read with GPN on this page (an Inform only lists some parameters). */
  read: ReadonlySet<string>;
  edits: Readonly<Record<string, PendingEdit>>;
  changes: ChangeRecord[];
  /** Apply now (connection request) or wait for the device's next Inform. */
  applyNow: boolean;
  search: string;
  error?: string;
  /** The last read from the device: what, how long from queueing to the last answer, in how many requests. */
  lastRead?: { path: string; ms: number; requests: number };

  open(deviceId: string, root?: string): Promise<void>;
  reload(): Promise<void>;
  toggle(path: string): Promise<void>;
  /** GPN (next level) and GPV of an object, merging the answers into the tree. */
  readObject(objectPath: string): Promise<void>;
  /** The whole tree: GPN of the root (all levels) and GPV of the root. */
  refreshAll(): Promise<void>;
  edit(path: string, value: string): void;
  discard(path?: string): void;
  applyEdits(): Promise<string | null>;
  addInstance(objectPath: string): Promise<string | null>;
  deleteInstance(instancePath: string): Promise<string | null>;
  setNotification(path: string, notification: NotificationValue): Promise<string | null>;
  setApplyNow(applyNow: boolean): void;
  setSearch(search: string): void;
  clearError(): void;
  expandTo(path: string): Promise<void>;
}

export type ParametersStore = StoreApi<ParametersState>;

export interface ParametersDeps {
  api: Caller;
  tasks: TasksStore;
  check?: ValueCheck;
}

let parameterKeySeq = 0;
function parameterKey(): string {
  return `wb-${Date.now().toString(36)}-${(parameterKeySeq++).toString(36)}`;
}

export function createParametersStore({ api, tasks, check = checkXsdValue }: ParametersDeps): ParametersStore {
  let changeSeq = 1;

  return createStore<ParametersState>()((set, get) => {
    const setTree = (list: ParameterNode[]): void => {
      const { nodes, children } = indexTree(list);
      set({ nodes, children });
    };

    /** Folds a finished task's answer into the tree without waiting for a refetch. */
    const merge = (task: TaskInfo): void => {
      const result = task.result as { name?: string; parameterList?: unknown[] } | undefined;
      if (!result?.parameterList) return;
      const now = task.finishedAt ?? Date.now();
      const byKey = new Map(get().nodes);
      if (result.name === 'GetParameterNamesResponse') {
        for (const p of result.parameterList as Array<{ name: string; writable: boolean }>) {
          const object = p.name.endsWith('.');
          const prev = byKey.get(p.name);
          byKey.set(p.name, { ...prev, path: p.name, object, writable: p.writable, readAt: now });
        }
      } else if (result.name === 'GetParameterValuesResponse') {
        for (const p of result.parameterList as ParameterValueStruct[]) {
          const prev = byKey.get(p.name);
          byKey.set(p.name, { ...prev, path: p.name, object: false, value: p.value, type: p.type, readAt: now });
        }
      } else if (result.name === 'GetParameterAttributesResponse') {
        for (const p of result.parameterList as Array<{ name: string; notification: number; accessList: string[] }>) {
          const prev = byKey.get(p.name) ?? { path: p.name, object: p.name.endsWith('.') };
          byKey.set(p.name, { ...prev, notification: p.notification, accessList: p.accessList });
        }
      } else return;
      setTree([...byKey.values()]);
    };

    const queue = async (kind: ChangeKind, label: string, paths: string[], rpc: TaskRequest, connectionRequest: boolean, followUp?: ReadFollowUp): Promise<string | null> => {
      const deviceId = get().deviceId;
      if (!deviceId) return null;
      const record: ChangeRecord = { id: changeSeq++, kind, label, paths };
      set({ changes: [record, ...get().changes].slice(0, 200) });
      const update = (patch: Partial<ChangeRecord>): void =>
        set({ changes: get().changes.map((c) => (c.id === record.id ? { ...c, ...patch } : c)) });
      try {
        const taskId = await tasks.getState().create(deviceId, rpc, connectionRequest, followUp);
        update({ taskId });
        return taskId;
      } catch (err) {
        update({ error: errorText(err) });
        return null;
      }
    };

    /**
     * One read, one session: the GetParameterNames carries its follow-ups (values, attributes), which the
     * ACS sends in the same session. Resolves to the GPN task and its follow-ups, each merged into the tree.
     */
    const runRead = async (path: string, rpc: GetParameterNames, followUp: ReadFollowUp): Promise<TaskInfo[]> => {
      const taskId = await queue('read', `Read ${path}`, [path], rpc, true, followUp);
      if (!taskId) return [];
      const gpn = await tasks.getState().whenFinished(taskId);
      merge(gpn);
      const done = [gpn];
      for (const id of gpn.followUpTaskIds ?? []) {
        const t = await tasks.getState().whenFinished(id);
        merge(t);
        done.push(t);
      }
      const last = Math.max(...done.map((t) => t.finishedAt ?? gpn.createdAt));
      set({ lastRead: { path, ms: last - gpn.createdAt, requests: done.length } });
      return done;
    };

    const failure = (t: TaskInfo): string => (t.fault ? `${t.fault.faultCode} ${t.fault.faultString}` : (t.message ?? `${t.rpc.name} ${t.status}`));

    return {
      deviceId: null,
      root: 'Device.',
      nodes: new Map(),
      children: new Map(),
      expanded: new Set(),
      busy: new Set(),
      read: new Set(),
      edits: {},
      changes: [],
      applyNow: true,
      search: '',

      async open(deviceId, root) {
        if (get().deviceId !== deviceId) {
          set({ deviceId, root: `${root ?? 'Device'}.`, nodes: new Map(), children: new Map(), expanded: new Set(), edits: {}, changes: [], busy: new Set(), read: new Set(), error: undefined });
        }
        await get().reload();
      },

      async reload() {
        const deviceId = get().deviceId;
        if (!deviceId) return;
        try {
          const detail = await api.call('devices/get', { deviceId });
          if (get().deviceId !== deviceId) return;
          if (detail.root) set({ root: `${detail.root}.` });
          // A refetch keeps any read error on screen: the user dismisses it.
          setTree(detail.parameters);
        } catch (err) {
          set({ error: errorText(err) });
        }
      },

      async toggle(path) {
        const expanded = new Set(get().expanded);
        if (expanded.has(path)) {
          expanded.delete(path);
          set({ expanded });
          return;
        }
        expanded.add(path);
        set({ expanded });
        // Go to the device the first time an object is opened; later expansions reuse what was read.
        if (!get().read.has(path)) await get().readObject(path);
      },

      async readObject(objectPath) {
        if (get().busy.has(objectPath)) return;
        set({ busy: new Set(get().busy).add(objectPath) });
        try {
          // Notification and access list too; a device that refuses GPA still shows its values.
          const [gpn, gpv] = await runRead(objectPath, { name: 'GetParameterNames', parameterPath: objectPath, nextLevel: true }, 'values-and-attributes');
          if (gpn?.status === 'done') set({ read: new Set(get().read).add(objectPath) });
          const failed = [gpn, gpv].find((t) => t && t.status !== 'done');
          if (failed) set({ error: failure(failed) });
        } catch (err) {
          set({ error: errorText(err) });
        } finally {
          const busy = new Set(get().busy);
          busy.delete(objectPath);
          set({ busy });
        }
      },

      async refreshAll() {
        const root = get().root;
        set({ busy: new Set(get().busy).add(root) });
        try {
          const [gpn, gpv] = await runRead(root, { name: 'GetParameterNames', parameterPath: root, nextLevel: false }, 'values');
          if (gpn?.status === 'done') {
            const objects = [...get().nodes.keys()].filter((p) => p.endsWith('.'));
            set({ read: new Set([...get().read, ...objects]) });
          }
          const failed = [gpn, gpv].find((t) => t && t.status !== 'done');
          if (failed) set({ error: failure(failed) });
        } catch (err) {
          set({ error: errorText(err) });
        } finally {
          const busy = new Set(get().busy);
          busy.delete(root);
          set({ busy });
        }
      },

      edit(path, value) {
        const node = get().nodes.get(path);
        const type = node?.type || 'xsd:string';
        const error = check(path, value, type);
        set({ edits: { ...get().edits, [path]: { value, type, error } } });
      },

      discard(path) {
        if (path === undefined) {
          set({ edits: {} });
          return;
        }
        const edits = { ...get().edits };
        delete edits[path];
        set({ edits });
      },

      async applyEdits() {
        const entries = Object.entries(get().edits);
        if (entries.length === 0) return null;
        const bad = entries.find(([, e]) => e.error);
        if (bad) {
          set({ error: `${bad[0]}: ${bad[1].error}` });
          return null;
        }
        const parameterList: ParameterValueStruct[] = entries.map(([name, e]) => ({ name, value: e.value, type: e.type }));
        const label = entries.length === 1 ? `Set ${entries[0][0]} = ${entries[0][1].value}` : `Set ${entries.length} values`;
        const taskId = await queue('set', label, entries.map(([p]) => p), { name: 'SetParameterValues', parameterList, parameterKey: parameterKey() }, get().applyNow);
        if (taskId) set({ edits: {}, error: undefined });
        return taskId;
      },

      addInstance(objectPath) {
        return queue('add', `Add ${objectPath}`, [objectPath], { name: 'AddObject', objectName: objectPath, parameterKey: parameterKey() }, get().applyNow);
      },

      deleteInstance(instancePath) {
        if (!isInstance(instancePath)) return Promise.resolve(null);
        const name = instancePath.endsWith('.') ? instancePath : `${instancePath}.`;
        return queue('delete', `Delete ${name}`, [name], { name: 'DeleteObject', objectName: name, parameterKey: parameterKey() }, get().applyNow);
      },

      setNotification(path, notification) {
        return queue(
          'notification',
          `Notification ${path} = ${notification}`,
          [path],
          { name: 'SetParameterAttributes', parameterList: [{ name: path, notificationChange: true, notification, accessListChange: false, accessList: [] }] },
          get().applyNow,
        );
      },

      setApplyNow(applyNow) {
        set({ applyNow });
      },

      setSearch(search) {
        set({ search });
      },

      clearError() {
        set({ error: undefined });
      },

      async expandTo(path) {
        const expanded = new Set(get().expanded);
        let p = path.endsWith('.') ? path : parentOf(path);
        const chain: string[] = [];
        while (p) {
          chain.unshift(p);
          p = parentOf(p);
        }
        for (const c of chain) expanded.add(c);
        set({ expanded });
        for (const c of chain) if (!get().read.has(c)) await get().readObject(c);
      },
    };
  });
}

export { keyOf };
