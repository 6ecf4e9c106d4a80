import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' | 'stalled'; message: string };

/**
 * Reads a request body up to `limit` bytes; beyond that it stops reading and says so. A sender silent for
 * `idleMs` mid-body (0 = no bound) is given up on ('stalled'): a slow but moving upload is not cut off.
 */
export function readBody(req: IncomingMessage, limit: number, idleMs = 0): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      resolve({ ok: false, reason: 'too-large', message: `Content-Length ${declared} exceeds ${limit}` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let idle: NodeJS.Timeout | null = null;
    const settle = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      if (idle) clearTimeout(idle);
      resolve(r);
    };
    if (idleMs > 0) {
      idle = setTimeout(() => settle({ ok: false, reason: 'stalled', message: `after ${size} bytes` }), idleMs);
      idle.unref();
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      idle?.refresh();
      size += chunk.length;
      if (size > limit) {
        req.resume();
        settle({ ok: false, reason: 'too-large', message: `Body exceeds ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
    req.on('aborted', () => settle({ ok: false, reason: 'aborted', message: `after ${size} bytes` }));
    req.on('error', (err) => settle({ ok: false, reason: 'aborted', message: err.message }));
    req.on('close', () => {
      if (!req.complete) settle({ ok: false, reason: 'aborted', message: `after ${size} bytes` });
    });
  });
}
