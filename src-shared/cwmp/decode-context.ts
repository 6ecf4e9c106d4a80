/** Collects warnings and unknown elements during one decode. */
import type { DecodeWarning } from './types';
import type { WarnSink } from './lexical';

/** A 10,000-parameter message with the same quirk on every value reports it this many times, then a count. */
const MAX_WARNINGS_PER_CODE = 20;

export class DecodeContext implements WarnSink {
  readonly warnings: DecodeWarning[] = [];
  /** Unknown elements inside the RPC, by path below the RPC element. */
  extra: Record<string, unknown> | undefined;
  private readonly counts = new Map<string, number>();

  warn(code: string, message: string, path?: string): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n > MAX_WARNINGS_PER_CODE) return;
    this.warnings.push(path === undefined ? { code, message } : { code, message, path });
  }

  /** Keeps an element the decoder does not know. `path` starts with the RPC name, which is dropped. */
  keepUnknown(path: string, value: unknown): void {
    const slash = path.indexOf('/');
    const key = slash === -1 ? path : path.slice(slash + 1);
    const extra = (this.extra ??= {});
    if (key in extra) {
      const prev = extra[key];
      extra[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else {
      extra[key] = value;
    }
    this.warn('unknown-element', `Unknown element <${key.slice(key.lastIndexOf('/') + 1)}> kept in 'extra'`, path);
  }

  /** The warnings, with one summary line per code that hit the cap. */
  finish(): DecodeWarning[] {
    for (const [code, n] of this.counts) {
      if (n > MAX_WARNINGS_PER_CODE) {
        this.warnings.push({ code, message: `${n - MAX_WARNINGS_PER_CODE} more '${code}' warnings not listed` });
      }
    }
    return this.warnings;
  }
}
