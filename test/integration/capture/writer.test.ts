import { mkdtemp, readdir, readFile, rm, truncate, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  it('rotation after reopening a capture starts a new part after the existing ones, each with its header', async () => {
    const file = await tempFile();
    const dir = dirname(file);
    // rotateBytes 1: every exchange fills its file, so each record rotates.
    const first = new CaptureWriter(file, { rotateBytes: 1 });
    first.record(exchange({ cpe: informXml({ serial: 'R1' }), at: 1000 }));
    await first.close();
    const part2 = await readFile(join(dir, 'trace.part2.ndjson'), 'utf8');

    // Recording resumes into the same file.
    const second = new CaptureWriter(file, { rotateBytes: 1 });
    second.record(exchange({ cpe: informXml({ serial: 'R2' }), at: 2000 }));
    const later = exchange({ cpe: gpvResponse('g2'), at: 3000 });
    second.record(later);
    await second.close();

    expect((await readdir(dir)).sort()).toEqual(['trace.ndjson', 'trace.part2.ndjson', 'trace.part3.ndjson', 'trace.part4.ndjson']);
    // The existing part is left as it was; the new parts each open with a header naming what they continue.
    expect(await readFile(join(dir, 'trace.part2.ndjson'), 'utf8')).toBe(part2);
    const p3 = parseCapture(await readFile(join(dir, 'trace.part3.ndjson'), 'utf8'));
    expect(p3.header?.continues).toBe('trace.ndjson');
    expect(p3.exchanges.map((x) => x.id)).toEqual([later.id]);
    expect(p3.warnings).toEqual([]);
    const p4 = parseCapture(await readFile(join(dir, 'trace.part4.ndjson'), 'utf8'));
    expect(p4.header?.continues).toBe('trace.part3.ndjson');
  });
});
