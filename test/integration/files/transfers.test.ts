import { createHash, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../src-main/files/file-store';
import { makeInform, ScriptedCpe, startAcs, waitFor, type Harness } from '../acs/helpers';

let h: Harness;
beforeEach(async () => {
  // A 1 s session timeout (the ACS setting) also bounds how long an upload may go silent.
  h = await startAcs({ sessionTimeoutMs: 1000 });
});
afterEach(async () => {
  await h.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function port(): number {
  return Number(new URL(h.acs.urls().http!).port);
}

/** A raw connection: what came back, and when the server closed it. */
function rawClient(p: number): { socket: net.Socket; connected: Promise<void>; closed: Promise<string> } {
  const socket = net.connect(p, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  return { socket, connected, closed };
}

function get(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

async function storeDirEntries(): Promise<string[]> {
  return readdir(join(h.dataDir, 'files'));
}

describe('file store: uploads that stall or crawl', () => {
  it('cuts an upload silent mid-body with 408 + Connection: close, records why, and leaves no file', async () => {
    const c = rawClient(port());
    await c.connected;
    c.socket.write(`PUT /upload/stall.bin HTTP/1.1\r\nHost: acs\r\nContent-Length: 100000\r\n\r\n`);
    c.socket.write(Buffer.alloc(1500, 7));

    // While it hangs, the partial upload is neither listed nor served.
    for (let i = 0; i < 100 && (await storeDirEntries()).length === 0; i++) await sleep(10);
    expect((await storeDirEntries()).length).toBe(1);
    expect(await h.acs.files.list()).toEqual([]);
    expect((await get(`${h.acs.urls().files}stall.bin`)).status).toBe(404);

    const answer = await c.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    const x = await waitFor(() => [...h.exchanges.values()].find((e) => e.kind === 'file' && e.request?.url === '/upload/stall.bin' && e.finishedAt));
    expect(x.response?.status).toBe(408);
    expect(x.error).toContain('stopped sending the upload for 1 s after 1500 bytes');
    expect(x.error).toContain('partial file was discarded');
    expect(await h.acs.files.list()).toEqual([]);
    expect(await storeDirEntries()).toEqual([]);
  });

  it('keeps serving the complete earlier file while a replacement stalls, and after it is cut', async () => {
    await writeFile(join(h.dataDir, 'files', 'keep.bin'), 'old');
    const c = rawClient(port());
    await c.connected;
    c.socket.write(`POST /files/upload/keep.bin HTTP/1.1\r\nHost: acs\r\nContent-Length: 5000\r\n\r\n`);
    c.socket.write('new-but-partial');
    for (let i = 0; i < 100 && (await storeDirEntries()).length < 2; i++) await sleep(10);
    expect((await get(`${h.acs.urls().files}keep.bin`)).body.toString()).toBe('old');
    expect((await c.closed)).toMatch(/^HTTP\/1\.1 408 /);
    expect((await h.acs.files.list()).map((f) => [f.name, f.size])).toEqual([['keep.bin', 3]]);
    expect(await storeDirEntries()).toEqual(['keep.bin']);
    expect((await get(`${h.acs.urls().files}keep.bin`)).body.toString()).toBe('old');
  });

  it('lets a slow but moving upload (bytes every 300 ms for 2 s) complete', async () => {
    const pieces = Array.from({ length: 7 }, (_, i) => Buffer.alloc(100, 65 + i));
    const whole = Buffer.concat(pieces);
    const c = rawClient(port());
    await c.connected;
    c.socket.write(`PUT /upload/slow.bin HTTP/1.1\r\nHost: acs\r\nContent-Length: ${whole.length}\r\nConnection: close\r\n\r\n`);
    for (const piece of pieces) {
      await sleep(300);
      c.socket.write(piece);
    }
    const answer = await c.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect((await h.acs.files.list()).map((f) => [f.name, f.size])).toEqual([['slow.bin', whole.length]]);
    expect((await get(`${h.acs.urls().files}slow.bin`)).body.equals(whole)).toBe(true);
    const x = await waitFor(() => [...h.exchanges.values()].find((e) => e.request?.url === '/upload/slow.bin' && e.finishedAt));
    expect(x.error).toBeUndefined();
    expect(x.response?.status).toBe(201);
  });

  it('cleans partial uploads a previous run left behind', async () => {
    const dir = join(h.dataDir, 'files');
    await writeFile(join(dir, '.fw.bin.123.0.abc.recv.part'), 'half');
    await writeFile(join(dir, 'kept.bin'), 'whole');
    await new FileStore(dir).init();
    expect(await storeDirEntries()).toEqual(['kept.bin']);
  });
});

describe('file store: downloads read slowly or dropped', () => {
  async function bigFile(name: string, size: number): Promise<Buffer> {
    const data = randomBytes(size);
    await writeFile(join(h.dataDir, 'files', name), data);
    return data;
  }

  it('serves a large download to a reader that pauses longer than the session timeout', async () => {
    const data = await bigFile('big.bin', 8 * 1024 * 1024);
    const digest = await new Promise<{ status: number; bytes: number; sha: string }>((resolve, reject) => {
      http
        .get(`${h.acs.urls().files}big.bin`, (res) => {
          const hash = createHash('sha256');
          let bytes = 0;
          let paused = 0;
          res.on('data', (c: Buffer) => {
            hash.update(c);
            bytes += c.length;
            // Stop reading twice mid-way, each time for longer than the 1 s timeout.
            if ((bytes > 2 * 1024 * 1024 && paused === 0) || (bytes > 5 * 1024 * 1024 && paused === 1)) {
              paused++;
              res.pause();
              setTimeout(() => res.resume(), 1300);
            }
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, sha: hash.digest('hex') }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    expect(digest.status).toBe(200);
    expect(digest.bytes).toBe(data.length);
    expect(digest.sha).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('stays healthy after a CPE drops a download mid-way, and records it as interrupted', async () => {
    const data = await bigFile('drop.bin', 16 * 1024 * 1024);
    await new Promise<void>((resolve) => {
      const req = http.get(`${h.acs.urls().files}drop.bin`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
    const x = await waitFor(() => [...h.exchanges.values()].find((e) => e.request?.url === '/files/drop.bin' && e.finishedAt));
    expect(x.error).toContain('Download interrupted');

    // The same file downloads whole afterwards, and CWMP sessions go on.
    const again = await get(`${h.acs.urls().files}drop.bin`);
    expect(again.status).toBe(200);
    expect(again.body.equals(data)).toBe(true);
    const cpe = new ScriptedCpe(h.acs.urls().http!);
    expect((await cpe.send(makeInform('AFTER-DROP'))).status).toBe(200);
    expect((await cpe.send(null)).status).toBe(204);
    cpe.destroy();
  });
});

describe('file store: size limit', () => {
  it('refuses an upload that grows past the limit without a Content-Length, keeping no file', async () => {
    const dir = join(h.dataDir, 'files-limit');
    const store = new FileStore(dir, () => ({ maxFileBytes: 64 * 1024, maxStoreBytes: 2 ** 40 }));
    await store.init();
    const server = http.createServer((req, res) => void store.receive('big.bin', req, res, 1000));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (server.address() as net.AddressInfo).port;
      const c = rawClient(p);
      await c.connected;
      c.socket.write(`POST /upload/big.bin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(16 * 1024, 1);
      for (let i = 0; i < 8 && !c.socket.destroyed; i++) {
        c.socket.write(`${chunk.length.toString(16)}\r\n`);
        c.socket.write(chunk);
        c.socket.write('\r\n');
        await sleep(10);
      }
      const answer = await c.closed;
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(await store.list()).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
