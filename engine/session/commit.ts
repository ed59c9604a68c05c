/**
 * The one path by which the engine records anything: events are folded into the engine's state at
 * once (so the next decision sees them even before they are durable), appended to the log (one
 * group-committed, synced batch for concurrent callers), and only after they are durable handed to
 * `onDurable` in log order — to act on them, publish them and answer waiting clients.
 *
 * The engine is the log's only writer, so the seq the fold assigns ahead of the append is the seq
 * the log gives the entry; a mismatch means the log and the state disagree and the engine stops.
 */
import type { TypedEvent } from '../events.js';
import type { Entry, EventLog, NewEvent } from '../log/types.js';
import { evolve, type EngineState } from './state.js';

export class Committer {
  private nextSeq: number;
  private failed: unknown = null;
  private pending = 0;

  constructor(
    private readonly log: EventLog,
    private readonly state: EngineState,
    private readonly onDurable: (entries: Entry[]) => void,
    private readonly onFatal: (err: unknown) => void,
  ) {
    this.nextSeq = log.headSeq;
  }

  commit(events: TypedEvent[]): Promise<Entry[]> {
    if (this.failed) return Promise.reject(this.failed);
    if (events.length === 0) return Promise.resolve([]);
    const first = this.nextSeq + 1;
    for (const ev of events) evolve(this.state, { seq: ++this.nextSeq, type: ev.type, stream: ev.stream, data: ev.data });
    const batch: NewEvent[] = events.map((ev) => (ev.v === undefined ? { type: ev.type, stream: ev.stream, data: ev.data } : { type: ev.type, v: ev.v, stream: ev.stream, data: ev.data }));
    this.pending += 1;
    return this.log.append(batch).then(
      (entries) => {
        this.pending -= 1;
        if (entries[0]?.seq !== first) {
          this.fail(new Error(`log assigned seq ${entries[0]?.seq} where the engine expected ${first}`));
        }
        this.onDurable(entries);
        return entries;
      },
      (err: unknown) => {
        this.pending -= 1;
        this.fail(err);
        throw err;
      },
    );
  }

  /** No append is on its way: the folded state is exactly the durable log. */
  get idle(): boolean {
    return this.pending === 0;
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = err;
    this.onFatal(err);
  }
}
