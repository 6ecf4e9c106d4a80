import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ConnectionInfo, Exchange } from '../../src-shared/traffic/exchange';
import type { TrafficSink } from '../runtime/traffic-sink';
import { BodyRecorder } from './body-recorder';
import { forwardHeaders, rawPairs } from './headers';
import { recordMessage } from './record';
import { describeError, upstreamAddress, type UpstreamTarget } from './upstream';

/**
 * Answers a held ACS request as if the CPE had faulted: a POST with the fault goes to the ACS on the CPE's
 * own upstream connection (the ACS's session continues there), is recorded as its own exchange marked
 * `injected-by-proxy`, and the ACS's reply is delivered to the CPE in place of the held message.
 */
export function injectFault(
  o: UpstreamTarget & { sink: TrafficSink; source: string; limit: number },
  conn: { info: ConnectionInfo; agent: http.Agent; deviceId?: string; sessionId?: string },
  req: IncomingMessage,
  path: string,
  replace: Record<string, string | null>,
  xml: string,
  res: ServerResponse,
  done: () => void,
): void {
  const body = Buffer.from(xml, 'utf8');
  const headers = forwardHeaders(req.rawHeaders, {
    ...replace,
    'Content-Length': String(body.length),
    'transfer-encoding': null,
    'content-encoding': null,
    'Content-Type': 'text/xml; charset="utf-8"',
    expect: null,
  });
  const sent = recordMessage(body, body.length, false, []);
  const injected: Exchange = {
    id: randomUUID(),
    kind: 'cwmp',
    source: o.source,
    startedAt: Date.now(),
    connection: conn.info,
    deviceId: conn.deviceId,
    sessionId: conn.sessionId,
    request: { method: 'POST', url: path, httpVersion: '1.1', headers: rawPairs(headers), body: sent.body },
    notes: ['injected-by-proxy'],
  };
  if (sent.summary) injected.cwmpRequest = sent.summary;
  const upReq = o.transport.request({
    ...upstreamAddress(o.upstream),
    method: 'POST',
    path,
    headers: headers as unknown as http.OutgoingHttpHeaders,
    agent: conn.agent,
  });
  let over = false;
  // The injected exchange ends once, whichever way: recorded, the CPE answered or cut, `done` told.
  const cut = (why: string, copy?: BodyRecorder, r?: IncomingMessage): void => {
    if (over) return;
    over = true;
    injected.error = why;
    if (r && copy) {
      const h = rawPairs(r.rawHeaders);
      injected.response = { status: r.statusCode ?? 0, statusText: r.statusMessage ?? '', headers: h, body: recordMessage(copy.bytes(), copy.size, copy.truncated, h).body };
    }
    injected.finishedAt = Date.now();
    o.sink.record(injected);
    res.destroy();
    done();
  };
  upReq.on('error', (err) => cut(`upstream unreachable: ${describeError(err)}`));
  upReq.on('response', (r) => {
    const copy = new BodyRecorder(o.limit);
    r.on('data', (c: Buffer) => copy.add(c));
    r.on('error', (err) => cut(`ACS hung up mid-response: ${describeError(err)}`, copy, r));
    // The ACS closed its connection before the whole reply came: without this the CPE would wait forever.
    r.on('close', () => {
      if (!r.complete) cut('ACS hung up mid-response', copy, r);
    });
    r.on('end', () => {
      if (over) return;
      over = true;
      const h = rawPairs(r.rawHeaders);
      const rec = recordMessage(copy.bytes(), copy.size, copy.truncated, h);
      injected.response = { status: r.statusCode ?? 0, statusText: r.statusMessage ?? '', headers: h, body: rec.body };
      if (rec.summary) injected.cwmpResponse = rec.summary;
      injected.finishedAt = Date.now();
      o.sink.record(injected);
      res.sendDate = false;
      res.writeHead(r.statusCode ?? 502, r.statusMessage, forwardHeaders(r.rawHeaders));
      res.end(copy.bytes());
      done();
    });
  });
  upReq.end(body);
}
