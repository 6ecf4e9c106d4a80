/**
 * Runs steps in the order they were queued, each once its input has settled. With nothing queued and an
 * input already at hand, a step runs at once, so the usual case costs no promise. The proxy uses it so
 * that exchanges whose bodies are decoded off-thread are still published, and their sessions assigned,
 * in the order they happened.
 */
export class InOrder {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  run<T>(input: T | Promise<T>, step: (value: T) => void): void {
    if (this.waiting === 0 && !(input instanceof Promise)) {
      // Called from socket events: a failing step (a broken sink) is reported, as queued ones are, not thrown.
      try {
        step(input);
      } catch (err) {
        stepFailed(err);
      }
      return;
    }
    this.waiting++;
    this.tail = this.tail
      .then(() => input)
      .then(step)
      .catch(stepFailed)
      .finally(() => {
        this.waiting--;
      });
  }

  /** Steps queued and not yet run. */
  get pending(): number {
    return this.waiting;
  }

  /** Resolves once every step queued so far has run (later ones are not waited for). */
  settled(): Promise<void> {
    return this.tail;
  }
}

function stepFailed(err: unknown): void {
  process.emitWarning(`proxy: recording step failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}
