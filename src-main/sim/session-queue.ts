/**
 * One CPE's sessions, one at a time: a request made while a session runs starts the next one after it, and
 * requests made while that one still waits to start share it (their events go along with it).
 */
export class SessionQueue<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<T> | null = null;

  constructor(private readonly run: () => Promise<T>) {}

  /** The session that will start next (a new one, or the one already waiting to start). */
  request(): Promise<T> {
    if (!this.queued) {
      const next = this.chain.then(() => {
        this.queued = null;
        return this.run();
      });
      this.queued = next;
      this.chain = next.catch(() => undefined);
    }
    return this.queued;
  }

  /** Lets a session in flight finish, but not for longer than `ms`. */
  settled(ms: number): Promise<unknown> {
    return Promise.race([this.chain, new Promise((r) => setTimeout(r, ms).unref())]);
  }
}
