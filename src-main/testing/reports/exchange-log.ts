/**
 * The exchanges that prove a verdict, as plain text for the JUnit `<system-out>` and the HTML report.
 * Renderers get a lookup rather than the traffic store, so they stay pure and a test feeds them exchanges.
 */
import type { CaseResult, TestRunReport } from '../../../src-shared/testing/report';
import type { Exchange, RecordedBody } from '../../../src-shared/traffic/exchange';
import { prettyXml } from '../../../src-shared/traffic/xml-pretty';

/** Finds a recorded exchange by its id (`Exchange.id`); undefined when it aged out. */
export type ExchangeLookup = (id: string) => Exchange | undefined;

/** How a report names an exchange: its arrival number when the case gives one, else its id. */
export type ExchangeRef = number | string;

export interface ReportInput {
  report: TestRunReport;
  exchange?: ExchangeLookup;
}

export interface ExchangeText {
  ref: ExchangeRef;
  /** One line: time, method and path, RPCs, status; or a note that the exchange is no longer recorded. */
  heading: string;
  request?: string;
  response?: string;
}

function bodyText(body: RecordedBody | undefined): string | undefined {
  if (!body || body.size === 0) return undefined;
  if (body.omitted) return `(${body.size} bytes, not kept)`;
  if (body.encoding === 'base64') return `(${body.size} bytes of binary data)`;
  const text = prettyXml(body.data);
  return body.truncated ? `${text}\n… (truncated; ${body.size} bytes on the wire)` : text;
}

function rpcOf(summary: Exchange['cwmpRequest']): string {
  if (!summary) return '';
  if (summary.rpc === null) return '(empty)';
  const fault = summary.faultCode !== undefined ? ` ${summary.faultCode}` : '';
  const events = summary.events?.length ? ` [${summary.events.join(', ')}]` : '';
  return `${summary.rpc}${fault}${events}`;
}

export function exchangeText(ref: ExchangeRef, exchange: Exchange | undefined): ExchangeText {
  if (!exchange) return { ref, heading: `#${ref}: no longer recorded` };
  const parts = [`#${ref}`, new Date(exchange.startedAt).toISOString()];
  if (exchange.kind === 'connection-request') parts.push('connection request');
  if (exchange.request) parts.push(`${exchange.request.method} ${exchange.request.url}`);
  const req = rpcOf(exchange.cwmpRequest);
  if (req) parts.push(`→ ${req}`);
  if (exchange.response) parts.push(`← ${exchange.response.status}${exchange.cwmpResponse ? ` ${rpcOf(exchange.cwmpResponse)}` : ''}`);
  if (exchange.error) parts.push(`error: ${exchange.error}`);
  return { ref, heading: parts.join('  '), request: bodyText(exchange.request?.body), response: bodyText(exchange.response?.body) };
}

/** A case's exchanges: `exchangeIds` finds them, `exchanges` (their arrival numbers, in the same order) names them. */
export function caseExchanges(c: CaseResult, lookup: ExchangeLookup | undefined): ExchangeText[] {
  const ids = c.exchangeIds ?? [];
  if (ids.length === 0) return c.exchanges.map((seq) => exchangeText(seq, undefined));
  return ids.map((id, i) => exchangeText(ids.length === c.exchanges.length ? c.exchanges[i] : id, lookup?.(id)));
}

/** The log of one case's exchanges as text. */
export function exchangeLog(c: CaseResult, lookup: ExchangeLookup | undefined): string {
  return caseExchanges(c, lookup)
    .map((x) => [x.heading, x.request && `--- CPE → ACS\n${x.request}`, x.response && `--- ACS → CPE\n${x.response}`].filter(Boolean).join('\n'))
    .join('\n\n');
}
