/**
 * Matching a request the ACS sends now to one the recorded ACS sent: same RPC, same arguments (field order
 * and decoder extras aside). Each recorded answer is used once, in recorded order, so a value read twice
 * across a change comes back as it was each time.
 */
import type { AcsRequest, CpeResponse, Fault, UnknownRpc } from '../cwmp/types';
import type { ReplayScript } from './script';

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => k !== 'extra')
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** A stable key for "the same request". */
export function requestKey(request: AcsRequest | UnknownRpc): string {
  return JSON.stringify(canonical(request));
}

/** The recorded answers, by request, handed out once each. */
export class RecordedAnswers {
  private readonly queues = new Map<string, Array<CpeResponse | Fault>>();

  constructor(script: ReplayScript) {
    for (const s of script.sessions) {
      for (const rpc of s.rpcs) {
        // Only answers that can be sent again: a decoded response or fault (not an unknown element).
        if (!rpc.answer || rpc.answer.name === 'Unknown') continue;
        const key = requestKey(rpc.request);
        const q = this.queues.get(key);
        if (q) q.push(rpc.answer);
        else this.queues.set(key, [rpc.answer]);
      }
    }
  }

  /** The next recorded answer to this request, or undefined when it was never (or no longer) recorded. */
  take(request: AcsRequest | UnknownRpc): CpeResponse | Fault | undefined {
    return this.queues.get(requestKey(request))?.shift();
  }
}
