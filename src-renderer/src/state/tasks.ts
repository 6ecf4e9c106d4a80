/** Tasks per device: the queue and history, kept current by `tasks/changed` events. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ReadFollowUp, TaskInfo, TaskRequest } from '../../../src-shared/api/index';
import { errorText, type Caller } from './caller';

/** A request for a task, typed by its RPC name: what `tasks/create` accepts. */
export type TaskRpc = TaskRequest;

export interface TasksState {
  /** Every task seen, by id. */
  byId: Record<string, TaskInfo>;
  error?: string;
  load(deviceId: string): Promise<void>;
  upsert(task: TaskInfo): void;
  /** Queues an RPC; resolves to the task id (the task itself arrives through `tasks/changed`). */
  create(deviceId: string, rpc: TaskRpc, connectionRequest: boolean, followUp?: ReadFollowUp): Promise<string>;
  cancel(taskId: string): Promise<void>;
  forDevice(deviceId: string): TaskInfo[];
  /** Resolves when the task reaches a final state (done, fault, timed-out, cancelled). */
  whenFinished(taskId: string, timeoutMs?: number): Promise<TaskInfo>;
}

export type TasksStore = StoreApi<TasksState>;

export function isFinished(t: TaskInfo): boolean {
  return t.status === 'done' || t.status === 'fault' || t.status === 'timed-out' || t.status === 'cancelled';
}

export function createTasksStore(api: Caller): TasksStore {
  const store = createStore<TasksState>()((set, get) => ({
    byId: {},

    async load(deviceId) {
      try {
        const { tasks } = await api.call('tasks/list', { deviceId });
        const byId = { ...get().byId };
        for (const t of tasks) byId[t.id] = t;
        set({ byId, error: undefined });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },

    upsert(task) {
      set({ byId: { ...get().byId, [task.id]: task } });
    },

    async create(deviceId, rpc, connectionRequest, followUp) {
      const { taskId } = await api.call('tasks/create', { deviceId, rpc, connectionRequest, ...(followUp ? { followUp } : {}) });
      if (!get().byId[taskId]) {
        // The event may arrive before or after the reply; fetch once so the task shows at once.
        api.call('tasks/get', { taskId }).then(
          (t) => {
            const known = get().byId[taskId];
            if (!known || (!isFinished(known) && isFinished(t))) get().upsert(t);
          },
          () => undefined,
        );
      }
      return taskId;
    },

    async cancel(taskId) {
      await api.call('tasks/cancel', { taskId });
    },

    forDevice(deviceId) {
      return Object.values(get().byId)
        .filter((t) => t.deviceId === deviceId)
        .sort((a, b) => b.createdAt - a.createdAt);
    },

    whenFinished(taskId, timeoutMs = 60_000) {
      return new Promise<TaskInfo>((resolve, reject) => {
        const check = (s: TasksState): boolean => {
          const t = s.byId[taskId];
          if (t && isFinished(t)) {
            resolve(t);
            return true;
          }
          return false;
        };
        if (check(get())) return;
        const timer = setTimeout(() => {
          unsub();
          reject(new Error(`Task ${taskId} did not finish within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        const unsub = store.subscribe((s) => {
          if (check(s)) {
            clearTimeout(timer);
            unsub();
          }
        });
      });
    },
  }));
  return store;
}
