/**
 * One ordered path from the connection to the owner's `emit` (the log): events are appended one
 * at a time in the order the machine produced them, whether the machine waits for them (state
 * transitions) or not (heartbeat_missed). After close() nothing more is appended.
 */
import type { TypedEvent } from '../events.js';

export class OrderedWriter {
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly emit: (event: TypedEvent) => Promise<void>) {}

  /** Resolves when every event is appended (and everything queued before them). */
  write(events: TypedEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection stopped: event not written'));
    const run = this.tail.then(async () => {
      for (const event of events) {
        // Events queued before stop() but not yet begun are dropped: stop means no more events.
        if (this.closed) throw new Error('connection stopped: event not written');
        await this.emit(event);
      }
    });
    // A failed append fails its own caller; it must not block the ones queued after it.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Stops accepting events; resolves once an append already in progress has finished. */
  close(): Promise<void> {
    this.closed = true;
    return this.tail;
  }
}
