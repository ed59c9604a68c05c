/**
 * zeromq.js allows one send in flight per socket (a second concurrent send rejects with EBUSY), so
 * every send on a shared socket goes through this queue. A failed send is reported to its caller
 * and never blocks the ones behind it.
 */
export type Frames = Array<Buffer | string>;

export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly sendFn: (frames: Frames) => Promise<void>) {}

  send(frames: Frames): Promise<void> {
    const next = this.tail.then(() => this.sendFn(frames));
    this.tail = next.catch(() => undefined);
    return next;
  }
}
