/**
 * Reads several streams of the log through its per-stream index and hands their entries out in
 * seq order, as one fold would see them. Only the entries of those streams are unsealed, which is
 * what makes restoring one session cheap on a log holding many. A stream can join mid-way.
 */
import type { Entry, EventLog } from '../engine/log/index.js';

interface Head {
  stream: string;
  it: AsyncIterator<Entry>;
  entry: Entry;
}

export class StreamMerge {
  private readonly heads: Head[] = [];
  private readonly joined = new Set<string>();

  /** Entries with from <= seq <= to of the streams added. */
  constructor(
    private readonly log: EventLog,
    private readonly from: number,
    private readonly to: number,
  ) {}

  has(stream: string): boolean {
    return this.joined.has(stream);
  }

  /** Adds a stream, its entries from `from` (default: the merge's own start). */
  async add(stream: string, from = this.from): Promise<void> {
    if (this.joined.has(stream)) return;
    this.joined.add(stream);
    if (from > this.to) return;
    const it = this.log.read({ stream, from, to: this.to })[Symbol.asyncIterator]();
    const first = await it.next();
    if (!first.done) this.heads.push({ stream, it, entry: first.value });
  }

  /** The next entry in seq order across the streams, or undefined when all are done. */
  async next(): Promise<Entry | undefined> {
    if (this.heads.length === 0) return undefined;
    // A handful of streams: a linear scan beats a heap.
    let min = 0;
    for (let i = 1; i < this.heads.length; i++) if (this.heads[i]!.entry.seq < this.heads[min]!.entry.seq) min = i;
    const head = this.heads[min]!;
    const out = head.entry;
    const r = await head.it.next();
    if (r.done) this.heads.splice(min, 1);
    else head.entry = r.value;
    return out;
  }

  /** Ends the reads still open (closes their LevelDB iterators). */
  async close(): Promise<void> {
    const heads = this.heads.splice(0);
    for (const h of heads) await h.it.return?.();
  }
}
