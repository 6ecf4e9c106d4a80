import { describe, expect, it, vi } from 'vitest';
import { InOrder } from '../../../src-main/proxy/in-order';

describe('InOrder', () => {
  it('runs steps in queue order, each once its input settles', async () => {
    const order = new InOrder();
    const seen: number[] = [];
    let release!: (v: number) => void;
    order.run(new Promise<number>((r) => (release = r)), (v) => seen.push(v));
    order.run(2, (v) => seen.push(v));
    expect(seen).toEqual([]);
    release(1);
    await order.settled();
    expect(seen).toEqual([1, 2]);
  });

  it('a failing step is reported and does not stop later ones, whether it ran at once or queued', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const order = new InOrder();
      const seen: string[] = [];
      expect(() =>
        order.run('now', () => {
          throw new Error('sink broke');
        }),
      ).not.toThrow();
      order.run(Promise.resolve('queued'), () => {
        throw new Error('sink broke again');
      });
      order.run('after', (v) => seen.push(v));
      await order.settled();
      expect(seen).toEqual(['after']);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(String(warn.mock.calls[0][0])).toMatch(/sink broke/);
    } finally {
      warn.mockRestore();
    }
  });
});
