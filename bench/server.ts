/**
 * The headless API server: calls per second over HTTP (keep-alive) and over the WebSocket, each beside a bare
 * server on the same transport answering fixed bytes (the ceiling), and event fan-out to a WebSocket client.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { EventHub } from '../src-main/runtime/event-hub';
import { unavailableHandlers } from '../src-main/app/unavailable';
import { createUiServer } from '../src-main/server/index';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import { createTrafficHandlers } from '../src-main/traffic/handlers';
import type { ApiHandlers } from '../src-shared/api/client';
import type { Exchange } from '../src-shared/traffic/exchange';
import type { BenchLine } from './types';

const TOKEN = 'bench-token-0123456789';
const DURATION_MS = 1200;
const CONCURRENCY = 16;

const STATUS = { version: 'bench', dataDir: '/tmp', listeners: [], devicesOnline: 0, devicesTotal: 0, shell: 'headless' as const };

function post(agent: Agent, port: number, path: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, agent, headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests per second with CONCURRENCY callers in a loop for DURATION_MS. */
async function httpRate(port: number, path: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  const end = performance.now() + DURATION_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await post(agent, port, path, '{}');
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - start) / 1000);
}

/** Calls per second over one WebSocket, CONCURRENCY in flight. */
async function wsRate(url: string): Promise<number> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  let done = 0;
  const end = performance.now() + DURATION_MS;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const send = (): void => {
      inFlight++;
      ws.send(JSON.stringify({ type: 'call', id: nextId++, method: 'server/status', params: {} }));
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string };
      if (frame.type === 'event') return;
      inFlight--;
      done++;
      if (performance.now() < end) send();
      else if (inFlight === 0) resolve();
    });
    for (let i = 0; i < CONCURRENCY; i++) send();
  });
  const rate = done / ((performance.now() - start) / 1000);
  ws.close();
  return rate;
}

function exchange(i: number): Exchange {
  return {
    id: `x-${i}`,
    kind: 'cwmp',
    source: 'acs',
    startedAt: Date.now(),
    deviceId: 'BENCH-1',
    connection: { id: 'c', remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2 },
    cwmpRequest: { rpc: 'Inform', warnings: [] },
  };
}

/** Traffic events delivered per second to one WebSocket client. */
async function fanOutRate(url: string, store: TrafficStore): Promise<number> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const total = 20_000;
  let received = 0;
  const start = performance.now();
  const all = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      if (data.toString().includes('"traffic/exchange"') && ++received === total) resolve();
    });
  });
  for (let i = 0; i < total; i++) {
    store.record(exchange(i));
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  await all;
  const rate = total / ((performance.now() - start) / 1000);
  ws.close();
  return rate;
}

export async function run(): Promise<BenchLine[]> {
  const hub = new EventHub();
  const store = new TrafficStore(hub);
  const handlers: ApiHandlers = { ...unavailableHandlers(), ...createTrafficHandlers(store), 'server/status': () => STATUS };
  const server = createUiServer({ handlers, hub, token: TOKEN, staticDir: '/nonexistent' });
  await server.start();

  // The ceilings: the same transports answering fixed bytes, no checks, no dispatch.
  const fixed = Buffer.from(JSON.stringify(STATUS));
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': fixed.length }).end(fixed));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const barePort = (bare.address() as AddressInfo).port;
  const bareWss = new WebSocketServer({ server: bare, perMessageDeflate: false });
  bareWss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id: number };
      ws.send(`{"type":"result","id":${id},"result":${fixed.toString()}}`);
    });
  });

  try {
    const apiHttp = await httpRate(server.port, '/api/server/status');
    const bareHttp = await httpRate(barePort, '/api/server/status');
    const apiWs = await wsRate(`ws://127.0.0.1:${server.port}/api/events`);
    const bareWs = await wsRate(`ws://127.0.0.1:${barePort}/`);
    const events = await fanOutRate(`ws://127.0.0.1:${server.port}/api/events`, store);
    return [
      { name: `API over HTTP keep-alive (server/status, ${CONCURRENCY} callers)`, value: apiHttp, unit: 'calls/s', baseline: bareHttp, ratio: apiHttp / bareHttp, note: 'baseline: bare node:http, fixed bytes' },
      { name: `API over WebSocket (server/status, ${CONCURRENCY} in flight)`, value: apiWs, unit: 'calls/s', baseline: bareWs, ratio: apiWs / bareWs, note: 'baseline: bare ws, fixed frame' },
      { name: 'traffic events pushed to one WebSocket client', value: events, unit: 'events/s' },
    ];
  } finally {
    await server.stop();
    for (const c of bareWss.clients) c.terminate();
    bareWss.close();
    bare.closeAllConnections();
    await new Promise<void>((r) => bare.close(() => r()));
  }
}
