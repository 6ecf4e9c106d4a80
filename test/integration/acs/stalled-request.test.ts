import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCwmp } from '../../../src-shared/cwmp/index';
import { makeInform, ScriptedCpe, startAcs, waitFor, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  // A 1 s session timeout (the ACS setting) bounds how long a silent CPE can hold a request open.
  h = await startAcs({ sessionTimeoutMs: 1000 });
});
afterEach(async () => {
  await h.close();
});

/** A raw connection to the ACS that sends `data` and then stays silent; resolves what came back on close. */
function silentAfter(data: string): { socket: net.Socket; closed: Promise<string> } {
  const url = new URL(h.acs.urls().http!);
  const socket = net.connect(Number(url.port), '127.0.0.1', () => socket.write(data));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => undefined);
  return { socket, closed };
}

describe('ACS: a CPE that goes silent mid-request', () => {
  it('closes a request whose body stops arriving and records its exchange as finished with the reason, serving others meanwhile', async () => {
    const body = buildCwmp({ rpc: makeInform('HALF'), header: { id: 'h1' }, namespace: 'urn:dslforum-org:cwmp-1-2' });
    const half = body.slice(0, Math.floor(body.length / 2));
    const stalled = silentAfter(`POST /acs HTTP/1.1\r\nHost: acs\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${half}`);

    // Another CPE is served while the first one hangs.
    const other = new ScriptedCpe(h.acs.urls().http!);
    expect((await other.send(makeInform('OTHER'))).status).toBe(200);
    expect((await other.send(null)).status).toBe(204);
    other.destroy();

    const answer = await stalled.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    const x = await waitFor(() => [...h.exchanges.values()].find((e) => e.error?.includes('stopped sending')));
    expect(x.finishedAt).toBeGreaterThanOrEqual(x.startedAt);
    expect(x.error).toContain('The CPE stopped sending mid-request after 1 s');
    expect(x.error).toContain(`after ${Buffer.byteLength(half)} bytes`);
    expect(x.response?.status).toBe(408);
    // Every exchange seen has finished: nothing is left open until the workbench stops.
    expect([...h.exchanges.values()].every((e) => e.finishedAt !== undefined)).toBe(true);
  });

  it('closes a connection that sends half of its headers and goes silent', async () => {
    const stalled = silentAfter('POST /acs HTTP/1.1\r\nHost: acs\r\nContent-Ty');
    const answer = await stalled.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(stalled.socket.destroyed).toBe(true);
  });
});
