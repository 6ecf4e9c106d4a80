import type { ExchangeFinding } from '../../src-shared/api/datamodel';
import type { DecodedBody } from '../../src-shared/api/traffic';
import { checkAnnouncedCompletions, COMMAND_KEY_METHODS, conformanceCheck, decodeErrorFinding, FindingCollector, type ConformanceContext } from '../../src-shared/conformance/index';
import type { CwmpMessage, EventStruct } from '../../src-shared/cwmp/types';
import type { DataModel, DataModelRoot } from '../../src-shared/datamodel/data-model';
import { messageRoot } from '../../src-shared/datamodel/check-message';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { decodeRecordedBody } from '../runtime/recorded-body';

/** Earlier exchanges of a device that give an exchange its context (CommandKeys, the previous session). */
export const HISTORY_EXCHANGES = 200;

export interface CheckedExchange {
  exchange: Exchange;
  checked: { request: boolean; response: boolean };
  findings: ExchangeFinding[];
  /** The data model the values were checked against. */
  model?: DataModel;
}

export interface SequenceOptions {
  /** The model for a root; a device's reported root wins over the message's own. */
  modelFor(root: DataModelRoot): DataModel | undefined;
  deviceRoot?: DataModelRoot;
  /** Only these exchanges' findings are wanted (the others still give context). Default: all. */
  only?: ReadonlySet<string>;
}

function message(body: DecodedBody): CwmpMessage | undefined {
  return body && body.ok ? body.message : undefined;
}

/** The previous session ended cleanly when its last exchange was the CPE's empty POST answered with an empty 2xx. */
function sessionOutcome(last: Exchange): 'completed' | 'failed' {
  const emptyPost = last.request !== undefined && last.request.body.size === 0;
  const res = last.response;
  return emptyPost && res !== undefined && res.status >= 200 && res.status < 300 && res.body.size === 0 && !last.error ? 'completed' : 'failed';
}

/**
 * Checks recorded CWMP exchanges of one device in order (oldest first): each message with the ACS request
 * it answers, the requests sent earlier (for `M …` CommandKeys), how the previous session ended, and the
 * device's data model. Exchanges that are not CWMP (connection requests, file transfers, TLS failures)
 * are skipped.
 */
export function checkExchangeSequence(exchanges: readonly Exchange[], options: SequenceOptions): CheckedExchange[] {
  const results: CheckedExchange[] = [];
  const history: CwmpMessage[] = [];
  const lastInSession = new Map<string, Exchange>();
  const acsMessageInSession = new Map<string, CwmpMessage | undefined>();
  // Per session: its Inform's events, the CPE requests sent since, and whether its empty POST came.
  const informEvents = new Map<string, readonly EventStruct[]>();
  const cpeRequestsSent = new Map<string, Set<string>>();
  const ended = new Set<string>();
  let lastSessionKey: string | undefined;

  for (const ex of exchanges) {
    if (ex.kind !== 'cwmp') continue;
    const sessionKey = ex.sessionId ?? ex.id;
    const wanted = !options.only || options.only.has(ex.id);
    const previousSessionLast = lastSessionKey !== undefined && lastSessionKey !== sessionKey ? lastInSession.get(lastSessionKey) : undefined;

    // What the ACS sent is context for later exchanges; what the CPE sent matters only where findings are wanted.
    const resBody = decodeRecordedBody(ex.response);
    const acsMsg = message(resBody);
    const cpeRpc = ex.cwmpRequest?.rpc ?? null;
    // Informs open a session's context, so they are decoded even where no findings are wanted (so is a
    // body recorded without its summary, which cannot say whether it is one).
    const reqBody = wanted || cpeRpc === 'Inform' || (ex.cwmpRequest === undefined && (ex.request?.body.size ?? 0) > 0) ? decodeRecordedBody(ex.request) : null;
    const cpeMsg = message(reqBody);
    if (cpeMsg?.rpc?.name === 'Inform') {
      informEvents.set(sessionKey, cpeMsg.rpc.event);
      cpeRequestsSent.set(sessionKey, new Set());
    }
    const sessionEvents = informEvents.get(sessionKey);
    const emptyPost = ex.request !== undefined && ex.request.body.size === 0 && sessionEvents !== undefined && !ended.has(sessionKey);

    if (wanted) {
      const findings: ExchangeFinding[] = [];
      const root = options.deviceRoot ?? (cpeMsg && messageRoot(cpeMsg)) ?? (acsMsg && messageRoot(acsMsg));
      const model = root ? options.modelFor(root) : undefined;
      const add = (direction: 'request' | 'response', list: ReturnType<typeof conformanceCheck>): void => {
        for (const f of list) findings.push({ ...f, exchangeId: ex.id, direction });
      };
      const undecodable = (body: DecodedBody): ReturnType<typeof conformanceCheck> => {
        const out = new FindingCollector();
        if (body && !body.ok) decodeErrorFinding(body.error, out);
        return out.findings;
      };
      if (cpeMsg) {
        const ctx: ConformanceContext = { sender: 'cpe', history, model };
        const asked = acsMessageInSession.get(sessionKey);
        if (asked) ctx.request = asked;
        if (cpeMsg.rpc?.name === 'Inform' && previousSessionLast) ctx.previousSession = sessionOutcome(previousSessionLast);
        if (cpeMsg.rpc?.name !== 'Inform' && sessionEvents) ctx.sessionEvents = sessionEvents;
        add('request', conformanceCheck(cpeMsg, ctx));
      } else add('request', undecodable(reqBody));
      if (emptyPost) {
        const out = new FindingCollector();
        checkAnnouncedCompletions(sessionEvents, cpeRequestsSent.get(sessionKey) ?? new Set(), out);
        add('request', out.findings);
      }
      if (acsMsg) {
        add('response', conformanceCheck(acsMsg, { sender: 'acs', model, ...(cpeMsg ? { request: cpeMsg } : {}) }));
      } else add('response', undecodable(resBody));
      results.push({ exchange: ex, checked: { request: reqBody !== null, response: resBody !== null }, findings, model });
    }

    // Context for what follows: the ACS's latest message in this session, keyed requests, the session's end.
    if (emptyPost) ended.add(sessionKey);
    const sentName = cpeMsg?.rpc?.name ?? cpeRpc;
    if (sentName) cpeRequestsSent.get(sessionKey)?.add(sentName);
    acsMessageInSession.set(sessionKey, acsMsg);
    // Only requests whose CommandKey a later `M <method>` event echoes enter the history.
    if (acsMsg?.rpc && COMMAND_KEY_METHODS.has(acsMsg.rpc.name)) history.push(acsMsg);
    lastInSession.set(sessionKey, ex);
    lastSessionKey = sessionKey;
  }
  return results;
}
