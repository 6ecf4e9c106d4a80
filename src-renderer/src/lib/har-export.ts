/** HAR downloads of live traffic: the filtered list, or one CWMP session. */
import { exchangesToHar } from '../../../src-shared/capture/har';
import type { Exchange } from '../../../src-shared/traffic/exchange';
import type { Caller } from '../state/caller';
import { saveFile } from './file-io';

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/** Exchanges with bodies a page: a day's traffic in one answer would be hundreds of megabytes. */
const HAR_PAGE = 1_000;

/** Fetches the full exchanges (the list keeps no bodies) page by page and saves them as a HAR file. */
export async function exportHar(api: Caller, pick: (x: Exchange) => boolean, name: string, deviceId?: string): Promise<number> {
  const pages: Exchange[][] = [];
  let before: string | undefined;
  for (;;) {
    const page = await api.call('traffic/list', { limit: HAR_PAGE, bodies: true, ...(before ? { before } : {}), ...(deviceId ? { deviceId } : {}) });
    pages.push(page.exchanges.filter(pick));
    if (page.exchanges.length === 0 || page.total <= page.exchanges.length) break;
    before = page.exchanges[0].id;
  }
  const chosen = pages.reverse().flat();
  const saved = await saveFile({
    suggestedName: `${name}-${stamp()}.har`,
    data: JSON.stringify(exchangesToHar(chosen), null, 2),
    mediaType: 'application/json',
    filters: [{ name: 'HTTP Archive', extensions: ['har'] }],
  });
  // 0 when the user cancelled the save dialog.
  return saved.saved ? chosen.length : 0;
}
