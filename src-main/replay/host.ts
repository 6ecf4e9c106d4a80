import type { ApiHandlers } from '../../src-shared/api/client';
import type { AcsService } from '../acs/index';
import type { EventHub } from '../runtime/event-hub';
import type { AcsReplayHost } from './acs-replay';

/** The replay's view of a started workbench: its hub, API handlers, connection requests and file store. */
export async function workbenchReplayHost(w: { hub: EventHub; handlers: ApiHandlers; acs: AcsService }): Promise<AcsReplayHost> {
  const files = new Set((await w.acs.files.list()).map((f) => f.name));
  const { devices } = await w.handlers['devices/list']({});
  return {
    hub: w.hub,
    handlers: w.handlers,
    connectionRequest: (deviceId) => w.acs.connectionRequest(deviceId),
    storeUrl: (name) => {
      const base = w.acs.urls().files;
      return base && files.has(name) ? `${base}${encodeURIComponent(name)}` : undefined;
    },
    knownDevices: devices.map((d) => d.id),
  };
}
