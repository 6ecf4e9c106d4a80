import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted'; message: string };

/** Reads a request body up to `limit` bytes; beyond that it stops reading and says so. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
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
    const settle = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
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
