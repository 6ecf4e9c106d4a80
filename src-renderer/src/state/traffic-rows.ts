/**
 * The compact row the traffic list keeps per exchange. Everything a row shows or a filter tests is
 * computed once, when the exchange arrives, so scrolling and filtering 100,000 rows never touch a body.
 * Bodies are not kept here: the detail pane fetches the full exchange with `traffic/get`.
 */
import type { ListedExchange } from '../../../src-shared/api/index';
import type { ExchangeKind } from '../../../src-shared/traffic/exchange';
import { filterKeyOf } from '../../../src-shared/traffic/search-key';

export interface TrafficRow {
  id: string;
  /** Arrival order, stable across updates. */
  seq: number;
  kind: ExchangeKind;
  source: string;
  startedAt: number;
  durationMs?: number;
  deviceId?: string;
  /** The CWMP session, or the TCP connection when the exchange has none. */
  groupKey: string;
  direction: string;
  requestRpc: string | null;
  responseRpc: string | null;
  cwmpId?: string;
  /** cwmp:ID of the CPE's message (HTTP request) and of the ACS's (HTTP response), to pair RPCs. */
  requestId?: string;
  responseId?: string;
  status?: number;
  size: number;
  faultCode?: number;
  faultString?: string;
  events: string[];
  warnings: number;
  error?: string;
  /** Which message was edited at a proxy breakpoint (the exchange holds what was forwarded). */
  edited?: 'request' | 'response' | 'both';
  /** Lowercased text the free-text filter searches: the server's `searchText` (summary fields plus parameter names and values). */
  key: string;
}

export interface TrafficFilter {
  deviceId: string;
  rpc: string;
  eventCode: string;
  faultsOnly: boolean;
  warningsOnly: boolean;
  text: string;
}

export const EMPTY_FILTER: TrafficFilter = {
  deviceId: '',
  rpc: '',
  eventCode: '',
  faultsOnly: false,
  warningsOnly: false,
  text: '',
};

export type TrafficItem =
  | { type: 'row'; row: TrafficRow; grouped: boolean }
  | {
      type: 'group';
      key: string;
      deviceId?: string;
      startedAt: number;
      count: number;
      faults: number;
      warnings: number;
      collapsed: boolean;
    };

function directionOf(kind: ExchangeKind, source: string): string {
  switch (kind) {
    case 'cwmp':
      return source.startsWith('proxy') ? 'CPE ⇄ proxy' : 'CPE → ACS';
    case 'connection-request':
      return 'ACS → CPE';
    case 'file':
      return 'CPE → files';
    case 'tls-failure':
      return 'TLS';
    default:
      return assertNever(kind);
  }
}

function assertNever(x: never): never {
  throw new Error(`Unexpected value ${String(x)}`);
}

export function toRow(x: ListedExchange, seq: number): TrafficRow {
  const req = x.cwmpRequest;
  const res = x.cwmpResponse;
  const faultCode = req?.faultCode ?? res?.faultCode;
  const faultString = req?.faultCode !== undefined ? req.faultString : res?.faultString;
  const warnings = (req?.warnings.length ?? 0) + (res?.warnings.length ?? 0) + (req?.error ? 1 : 0) + (res?.error ? 1 : 0);
  const events = req?.events ?? [];
  const requestRpc = x.kind === 'cwmp' ? (req?.rpc ?? null) : (x.request ? `${x.request.method} ${x.request.url}` : null);
  const responseRpc = x.kind === 'cwmp' ? (res?.rpc ?? null) : null;
  // The server's precomputed text (list without bodies, live events); built here, the same way, for
  // exchanges from elsewhere (an older server, a script) that carry raw bodies instead. The text is copied:
  // Chromium searches a string straight out of JSON.parse about 1.7× slower than a fresh one, and a
  // split/join copy is as compact as the original where a regex replace's is ~15% larger (measured).
  // Words never hold whitespace, so a space for the newline matches the same.
  const key = filterKeyOf(x);
  return {
    id: x.id,
    seq,
    kind: x.kind,
    source: x.source,
    startedAt: x.startedAt,
    durationMs: x.finishedAt !== undefined ? x.finishedAt - x.startedAt : undefined,
    deviceId: x.deviceId,
    groupKey: x.sessionId ?? `conn:${x.connection.id}`,
    direction: directionOf(x.kind, x.source),
    requestRpc,
    responseRpc,
    cwmpId: req?.id ?? res?.id,
    requestId: req?.id,
    responseId: res?.id,
    status: x.response?.status,
    size: (x.request?.body.size ?? 0) + (x.response?.body.size ?? 0),
    faultCode,
    faultString,
    events,
    warnings,
    error: x.error,
    ...(x.original ? { edited: x.original.request && x.original.response ? 'both' : x.original.request ? 'request' : 'response' } : {}),
    key,
  };
}

/** Whether a row is "bad": a CWMP fault, an HTTP error, or a transport error. */
export function isFault(row: TrafficRow): boolean {
  return row.faultCode !== undefined || row.error !== undefined || (row.status !== undefined && row.status >= 400 && row.status !== 401);
}

/** Compiles a filter into one predicate; the free text is split into words that must all match. */
export function compileFilter(f: TrafficFilter): (row: TrafficRow) => boolean {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const { deviceId, rpc, eventCode, faultsOnly, warningsOnly } = f;
  return (row) => {
    if (deviceId && row.deviceId !== deviceId) return false;
    if (rpc && row.requestRpc !== rpc && row.responseRpc !== rpc) return false;
    if (eventCode && !row.events.includes(eventCode)) return false;
    if (faultsOnly && !isFault(row)) return false;
    if (warningsOnly && row.warnings === 0) return false;
    for (const w of words) if (!row.key.includes(w)) return false;
    return true;
  };
}

export function isEmptyFilter(f: TrafficFilter): boolean {
  return !f.deviceId && !f.rpc && !f.eventCode && !f.faultsOnly && !f.warningsOnly && !f.text.trim();
}

/** The virtual list's items: rows as they are, or sessions with their rows (collapsed ones hidden). */
export function buildItems(visible: TrafficRow[], grouping: 'flat' | 'session', collapsed: ReadonlySet<string>): TrafficItem[] {
  if (grouping === 'flat') return visible.map((row) => ({ type: 'row', row, grouped: false }));
  const groups = new Map<string, TrafficRow[]>();
  for (const row of visible) {
    const g = groups.get(row.groupKey);
    if (g) g.push(row);
    else groups.set(row.groupKey, [row]);
  }
  const items: TrafficItem[] = [];
  for (const [key, rows] of groups) {
    const isCollapsed = collapsed.has(key);
    let faults = 0;
    let warnings = 0;
    for (const r of rows) {
      if (isFault(r)) faults++;
      if (r.warnings) warnings++;
    }
    items.push({
      type: 'group',
      key,
      deviceId: rows.find((r) => r.deviceId)?.deviceId,
      startedAt: rows[0].startedAt,
      count: rows.length,
      faults,
      warnings,
      collapsed: isCollapsed,
    });
    if (!isCollapsed) for (const row of rows) items.push({ type: 'row', row, grouped: true });
  }
  return items;
}
