/** HAR downloads of live traffic: the filtered list, or one CWMP session. */
import { exchangesToHar } from '../../../src-shared/capture/har';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { Caller } from '../state/caller';
import { downloadText } from './copy';

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/** Fetches the full exchanges (the list keeps no bodies) and offers them as a HAR file. */
export async function exportHar(api: Caller, pick: (x: Exchange) => boolean, name: string, deviceId?: string): Promise<number> {
  const { exchanges } = await api.call('traffic/list', { limit: 1_000_000, ...(deviceId ? { deviceId } : {}) });
  const chosen = exchanges.filter(pick);
  downloadText(`${name}-${stamp()}.har`, JSON.stringify(exchangesToHar(chosen), null, 2), 'application/json');
  return chosen.length;
}
