/**
 * The Tests view: the suite's cases, which of them are picked, each device's runs, the run on screen (kept
 * live by `tests/progress` events), its filters, and a comparison of two runs.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TestProgressEvent, TestRun, TestRunInfo, TestsResults } from '../../../src-shared/api/tests';
import type { CaseInfo, CaseResult, Verdict } from '../../../src-shared/testing/report';
import { errorText, type Caller } from './caller';

export interface VerdictFilter {
  verdict: Verdict | 'all';
  area: string | 'all';
  text: string;
}

export interface TestsState {
  cases: CaseInfo[];
  casesLoaded: boolean;
  /** The device the view tests. */
  deviceId: string | null;
  /** Case ids picked for the next run. */
  picked: Record<string, boolean>;
  /** Runs per device, newest first. */
  runs: Record<string, TestRunInfo[]>;
  /** The run shown in the verdict table. */
  run: TestRun | null;
  filter: VerdictFilter;
  comparison: TestsResults['tests/compare'] | null;
  busy: boolean;
  error?: string;
  loadCases(): Promise<void>;
  /** Switches the device: its runs load, the run on screen closes. */
  setDevice(deviceId: string | null): void;
  loadRuns(deviceId: string): Promise<void>;
  toggleCase(id: string): void;
  /** Picks or unpicks every case of an area (destructive ones only when `withDestructive`). */
  setArea(area: string, on: boolean): void;
  /** Picks the default selection: every non-destructive case. */
  pickDefault(): void;
  pickNone(): void;
  start(deviceId: string): Promise<void>;
  stop(): Promise<void>;
  openRun(runId: string): Promise<void>;
  compare(a: string, b: string): Promise<void>;
  closeComparison(): void;
  setFilter(f: Partial<VerdictFilter>): void;
  applyProgress(e: TestProgressEvent): void;
}

export type TestsStore = StoreApi<TestsState>;

/** The cases grouped by area, in suite order. */
export function areasOf(cases: readonly CaseInfo[]): Array<{ area: string; cases: CaseInfo[] }> {
  const out: Array<{ area: string; cases: CaseInfo[] }> = [];
  for (const c of cases) {
    const last = out.find((a) => a.area === c.area);
    if (last) last.cases.push(c);
    else out.push({ area: c.area, cases: [c] });
  }
  return out;
}

/** Every case of a run, in selection order: those with a verdict, then the ones still to come. */
export function runRows(run: TestRun): Array<CaseInfo & Partial<CaseResult>> {
  const results = new Map(run.report.cases.map((c) => [c.id, c]));
  const rows: Array<CaseInfo & Partial<CaseResult>> = run.selected.map((c) => results.get(c.id) ?? c);
  // Cases the engine reported that were not in the selection (a scenario that split itself) still show.
  const selected = new Set(run.selected.map((c) => c.id));
  for (const c of run.report.cases) if (!selected.has(c.id)) rows.push(c);
  return rows;
}

export function filterRows<T extends CaseInfo & Partial<CaseResult>>(rows: readonly T[], f: VerdictFilter): T[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (f.verdict === 'all' || r.verdict === f.verdict) &&
      (f.area === 'all' || r.area === f.area) &&
      (!text || `${r.id}\n${r.title}\n${r.reason ?? ''}`.toLowerCase().includes(text)),
  );
}

const defaultPick = (cases: readonly CaseInfo[]): Record<string, boolean> => Object.fromEntries(cases.filter((c) => !c.destructive).map((c) => [c.id, true]));

export function createTestsStore(api: Caller): TestsStore {
  return createStore<TestsState>()((set, get) => {
    const fail = (err: unknown): void => set({ error: errorText(err) });
    const upsertInfo = (info: TestRunInfo): void => {
      const list = get().runs[info.deviceId] ?? [];
      const next = list.some((r) => r.runId === info.runId) ? list.map((r) => (r.runId === info.runId ? info : r)) : [info, ...list];
      set({ runs: { ...get().runs, [info.deviceId]: next } });
    };
    return {
      cases: [],
      casesLoaded: false,
      deviceId: null,
      picked: {},
      runs: {},
      run: null,
      filter: { verdict: 'all', area: 'all', text: '' },
      comparison: null,
      busy: false,

      async loadCases() {
        try {
          const { cases } = await api.call('tests/cases', {});
          set({ cases, casesLoaded: true, picked: get().casesLoaded ? get().picked : defaultPick(cases), error: undefined });
        } catch (err) {
          fail(err);
          set({ casesLoaded: true });
        }
      },

      setDevice(deviceId) {
        if (deviceId === get().deviceId) return;
        set({ deviceId, run: null, comparison: null, error: undefined });
        if (deviceId) void get().loadRuns(deviceId);
      },

      async loadRuns(deviceId) {
        try {
          const { runs } = await api.call('tests/runs', { deviceId });
          set({ runs: { ...get().runs, [deviceId]: runs } });
        } catch (err) {
          fail(err);
        }
      },

      toggleCase(id) {
        set({ picked: { ...get().picked, [id]: !get().picked[id] } });
      },

      setArea(area, on) {
        const picked = { ...get().picked };
        // Turning an area on leaves its destructive cases alone: they are picked one by one, on purpose.
        for (const c of get().cases) if (c.area === area && (!on || !c.destructive)) picked[c.id] = on;
        set({ picked });
      },

      pickDefault() {
        set({ picked: defaultPick(get().cases) });
      },

      pickNone() {
        set({ picked: {} });
      },

      async start(deviceId) {
        const only = get().cases.filter((c) => get().picked[c.id]).map((c) => c.id);
        if (only.length === 0) {
          set({ error: 'Pick at least one case' });
          return;
        }
        set({ busy: true, error: undefined, comparison: null });
        try {
          // A destructive case the user ticked is meant to run: ticking it is the explicit choice.
          const destructive = get().cases.some((c) => c.destructive && get().picked[c.id]);
          const info = await api.call('tests/start', { deviceId, only, destructive });
          upsertInfo(info);
          const run = await api.call('tests/get', { runId: info.runId });
          // Progress events may have overtaken the fetch: keep whichever knows more.
          const shown = get().run;
          set({ run: shown?.runId === run.runId && shown.done > run.done ? shown : run });
        } catch (err) {
          fail(err);
        } finally {
          set({ busy: false });
        }
      },

      async stop() {
        const run = get().run;
        if (!run) return;
        try {
          await api.call('tests/stop', { runId: run.runId });
        } catch (err) {
          fail(err);
        }
      },

      async openRun(runId) {
        try {
          set({ run: await api.call('tests/get', { runId }), comparison: null, error: undefined });
        } catch (err) {
          fail(err);
        }
      },

      async compare(a, b) {
        try {
          set({ comparison: await api.call('tests/compare', { a, b }), error: undefined });
        } catch (err) {
          fail(err);
        }
      },

      closeComparison() {
        set({ comparison: null });
      },

      setFilter(f) {
        set({ filter: { ...get().filter, ...f } });
      },

      applyProgress({ run: info, result }) {
        upsertInfo(info);
        const run = get().run;
        // A run someone else started (a script, another window) on the device in view shows up live.
        if (!run && !get().comparison && info.status === 'running' && info.deviceId === get().deviceId) {
          void get().openRun(info.runId);
          return;
        }
        if (!run || run.runId !== info.runId) return;
        let cases = run.report.cases;
        if (result) cases = [...cases.filter((c) => c.id !== result.id), result];
        set({ run: { ...run, ...info, report: { ...run.report, cases, summary: info.summary, durationMs: info.durationMs } } });
        // The final event carries no case list of its own: fetch the whole report once the run has ended.
        if (info.status !== 'running') void get().openRun(info.runId);
      },
    };
  });
}
