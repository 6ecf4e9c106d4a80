/**
 * A recorded trace as a replay script: per CWMP session of one device, the requests the recorded ACS sent
 * and what the recorded CPE answered, decoded in full from the exchanges' bodies. Platform-free: it reads
 * exchanges however they were imported (capture file, HAR, numbered XML, pcap).
 */
import { bodyText } from '../capture/bytes';
import { reconstructSessions } from '../capture/sessions';
import { parseCwmp } from '../cwmp/decode';
import type { AcsRequest, CpeResponse, CwmpNamespace, Fault, Inform, UnknownRpc } from '../cwmp/types';
import type { Exchange } from '../traffic/exchange';

/** What the recorded CPE answered: a response, a fault, an unknown element, or nothing (none recorded). */
export type RecordedAnswer = CpeResponse | Fault | UnknownRpc | null;

export interface ScriptRpc {
  /** 1-based, across the whole script. */
  index: number;
  /** The request as the recorded ACS sent it, decoded (`Unknown` for a method the decoder does not know). */
  request: AcsRequest | UnknownRpc;
  /** The request's XML as recorded. */
  requestXml: string;
  answer: RecordedAnswer;
  /** The answer's XML as recorded ('' when none). */
  answerXml: string;
}

export interface ScriptSession {
  /** The recorded session id. */
  id: string;
  startedAt: number;
  /** The Inform's event codes. */
  events: string[];
  /** The Inform that opened it, when recorded and decodable. */
  inform?: Inform;
  rpcs: ScriptRpc[];
}

export interface ReplayScript {
  /** The recorded device, `OUI-ProductClass-SerialNumber`, when the trace names one. */
  device?: string;
  /** The namespace the recorded CPE spoke. */
  namespace?: CwmpNamespace;
  /** Every session of the device in order, including those where the ACS asked nothing. */
  sessions: ScriptSession[];
  /** Devices in the trace besides the chosen one. */
  otherDevices: string[];
  /** What could not be read (bodies that do not decode, truncated bodies). */
  warnings: string[];
}

function decodeRpc(xml: string): { rpc: unknown; namespace?: CwmpNamespace; error?: string } {
  const d = parseCwmp(xml);
  if (!d.ok) return { rpc: null, error: d.error.message };
  return { rpc: d.message.rpc, namespace: d.message.namespace ?? undefined };
}

function deviceKeyMatches(deviceId: string, wanted: string): boolean {
  return deviceId === wanted || deviceId.endsWith(`-${wanted}`);
}

/**
 * Builds the script for one device of the trace: `device` (a serial or OUI-Class-Serial) picks it when the
 * trace holds several and the ACS asked it something; otherwise the first device the ACS sent requests to.
 * (The bench CPE is often another device of the same trace: a name that matches a device the ACS never
 * asked anything does not make an empty script.)
 */
export function buildReplayScript(exchanges: Exchange[], options: { device?: string } = {}): ReplayScript {
  const byId = new Map(exchanges.map((x) => [x.id, x]));
  const sessions = reconstructSessions(exchanges);
  const warnings: string[] = [];
  const devices = [...new Set(sessions.map((s) => s.deviceId).filter((d): d is string => d !== undefined))];
  const asked = (d: string): boolean => sessions.some((s) => s.deviceId === d && s.pairs.some((p) => p.requester === 'acs'));
  const named = options.device ? devices.find((d) => deviceKeyMatches(d, options.device!)) : undefined;
  const device = named && asked(named) ? named : (devices.find(asked) ?? named ?? devices[0]);
  const out: ReplayScript = { device, sessions: [], otherDevices: devices.filter((d) => d !== device), warnings };
  let index = 0;
  for (const s of sessions) {
    if (devices.length > 0 && s.deviceId !== device) continue;
    const session: ScriptSession = { id: s.id, startedAt: s.startedAt, events: s.events, rpcs: [] };
    const informMsg = s.messages.find((m) => m.from === 'cpe' && m.rpc === 'Inform');
    if (informMsg) {
      const x = byId.get(informMsg.exchangeId);
      const d = decodeRpc(bodyText(x?.request?.body));
      if ((d.rpc as { name?: string } | null)?.name === 'Inform') session.inform = d.rpc as Inform;
      out.namespace ??= d.namespace;
    }
    for (const pair of s.pairs) {
      if (pair.requester !== 'acs') continue;
      const reqX = byId.get(pair.request.exchangeId);
      const requestXml = bodyText(reqX?.response?.body);
      if (reqX?.response?.body.truncated) warnings.push(`session ${s.id}: the ${pair.request.rpc} request was recorded truncated`);
      const req = decodeRpc(requestXml);
      if (!req.rpc) {
        warnings.push(`session ${s.id}: the ${pair.request.rpc ?? 'ACS'} request does not decode (${req.error ?? 'empty'}); left out`);
        continue;
      }
      let answer: RecordedAnswer = null;
      let answerXml = '';
      if (pair.response) {
        const ansX = byId.get(pair.response.exchangeId);
        answerXml = bodyText(ansX?.request?.body);
        const a = decodeRpc(answerXml);
        if (a.rpc) answer = a.rpc as RecordedAnswer;
        else warnings.push(`session ${s.id}: the answer to ${pair.request.rpc} does not decode (${a.error ?? 'empty'})`);
      }
      session.rpcs.push({ index: ++index, request: req.rpc as AcsRequest | UnknownRpc, requestXml, answer, answerXml });
    }
    out.sessions.push(session);
  }
  return out;
}

/** The sessions in which the recorded ACS asked something. */
export function sessionsWithRequests(script: ReplayScript): ScriptSession[] {
  return script.sessions.filter((s) => s.rpcs.length > 0);
}
