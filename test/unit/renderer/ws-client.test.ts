import { describe, expect, it, vi } from 'vitest';
import { createWebSocketClient, type LinkState } from '../../../src-renderer/src/api/client';

/** A stand-in for the browser's WebSocket, driven by the test. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

describe('WebSocket client', () => {
  it('queues calls until open, answers by id, delivers events and reconnects', async () => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    const client = createWebSocketClient('ws://x/api/events?token=t', FakeSocket as unknown as typeof WebSocket);
    const states: LinkState[] = [];
    client.onLink((s) => states.push(s));
    const events: string[] = [];
    client.subscribe((e) => events.push(e.event));

    const result = client.call('devices/list', {});
    const ws = FakeSocket.all[0];
    expect(ws.sent).toHaveLength(0);
    ws.open();
    const frame = JSON.parse(ws.sent[0]);
    expect(frame).toMatchObject({ type: 'call', method: 'devices/list', params: {} });
    ws.receive({ type: 'result', id: frame.id, result: { devices: [] } });
    await expect(result).resolves.toEqual({ devices: [] });

    const failing = client.call('devices/get', { deviceId: 'nope' });
    ws.receive({ type: 'error', id: JSON.parse(ws.sent[1]).id, error: { code: 'not-found', message: 'no such device' } });
    await expect(failing).rejects.toMatchObject({ code: 'not-found', message: 'no such device' });

    ws.receive({ type: 'event', event: 'traffic/cleared', data: {} });
    expect(events).toEqual(['traffic/cleared']);

    const lost = client.call('devices/list', {});
    ws.close();
    await expect(lost).rejects.toMatchObject({ code: 'unavailable' });
    expect(states).toEqual(['connecting', 'open', 'closed']);
    vi.advanceTimersByTime(300);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(states.at(-1)).toBe('open');
    client.close();
    vi.useRealTimers();
  });
});
