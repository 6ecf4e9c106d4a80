/** Devices on the bench, from `devices/list` and kept current by `devices/changed` events. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionRequestOutcome, DeviceSummary } from '../../../src-shared/api/index';
import { errorText, type Caller } from './caller';

export interface DevicesState {
  devices: DeviceSummary[];
  loaded: boolean;
  error?: string;
  selectedId: string | null;
  /** The last connection request per device, shown beside the quick actions. */
  lastConnectionRequest: Record<string, { outcome: ConnectionRequestOutcome; message: string; at: number }>;
  refresh(): Promise<void>;
  upsert(device: DeviceSummary): void;
  remove(deviceId: string): void;
  select(deviceId: string | null): void;
  /** `udp`: a TR-111 UDP connection request (to the binding learned through STUN or reported by the device). */
  connectionRequest(deviceId: string, transport?: 'http' | 'udp'): Promise<void>;
  deleteDevice(deviceId: string): Promise<void>;
  /** Forgets the last connection request's outcome (its banner is dismissed or outdated by a later action). */
  dismissConnectionRequest(deviceId: string): void;
}

export type DevicesStore = StoreApi<DevicesState>;

function byId(a: DeviceSummary, b: DeviceSummary): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createDevicesStore(api: Caller): DevicesStore {
  return createStore<DevicesState>()((set, get) => ({
    devices: [],
    loaded: false,
    selectedId: null,
    lastConnectionRequest: {},

    async refresh() {
      try {
        const { devices } = await api.call('devices/list', {});
        set({ devices: [...devices].sort(byId), loaded: true, error: undefined });
      } catch (err) {
        set({ error: errorText(err), loaded: true });
      }
    },

    upsert(device) {
      const list = get().devices;
      const at = list.findIndex((d) => d.id === device.id);
      const devices = at >= 0 ? list.map((d, i) => (i === at ? device : d)) : [...list, device].sort(byId);
      set({ devices });
    },

    remove(deviceId) {
      const s = get();
      set({
        devices: s.devices.filter((d) => d.id !== deviceId),
        selectedId: s.selectedId === deviceId ? null : s.selectedId,
      });
    },

    select(deviceId) {
      set({ selectedId: deviceId });
    },

    async connectionRequest(deviceId, transport) {
      try {
        const r = await api.call('devices/connection-request', { deviceId, ...(transport ? { transport } : {}) });
        set({ lastConnectionRequest: { ...get().lastConnectionRequest, [deviceId]: { outcome: r.outcome, message: r.message, at: Date.now() } } });
      } catch (err) {
        set({ lastConnectionRequest: { ...get().lastConnectionRequest, [deviceId]: { outcome: 'error', message: errorText(err), at: Date.now() } } });
      }
    },

    dismissConnectionRequest(deviceId) {
      if (!(deviceId in get().lastConnectionRequest)) return;
      const { [deviceId]: _gone, ...rest } = get().lastConnectionRequest;
      set({ lastConnectionRequest: rest });
    },

    async deleteDevice(deviceId) {
      await api.call('devices/delete', { deviceId });
      get().remove(deviceId);
    },
  }));
}
