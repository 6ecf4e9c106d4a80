import { randomUUID } from 'node:crypto';
import type { Breakpoint, InterceptDirection, PausedMessage } from '../../src-shared/api/proxy';
import { NotFoundError } from '../../src-shared/errors/domain-error';

/** What the user decided about a paused message. */
export type InterceptDecision =
  | { action: 'resume' }
  | { action: 'drop' }
  | { action: 'edit'; body: string }
  | { action: 'fault'; faultCode: number; faultString: string };

interface Held {
  info: PausedMessage;
  decide: (d: InterceptDecision) => void;
  timer: NodeJS.Timeout;
}

/**
 * Breakpoints and the messages held at them. A held message is let go on its own after the profile's
 * timeout, so a forgotten breakpoint slows a session down instead of killing it.
 */
export class Interceptor {
  private breakpoints: Breakpoint[] = [];
  private readonly held = new Map<string, Held>();

  constructor(
    initial: Breakpoint[] = [],
    private readonly onChange: (what: 'breakpoints' | 'paused') => void = () => undefined,
  ) {
    this.breakpoints = [...initial];
  }

  list(): Breakpoint[] {
    return this.breakpoints.map((b) => ({ ...b }));
  }

  set(b: Omit<Breakpoint, 'id'> & { id?: string }): Breakpoint {
    const bp: Breakpoint = { ...b, id: b.id ?? randomUUID().slice(0, 8) };
    const at = this.breakpoints.findIndex((x) => x.id === bp.id);
    if (at >= 0) this.breakpoints[at] = bp;
    else this.breakpoints.push(bp);
    this.onChange('breakpoints');
    return { ...bp };
  }

  delete(id: string): boolean {
    const before = this.breakpoints.length;
    this.breakpoints = this.breakpoints.filter((b) => b.id !== id);
    const deleted = this.breakpoints.length !== before;
    if (deleted) this.onChange('breakpoints');
    return deleted;
  }

  private candidates(proxy: string, direction: InterceptDirection, deviceId: string | undefined): Breakpoint[] {
    return this.breakpoints.filter(
      (b) =>
        b.enabled &&
        (b.proxy === undefined || b.proxy === proxy) &&
        (b.direction === 'both' || b.direction === direction) &&
        // Before the Inform is seen the device is unknown; a device rule may still match then.
        (b.deviceId === undefined || deviceId === undefined || b.deviceId === deviceId),
    );
  }

  /** Whether a message in this direction might be paused: if so the proxy buffers it whole before forwarding. */
  mayPause(proxy: string, direction: InterceptDirection, deviceId: string | undefined): boolean {
    return this.breakpoints.length > 0 && this.candidates(proxy, direction, deviceId).length > 0;
  }

  match(proxy: string, direction: InterceptDirection, deviceId: string | undefined, rpc: string | null): Breakpoint | undefined {
    return this.candidates(proxy, direction, deviceId).find(
      (b) => (b.deviceId === undefined || b.deviceId === deviceId) && (b.rpc === undefined || b.rpc === (rpc ?? '')),
    );
  }

  /** Holds a message until the user decides or the timeout lets it go. */
  pause(info: Omit<PausedMessage, 'id' | 'pausedAt' | 'expiresAt'>, timeoutMs: number): { id: string; decision: Promise<InterceptDecision> } {
    const id = randomUUID().slice(0, 12);
    const pausedAt = Date.now();
    let decide!: (d: InterceptDecision) => void;
    const decision = new Promise<InterceptDecision>((resolve) => {
      decide = (d) => {
        const h = this.held.get(id);
        if (!h) return;
        clearTimeout(h.timer);
        this.held.delete(id);
        this.onChange('paused');
        resolve(d);
      };
    });
    const timer = setTimeout(() => decide({ action: 'resume' }), timeoutMs);
    timer.unref?.();
    this.held.set(id, { info: { ...info, id, pausedAt, expiresAt: pausedAt + timeoutMs }, decide, timer });
    this.onChange('paused');
    return { id, decision };
  }

  paused(): PausedMessage[] {
    return [...this.held.values()].map((h) => ({ ...h.info }));
  }

  decide(id: string, d: InterceptDecision): boolean {
    const h = this.held.get(id);
    if (!h) throw new NotFoundError(`no paused message ${id} (it may have been let go after its timeout)`);
    h.decide(d);
    return true;
  }

  /** Lets everything go (on stop). */
  releaseAll(proxy?: string): void {
    for (const h of [...this.held.values()]) if (proxy === undefined || h.info.proxy === proxy) h.decide({ action: 'resume' });
  }
}
