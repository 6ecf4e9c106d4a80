/**
 * Wires the client to the slices: snapshots on (re)connect, events into slices. Traffic events are
 * batched per animation frame so a burst of thousands of exchanges costs one list update, not thousands.
 */
import type { ApiEvent } from '../../../src-shared/api/index';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { WorkbenchClient } from '../api/client';
import { createCapturesStore, type CapturesStore } from '../state/captures';
import { createCertificatesStore, type CertificatesStore } from '../state/certificates';
import { createConnectionStore, type ConnectionStore } from '../state/connection';
import { createDevicesStore, type DevicesStore } from '../state/devices';
import { createNavigationStore, parseView, type NavigationStore } from '../state/navigation';
import { createParametersStore, type ParametersStore } from '../state/parameters';
import { createProxyStore, type ProxyStore } from '../state/proxy';
import { createTasksStore, type TasksStore } from '../state/tasks';
import { createTestsStore, type TestsStore } from '../state/tests';
import { createReplayStore, type ReplayStore } from '../state/replay';
import { createTrafficStore, type TrafficStore } from '../state/traffic';
import { checkXsdValue, combineChecks } from '../state/validate';
import { checkWithModel } from '../lib/data-models';

export interface Stores {
  client: WorkbenchClient;
  navigation: NavigationStore;
  connection: ConnectionStore;
  traffic: TrafficStore;
  devices: DevicesStore;
  tasks: TasksStore;
  parameters: ParametersStore;
  certificates: CertificatesStore;
  captures: CapturesStore;
  proxy: ProxyStore;
  tests: TestsStore;
  replay: ReplayStore;
}

/** How much history the traffic list asks for on connect. */
export const TRAFFIC_SNAPSHOT = 200_000;
/** How much the first, fast part of the snapshot carries. */
export const TRAFFIC_FIRST_PAINT = 2_000;
/** Each later page of history (without bodies, so about 1 kB an exchange). */
export const TRAFFIC_PAGE = 10_000;

export function createStores(client: WorkbenchClient): Stores {
  const tasks = createTasksStore(client);
  return {
    client,
    navigation: createNavigationStore(parseView(location.hash) ?? 'bench'),
    connection: createConnectionStore(client, client.transport),
    traffic: createTrafficStore(client),
    devices: createDevicesStore(client),
    tasks,
    // The model first: it knows the range ("between 1 and 4094"), the bare xsd type only its bounds.
    parameters: createParametersStore({ api: client, tasks, check: combineChecks(checkWithModel, checkXsdValue) }),
    certificates: createCertificatesStore(client),
    captures: createCapturesStore(client),
    proxy: createProxyStore(client),
    tests: createTestsStore(client),
    replay: createReplayStore(client),
  };
}

function assertNever(x: never): never {
  throw new Error(`Unhandled event ${JSON.stringify(x)}`);
}

/** Starts the flow of data; returns a function that stops it. */
export function connectStores(stores: Stores): () => void {
  const { client } = stores;
  let batch: Exchange[] = [];
  let scheduled = false;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  // Events that arrive while a snapshot is in flight are queued and replayed after it.
  let loading = false;
  let queued: Exchange[] = [];

  const flush = (): void => {
    scheduled = false;
    const items = batch;
    batch = [];
    stores.traffic.getState().ingest(items);
  };

  const onEvent = (e: ApiEvent): void => {
    switch (e.event) {
      case 'traffic/exchange':
        if (loading) {
          queued.push(e.data);
          return;
        }
        batch.push(e.data);
        if (!scheduled) {
          scheduled = true;
          if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(flush);
          else setTimeout(flush, 50);
        }
        return;
      case 'traffic/cleared':
        stores.traffic.getState().clear();
        return;
      case 'devices/changed':
        stores.devices.getState().upsert(e.data);
        return;
      case 'devices/removed':
        stores.devices.getState().remove(e.data.deviceId);
        return;
      case 'devices/parameters-changed':
        if (stores.parameters.getState().deviceId === e.data.deviceId) {
          clearTimeout(reloadTimer);
          reloadTimer = setTimeout(() => void stores.parameters.getState().reload(), 150);
        }
        return;
      case 'tasks/changed':
        stores.tasks.getState().upsert(e.data);
        return;
      case 'server/status':
        stores.connection.getState().setStatus(e.data);
        return;
      case 'certs/changed':
        void stores.certificates.getState().refresh();
        return;
      case 'captures/changed':
        void stores.captures.getState().refresh();
        return;
      case 'proxy/changed':
        stores.proxy.getState().applyChanged(e.data);
        // A restart or stop lets held messages go: refetch rather than wait for the next paused event.
        void stores.proxy.getState().refreshPaused();
        // The status bar lists proxy listeners; the workbench publishes server/status only when it starts.
        void stores.connection.getState().refresh();
        return;
      case 'proxy/paused':
        stores.proxy.getState().setPaused(e.data.paused);
        return;
      case 'tests/progress':
        stores.tests.getState().applyProgress(e.data);
        return;
      case 'replay/changed':
        stores.replay.getState().upsert(e.data);
        return;
      case 'settings/changed':
      case 'files/changed':
        // The ACS settings section and the file store picker subscribe to these themselves.
        return;
      default:
        assertNever(e);
    }
  };

  const snapshot = async (): Promise<void> => {
    loading = true;
    queued = [];
    let older = 0;
    try {
      // The newest page first, without bodies, so the list paints at once; older pages follow below.
      [older] = await Promise.all([
        stores.traffic.getState().fetchNewest(TRAFFIC_FIRST_PAINT),
        stores.devices.getState().refresh(),
        stores.connection.getState().refresh(),
        stores.certificates.getState().refresh(),
        stores.captures.getState().refresh(),
        stores.proxy.getState().refresh(),
      ]);
    } catch {
      // The link dropped mid-snapshot; the next "open" refetches.
    } finally {
      loading = false;
      const replay = queued;
      queued = [];
      stores.traffic.getState().ingest(replay);
    }
    // History in pages behind the live tail; a reconnect or a clear stops it.
    if (older > 0) void stores.traffic.getState().fetchOlder(TRAFFIC_PAGE, TRAFFIC_SNAPSHOT);
    const deviceId = stores.devices.getState().selectedId;
    if (deviceId) {
      void stores.tasks.getState().load(deviceId);
      void stores.parameters.getState().reload();
    }
  };

  const unsubEvents = client.subscribe(onEvent);
  const unsubLink = client.onLink((link) => {
    stores.connection.getState().setLink(link);
    if (link === 'open') void snapshot();
  });

  const syncHash = (): void => {
    const v = parseView(location.hash);
    if (v && v !== stores.navigation.getState().view) stores.navigation.getState().go(v);
  };
  window.addEventListener('hashchange', syncHash);
  const unsubNav = stores.navigation.subscribe((s) => {
    if (parseView(location.hash) !== s.view) history.replaceState(null, '', `#/${s.view}`);
  });

  return () => {
    unsubEvents();
    unsubLink();
    unsubNav();
    window.removeEventListener('hashchange', syncHash);
    clearTimeout(reloadTimer);
  };
}
