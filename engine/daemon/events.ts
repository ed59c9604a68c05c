/**
 * The live event feed: a ZeroMQ PUB on `ipc://<home>/events.sock`. Each durable entry goes out as
 * two frames, [type, JSON entry], so a subscriber filters by type prefix ('' for everything,
 * 'eval.' for evaluations …). PUB never blocks: a slow subscriber loses messages past its queue
 * and catches up with the `log.read` command from the last seq it saw.
 */
import { Publisher } from 'zeromq';
import type { Entry } from '../log/types.js';
import { SendQueue } from '../../protocol/index.js';
import { entryJson } from '../session/handlers.js';

export class EventFeed {
  private readonly queue: SendQueue;
  private closed = false;

  private constructor(private readonly pub: Publisher) {
    this.queue = new SendQueue((frames) => this.pub.send(frames));
  }

  static async bind(address: string): Promise<EventFeed> {
    const pub = new Publisher({ linger: 0, sendHighWaterMark: 100_000 });
    await pub.bind(address);
    return new EventFeed(pub);
  }

  publish(entry: Entry): void {
    if (this.closed) return;
    this.queue.send([entry.type, JSON.stringify(entryJson(entry))]).catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pub.close();
  }
}
