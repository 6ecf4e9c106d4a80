import { mkdtemp, readFile, rm, truncate, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureWriter } from '../../../src-main/capture/writer';
import { parseCapture } from '../../../src-shared/capture/format';
import { exchange } from '../../unit/capture/fixtures';
import { gpvResponse, informXml } from '../../unit/capture/cwmp-bodies';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cwmp-writer-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'trace.ndjson');
}

describe('CaptureWriter', () => {
  it('appending to a file whose last line was torn by a crash keeps the new exchanges readable', async () => {
    const file = await tempFile();
    const first = new CaptureWriter(file);
    first.record(exchange({ cpe: informXml({ serial: 'T1' }), at: 1000 }));
    first.record(exchange({ cpe: gpvResponse('g1'), at: 2000 }));
    await first.close();
    // A kill -9 mid-write: the last line loses its tail and its newline.
    await truncate(file, (await stat(file)).size - 30);

    const second = new CaptureWriter(file);
    const next = exchange({ cpe: informXml({ serial: 'T2' }), at: 3000 });
    second.record(next);
    await second.close();

    const parsed = parseCapture(await readFile(file, 'utf8'));
    expect(parsed.exchanges.map((x) => x.id)).toContain(next.id);
    expect(parsed.exchanges).toHaveLength(2);
    expect(parsed.warnings).toHaveLength(1);
  });
});
