/**
 * Worker thread entry: decodes batches of recorded bodies (Content-Encoding, CWMP parse, summary) off the
 * proxy's forwarding thread. Built as its own main-process entry (`out/main/decode-worker.js`).
 */
import { parentPort } from 'node:worker_threads';
import { decodeBody } from '../runtime/decode-body';
import type { DecodeBatch, DecodeOutcome, DecodeReply } from './protocol';

function decodeBatch(batch: DecodeBatch): DecodeReply {
  const results: DecodeOutcome[] = [];
  for (const j of batch.jobs) {
    const d = decodeBody(Buffer.from(batch.buf, j.off, j.len), j.contentType, j.contentEncoding);
    const out: DecodeOutcome = { summary: d.summary };
    if (d.deviceId !== undefined) out.deviceId = d.deviceId;
    if (d.decoded) out.decoded = d.decoded;
    results.push(out);
  }
  return { seq: batch.seq, results };
}

parentPort?.on('message', (batch: DecodeBatch) => {
  parentPort!.postMessage(decodeBatch(batch));
});
// Loaded (codec included): the pool sends work from now on and decodes inline until then.
parentPort?.postMessage({ ready: true });
