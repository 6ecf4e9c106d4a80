/**
 * UI benchmark: the real renderer build in Debian's Chromium with 100,000 recorded exchanges loaded.
 * The backend is the real headless UI server (`createUiServer`) over the real TrafficStore and traffic
 * handlers, filled with generated exchanges, so the figures cover what `serve` does (list, transfer,
 * ingest, render).
 *
 * Figures: time to the first rows and to the full list, time to apply a text filter (key press to painted
 * result), frame intervals while scrolling, and the history's transfer without and with bodies. Baselines in
 * the same run: a plain `Array.filter` over 100,000 strings in the same page, frame intervals of the idle
 * page, and the same `traffic/list` call with bodies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { EventHub } from '../src-main/runtime/event-hub';
import { unavailableHandlers } from '../src-main/app/unavailable';
import { createUiServer, type UiServer } from '../src-main/server/index';
import { createTrafficHandlers } from '../src-main/traffic/handlers';
import { TrafficStore } from '../src-main/traffic/traffic-store';
import type { ApiHandlers } from '../src-shared/api/client';
import type { Exchange } from '../src-shared/traffic/exchange';
import type { BenchLine } from './types';

const ROOT = resolve(import.meta.dirname, '..');
/** UI_BENCH_RENDERER points at another build (an older commit's) to compare against on the same machine. */
const RENDERER = process.env.UI_BENCH_RENDERER ? resolve(process.env.UI_BENCH_RENDERER) : join(ROOT, 'out/renderer');
const COUNT = 100_000;
const DEVICES = 50;
/** Rows scrolled per frame: a brisk wheel or trackpad fling. */
const STEP_ROWS = Number(process.env.UI_BENCH_STEP ?? 10);

const NS = 'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"';

function param(name: string, type: string, value: string): string {
  return `<ParameterValueStruct><Name>${name}</Name><Value xsi:type="xsd:${type}">${value}</Value></ParameterValueStruct>`;
}

/** A periodic Inform the size real CPEs send (~2 kB, nine parameters; compare the samples in ../shared). */
function informBody(i: number, device: number, at: number): string {
  const params = [
    param('Device.DeviceInfo.SpecVersion', 'string', '1.0'),
    param('Device.DeviceInfo.HardwareVersion', 'string', `HW-${device % 3}.1`),
    param('Device.DeviceInfo.SoftwareVersion', 'string', `V1.${device % 4}.17-build${device * 13}`),
    param('Device.DeviceInfo.UpTime', 'unsignedInt', String(i * 7)),
    param('Device.DeviceInfo.ProvisioningCode', 'string', `code-${i};`),
    param('Device.ManagementServer.ParameterKey', 'string', `key-${device}`),
    param('Device.ManagementServer.ConnectionRequestURL', 'string', `http://10.0.${device >> 8}.${device & 255}:7547/cr/${device}`),
    param('Device.IP.Interface.1.IPv4Address.1.IPAddress', 'string', `10.0.${device >> 8}.${device & 255}`),
    param('Device.WiFi.SSID.1.SSID', 'string', `Bench-${device}`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope ${NS}><soap:Header><cwmp:ID soap:mustUnderstand="1">${i}</cwmp:ID></soap:Header><soap:Body><cwmp:Inform><DeviceId><Manufacturer>Bench</Manufacturer><OUI>00BE00</OUI><ProductClass>Box</ProductClass><SerialNumber>B${device}</SerialNumber></DeviceId><Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>${new Date(at).toISOString()}</CurrentTime><RetryCount>0</RetryCount><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[${params.length}]">${params.join('')}</ParameterList></cwmp:Inform></soap:Body></soap:Envelope>`;
}

function informResponse(i: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope ${NS}><soap:Header><cwmp:ID soap:mustUnderstand="1">${i}</cwmp:ID></soap:Header><soap:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap:Body></soap:Envelope>`;
}

/** Exchanges as the ACS records them: realistic bodies and headers, a fault now and then. */
function generate(count: number): Exchange[] {
  const t0 = Date.now() - count * 50;
  const out: Exchange[] = [];
  for (let i = 0; i < count; i++) {
    const device = i % DEVICES;
    const fault = i % 97 === 0;
    const at = t0 + i * 50;
    const body = informBody(i, device, at);
    const reply = fault ? '' : informResponse(i);
    out.push({
      id: `b${i}`,
      kind: 'cwmp',
      source: 'acs',
      startedAt: at,
      finishedAt: at + 4,
      connection: { id: `c${i >> 1}`, remoteAddress: '127.0.0.1', remotePort: 40000 + device, localAddress: '127.0.0.1', localPort: 7547 },
      deviceId: `00BE00-Box-B${device}`,
      sessionId: `s${i >> 1}`,
      request: {
        method: 'POST',
        url: '/',
        httpVersion: '1.1',
        headers: [['Host', '127.0.0.1:7547'], ['User-Agent', 'Bench-CPE/1.0'], ['Content-Type', 'text/xml; charset="utf-8"'], ['Content-Length', String(body.length)], ['SOAPAction', '']],
        body: { encoding: 'utf8', data: body, size: body.length },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [['Content-Type', 'text/xml; charset="utf-8"'], ['Content-Length', String(reply.length)], ['Set-Cookie', `session=s${i >> 1}; Path=/; HttpOnly`]],
        body: { encoding: 'utf8', data: reply, size: reply.length },
      },
      cwmpRequest: fault
        ? { rpc: 'Fault', id: String(i), faultCode: 9005, faultString: 'Invalid parameter name', warnings: [] }
        : { rpc: 'Inform', id: String(i), events: ['2 PERIODIC'], parameterCount: 9, warnings: i % 211 === 0 ? ['missing-xsi-type'] : [] },
      cwmpResponse: { rpc: fault ? null : 'InformResponse', id: String(i), warnings: [] },
    });
  }
  return out;
}

const TOKEN = 'ui-bench-token-0123456789';
const STATUS = { version: 'bench', dataDir: '', listeners: [], devicesOnline: 0, devicesTotal: 0, shell: 'headless' as const };

/**
 * The real headless server (`createUiServer`) over the real `TrafficStore` and traffic handlers, filled
 * with the generated exchanges: what the page pays for is what `serve` would make it pay for. Only the
 * services the traffic view does not need answer `unavailable`.
 */
async function startBackend(exchanges: Exchange[]): Promise<{ server: UiServer; keyLength: number }> {
  const hub = new EventHub();
  const store = new TrafficStore(hub, exchanges.length);
  for (const x of exchanges) store.record(x);
  const handlers: ApiHandlers = {
    ...unavailableHandlers(),
    ...createTrafficHandlers(store),
    'devices/list': () => ({ devices: [] }),
    'server/status': () => STATUS,
  };
  // The default 64 MiB send queue drops a client that asks for every body at once (137 MB); the
  // UI_BENCH_MAX_BUFFERED override lets the old, body-carrying snapshot be measured at all.
  const maxBufferedBytes = Number(process.env.UI_BENCH_MAX_BUFFERED ?? 0) || undefined;
  const server = createUiServer({ handlers, hub, token: TOKEN, staticDir: RENDERER, ...(maxBufferedBytes ? { maxBufferedBytes } : {}) });
  await server.start();
  let chars = 0;
  for (const x of exchanges) chars += store.searchText(x.id)?.length ?? 0;
  return { server, keyLength: Math.round(chars / exchanges.length) };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

export async function run(): Promise<BenchLine[]> {
  if (!existsSync(join(RENDERER, 'index.html')) && !process.env.UI_BENCH_RENDERER) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const { server, keyLength } = await startBackend(generate(COUNT));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // bypassCSP lets the harness evaluate its measuring scripts; the app's own CSP forbids eval.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    page.setDefaultTimeout(30_000);

    // In-page code is passed as strings: the bench is type-checked without DOM types, and tsx's helper
    // names must not leak into the page.
    // 1. First render: navigation to the first rows, and to the whole 100,000-row list, painted.
    if (process.env.UI_BENCH_DEBUG) {
      const t0 = performance.now();
      page.on('console', (m) => console.log('page', (performance.now() - t0).toFixed(0), m.text()));
      if (process.env.UI_BENCH_DEBUG === 'ws') page.on('websocket', (ws) => {
        ws.on('framesent', (f) => console.log('sent', (performance.now() - t0).toFixed(0), String(f.payload).slice(0, 120)));
        ws.on('framereceived', (f) => console.log('recv', (performance.now() - t0).toFixed(0), f.payload.length, String(f.payload).slice(0, 60)));
      });
    }
    await page.goto(`${server.browserUrl()}#/traffic`);
    await page.waitForFunction(`document.querySelectorAll('.tl-row').length > 10`, undefined, { timeout: 60_000 });
    const firstRows = (await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(performance.now())))')) as number;
    await page.waitForFunction(
      `document.querySelector('[data-testid=traffic-count]')?.textContent?.startsWith('${COUNT.toLocaleString('en')} exchanges') && document.querySelectorAll('.tl-row').length > 10`,
      undefined,
      { timeout: 60_000 },
    );
    const firstRender = (await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(performance.now())))')) as number;

    // The load leaves hundreds of megabytes of parsed JSON behind: collect it first, so the figures below
    // are the steady state, not a major GC that happens to land in them.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;

    // 2. Text filter: Enter applies it at once; measured from the key press to the painted result.
    const input = page.getByTestId('traffic-filter-text');
    const filterOnce = async (text: string): Promise<{ painted: number; store: number }> => {
      await input.fill(text);
      await page.evaluate(`(() => {
        window.__t1 = undefined;
        const el = document.querySelector('[data-testid=traffic-filter-text]');
        el.addEventListener('keydown', () => (window.__t0 = performance.now()), { capture: true, once: true });
        const count = document.querySelector('[data-testid=traffic-count]');
        const mo = new MutationObserver(() => {
          mo.disconnect();
          requestAnimationFrame(() => (window.__t1 = performance.now()));
        });
        mo.observe(count, { subtree: true, characterData: true, childList: true });
      })()`);
      await input.press('Enter');
      await page.waitForFunction('window.__t1 !== undefined');
      const painted = (await page.evaluate('window.__t1 - window.__t0')) as number;
      const foot = (await page.getByTestId('traffic-count').textContent()) ?? '';
      return { painted, store: Number(/filtered in ([\d.]+) ms/.exec(foot)?.[1] ?? NaN) };
    };
    const filters: Array<{ painted: number; store: number }> = [];
    for (const q of ['code-4321;', 'code-99', 'uptime', 'device.deviceinfo b7']) {
      filters.push(await filterOnce(q));
      await filterOnce('');
    }
    const filterPainted = quantile(filters.map((f) => f.painted), 0.5);
    const filterStore = quantile(filters.map((f) => f.store), 0.5);
    const baselineFilter = (await page.evaluate(`(() => {
      const keys = Array.from({ length: ${COUNT} }, (_, i) => ('00be00-box-b' + (i % 50) + ' inform informresponse ' + i + ' 200 2 periodic device.deviceinfo.uptime ' + i * 7 + ' device.deviceinfo.provisioningcode code-' + i + '; ').repeat(8).slice(0, ${keyLength}));
      const t0 = performance.now();
      let hits = 0;
      for (let k = 0; k < 5; k++) hits += keys.filter((s) => s.includes('code-4321;')).length;
      return (performance.now() - t0) / 5 + hits * 0;
    })()`)) as number;

    await cdp.send('Performance.enable');
    const m0 = (await cdp.send('Performance.getMetrics')).metrics;
    // 3. Scrolling: frame intervals while the list scrolls STEP_ROWS rows a frame, against the idle page.
    const frames = (await page.evaluate(`new Promise((resolveFrames) => {
      const el = document.querySelector('[data-testid=traffic-list]');
      el.scrollTop = 0;
      const idle = [];
      const scroll = [];
      let last = performance.now();
      let n = 0;
      const tick = (now) => {
        const dt = now - last;
        last = now;
        n++;
        if (n > 2 && n <= 62) idle.push(dt);
        if (n > 64 && n <= 244) scroll.push(dt);
        if (n >= 63) el.scrollTop += ${STEP_ROWS} * 24;
        if (n < 244) requestAnimationFrame(tick);
        else resolveFrames({ idle, scroll });
      };
      requestAnimationFrame(tick);
    })`)) as { idle: number[]; scroll: number[] };
    const m1 = (await cdp.send('Performance.getMetrics')).metrics;
    if (process.env.UI_BENCH_DEBUG) for (const k of ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration', 'LayoutCount', 'RecalcStyleCount']) console.log(k, (m1.find((m) => m.name === k)!.value - m0.find((m) => m.name === k)!.value).toFixed(3));
    // 4. The whole history in one call, fetched and parsed in the page: without bodies (what the list
    // needs) against with bodies (what the list used to load), same server, same run.
    const transfer = async (bodies: boolean): Promise<{ ms: number; bytes: number }> =>
      (await page.evaluate(`(async () => {
        const t0 = performance.now();
        const res = await fetch('/api/traffic/list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ limit: ${COUNT}, bodies: ${bodies} }) });
        const text = await res.text();
        const parsed = JSON.parse(text);
        if (parsed.exchanges.length !== ${COUNT}) throw new Error('short list: ' + parsed.exchanges.length);
        return { ms: performance.now() - t0, bytes: text.length };
      })()`)) as { ms: number; bytes: number };
    const lean = await transfer(false);
    const full = await transfer(true);
    const idleMedian = quantile(frames.idle, 0.5);
    const scrollMedian = quantile(frames.scroll, 0.5);
    const scrollP95 = quantile(frames.scroll, 0.95);
    const scrollMax = Math.max(...frames.scroll);

    return [
      { name: 'first rows painted (newest 2,000 of 100,000)', value: firstRows, unit: 'ms', note: 'navigation to the first painted rows' },
      { name: `full list painted, ${COUNT.toLocaleString('en')} exchanges`, value: firstRender, unit: 'ms', note: 'navigation to 100k rows listed: newest page, then history pages without bodies over the WebSocket' },
      { name: 'page JS heap with the full list (after GC)', value: heap / 1e6, unit: 'MB' },
      { name: `traffic/list of ${COUNT.toLocaleString('en')} without bodies: fetch + parse in the page`, value: lean.ms, unit: 'ms', baseline: full.ms, ratio: lean.ms / full.ms, note: 'baseline: the same call with bodies (the old snapshot)' },
      { name: `traffic/list of ${COUNT.toLocaleString('en')} without bodies: JSON size`, value: lean.bytes / 1e6, unit: 'MB', baseline: full.bytes / 1e6, ratio: lean.bytes / full.bytes, note: 'baseline: with bodies' },
      { name: 'text filter over 100,000: key press to painted (median of 4)', value: filterPainted, unit: 'ms', baseline: baselineFilter, ratio: filterPainted / baselineFilter, note: `baseline: bare Array.filter/includes over 100k strings as long as the search keys (${keyLength} chars) in the page; aim < 100 ms` },
      { name: 'text filter over 100,000: store pass (median of 4)', value: filterStore, unit: 'ms', baseline: baselineFilter, ratio: filterStore / baselineFilter },
      { name: 'scrolling frame interval, median', value: scrollMedian, unit: 'ms', baseline: idleMedian, ratio: scrollMedian / idleMedian, note: 'baseline: idle page frame interval; aim < 16 ms work per frame' },
      { name: 'scrolling frame interval, p95', value: scrollP95, unit: 'ms', baseline: idleMedian, ratio: scrollP95 / idleMedian },
      { name: 'scrolling frame interval, max', value: scrollMax, unit: 'ms', baseline: idleMedian, ratio: scrollMax / idleMedian },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
