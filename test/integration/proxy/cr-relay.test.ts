import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRequestRelay } from '../../../src-main/proxy/cr-relay';
import { CollectingSink, ScriptedAcs, send } from './helpers';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function relayTo(cpe: ScriptedAcs, sink: CollectingSink): Promise<string> {
  const relay = new ConnectionRequestRelay({ name: 'cr', listenHost: '127.0.0.1', advertisedHost: '127.0.0.1', sink });
  await relay.start();
  cleanups.push(() => relay.stop());
  return relay.relayUrlFor(`http://127.0.0.1:${cpe.port}/cr-path`, 'OUI-Box-SN1');
}

describe('connection request relay', () => {
  it('passes the CPE answer back and records it', async () => {
    // The CPE's connection request server (ScriptedAcs serves any HTTP).
    const cpe = await new ScriptedAcs(() => ({ status: 204, headers: [], body: '' })).start();
    cleanups.push(() => cpe.stop());
    const sink = new CollectingSink();
    const got = await send(await relayTo(cpe, sink), { method: 'GET', headers: [], body: '', agent: false });
    expect(got.status).toBe(204);
    expect(cpe.received[0].url).toBe('/cr-path');
    await sink.waitFor(1);
    expect(sink.finished[0]).toMatchObject({ kind: 'connection-request', deviceId: 'OUI-Box-SN1', response: { status: 204 } });
  });

  it('a CPE that hangs up mid-answer: the ACS side is cut and the exchange is recorded with why', async () => {
    const cpe = await new ScriptedAcs(() => (res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '500' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    }).start();
    cleanups.push(() => cpe.stop());
    const sink = new CollectingSink();
    const outcome = await send(await relayTo(cpe, sink), { method: 'GET', headers: [], body: '', agent: false }).then(
      () => 'answered',
      () => 'cut',
    );
    expect(outcome).toBe('cut');
    await sink.waitFor(1);
    expect(sink.finished[0].error).toMatch(/CPE hung up/);
    expect(sink.finished[0].response?.body.size).toBe(7);
  });
});
