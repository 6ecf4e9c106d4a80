import type { CwmpSummary, Exchange } from '../../../src-shared/traffic/exchange';
import { textBody } from '../../../src-shared/capture/bytes';
import { parseCwmp, summarize } from '../../../src-shared/cwmp/index';
import type { SummarizeBody } from '../../../src-shared/capture/har';

/** The real codec, as main wires it. */
export const summarizeWithCodec: SummarizeBody = (body, contentType) => {
  const r = parseCwmp(body, { contentType });
  const out: { summary: CwmpSummary; deviceId?: string } = { summary: summarize(r) };
  if (r.ok && r.message.rpc?.name === 'Inform') {
    const d = r.message.rpc.deviceId;
    out.deviceId = `${d.oui}-${d.productClass}-${d.serialNumber}`;
  }
  return out;
};

let n = 0;
/** An exchange as the proxy records it, decoded with the real codec. */
export function exchange(o: {
  cpe: string;
  acs?: string;
  status?: number;
  at: number;
  conn?: string;
  deviceId?: string;
  sessionId?: string;
  error?: string;
  noResponse?: boolean;
  source?: string;
}): Exchange {
  const x: Exchange = {
    id: `x${++n}`,
    kind: 'cwmp',
    source: o.source ?? 'proxy:t',
    startedAt: o.at,
    finishedAt: o.at + 5,
    connection: { id: o.conn ?? 'c1', remoteAddress: '127.0.0.1', remotePort: 5000, localAddress: '127.0.0.1', localPort: 7547 },
    request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [['Host', 'acs.example:7547'], ['Content-Type', 'text/xml']], body: textBody(o.cpe) },
  };
  if (o.cpe) x.cwmpRequest = summarizeWithCodec(o.cpe).summary;
  if (!o.noResponse) {
    const acs = o.acs ?? '';
    x.response = { status: o.status ?? (acs ? 200 : 204), statusText: acs ? 'OK' : 'No Content', headers: [['Content-Type', 'text/xml']], body: textBody(acs) };
    if (acs) x.cwmpResponse = summarizeWithCodec(acs).summary;
  }
  if (o.deviceId) x.deviceId = o.deviceId;
  if (o.sessionId) x.sessionId = o.sessionId;
  if (o.error) x.error = o.error;
  return x;
}
