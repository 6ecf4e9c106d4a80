import type { DeviceSummary } from '../../src-shared/api/devices';
import type { AcsService } from '../acs/index';
import type { EventHub } from '../runtime/event-hub';

/** `--device`: a serial number or the full OUI-ProductClass-SerialNumber. */
export function deviceMatches(d: DeviceSummary, wanted: string | undefined): boolean {
  return wanted === undefined || d.id === wanted || d.serialNumber === wanted;
}

/**
 * Resolves with the first device (matching `wanted`) to inform at or after `since`, or undefined when
 * `timeoutMs` passes or `signal` aborts first. Devices are watched through the ACS's own events, the way
 * the app sees them, so a CPE that informs before the wait starts (after `since`) still counts.
 */
export function awaitInform(
  wb: { hub: EventHub; acs: AcsService },
  opts: { wanted?: string; since: number; timeoutMs: number; signal?: AbortSignal },
): Promise<DeviceSummary | undefined> {
  return new Promise((resolve) => {
    const fresh = (d: DeviceSummary): boolean => deviceMatches(d, opts.wanted) && (d.lastInform ?? 0) >= opts.since;
    let settled = false;
    const finish = (d: DeviceSummary | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      off();
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(d);
    };
    const onAbort = (): void => finish(undefined);
    const off = wb.hub.subscribe((e) => {
      if (e.event === 'devices/changed' && fresh(e.data)) finish(e.data);
    });
    const timer = setTimeout(() => finish(undefined), opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort);
    if (opts.signal?.aborted) finish(undefined);
    void Promise.resolve(wb.acs.handlers['devices/list']({})).then(
      ({ devices }) => {
        const d = devices.find(fresh);
        if (d) finish(d);
      },
      () => undefined,
    );
  });
}

/** The devices the ACS already knows (from its data directory) that match `wanted`. */
export async function knownDevices(wb: { acs: AcsService }, wanted: string | undefined): Promise<DeviceSummary[]> {
  const { devices } = await wb.acs.handlers['devices/list']({});
  return devices.filter((d) => deviceMatches(d, wanted));
}
