/** The one-line view of a decoded message that the traffic list shows. */
import type { CwmpSummary } from '../traffic/exchange';
import type { DecodeResult } from './types';

/** Summarises a decode result; `null` (no body to decode) gives an empty summary. */
export function summarize(result: DecodeResult | null): CwmpSummary {
  if (result === null) return { rpc: null, warnings: [] };
  if (!result.ok) return { rpc: null, warnings: [], error: `${result.error.code}: ${result.error.message}` };
  const m = result.message;
  const s: CwmpSummary = { rpc: null, namespace: m.namespace, warnings: [...new Set(m.warnings.map((w) => w.code))] };
  if (m.header.id !== undefined) s.id = m.header.id;
  const rpc = m.rpc;
  if (rpc === null) return s;
  if (rpc.name === 'Unknown') {
    s.rpc = rpc.method;
    return s;
  }
  s.rpc = rpc.name;
  if (rpc.name === 'Fault') {
    s.faultCode = rpc.faultCode;
    s.faultString = rpc.faultString;
  } else if (rpc.name === 'Inform') {
    s.events = rpc.event.map((e) => e.eventCode);
  }
  if ('parameterList' in rpc && Array.isArray(rpc.parameterList)) s.parameterCount = rpc.parameterList.length;
  else if ('parameterNames' in rpc && Array.isArray(rpc.parameterNames)) s.parameterCount = rpc.parameterNames.length;
  return s;
}
