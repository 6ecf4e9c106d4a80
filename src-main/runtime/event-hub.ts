import type { ApiEvent } from '../../src-shared/api/index';

export type EventListener = (event: ApiEvent) => void;

/** Services publish contract events here; transports (IPC, WebSocket) subscribe. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  publish(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed socket) must not stop the others or the publisher.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
