import { ACS_RESPONSE_NAMES, CPE_REQUEST_NAMES } from '../cwmp/rpc-names';
import type { CwmpMessage } from '../cwmp/types';
import { messageRoot } from '../datamodel/check-message';
import { FindingCollector } from './collector';
import { decodeWarningFindings } from './decode-findings';
import { checkCompletionEvents } from './completion-checks';
import { checkInform } from './inform-checks';
import { modelValueFindings } from './model-checks';
import { checkAgainstRequest, checkFault, checkResponseFields } from './response-checks';
import type { ConformanceContext, Finding } from './types';

// GetRPCMethods and its response go both ways: left to the fallback below.
const CPE_SENT: ReadonlySet<string> = new Set(CPE_REQUEST_NAMES.filter((n) => n !== 'GetRPCMethods'));
const ACS_RESPONSES: ReadonlySet<string> = new Set(ACS_RESPONSE_NAMES.filter((n) => n !== 'GetRPCMethodsResponse'));

/** Who sent a message, when the context does not say: CPE requests and responses and Faults are the CPE's. */
export function inferSender(message: CwmpMessage): 'cpe' | 'acs' {
  const name = message.rpc?.name;
  if (!name || name === 'Fault' || CPE_SENT.has(name)) return 'cpe';
  if (ACS_RESPONSES.has(name)) return 'acs';
  // GetRPCMethods goes both ways; its response is taken as the CPE's.
  return name.endsWith('Response') ? 'cpe' : 'acs';
}

/**
 * Checks one decoded CWMP message against the conformance rules (`CONFORMANCE_RULES`): the decoder's
 * tolerated quirks, the Inform rules, a response against its request, fault codes, and — with a model —
 * parameter values. Rules that need context the caller did not give (`request`, `history`, `model`,
 * `previousSession`, `sessionEvents`) are skipped. Never throws on any decoded message.
 */
export function conformanceCheck(message: CwmpMessage, ctx: ConformanceContext = {}): Finding[] {
  const out = new FindingCollector();
  decodeWarningFindings(message.warnings, out);
  const rpc = message.rpc;
  if (!rpc) return out.findings;
  // A message under the other root (TR-098 vs TR-181) is not judged against this model.
  const root = ctx.model ? messageRoot(message) : undefined;
  const model = root !== undefined && root !== ctx.model?.root ? undefined : ctx.model;
  const local: ConformanceContext = { ...ctx, model };
  if (rpc.name === 'Inform') checkInform(rpc, message, local, out);
  checkAgainstRequest(message, local, out);
  checkResponseFields(message, out);
  if (rpc.name === 'Fault') checkFault(rpc, ctx.sender ?? inferSender(message), out);
  if (ctx.sessionEvents) checkCompletionEvents(message, ctx.sessionEvents, out);
  if (model) modelValueFindings(message, model, out);
  return out.findings;
}

/** Counts findings by severity. */
export function countFindings(findings: readonly Finding[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
