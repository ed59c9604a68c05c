import { StuiError } from '../errors.js';
import { currentVersion, upcast } from '../../migrations/index.js';
import { encodeEntry } from './codec.js';
import { LogClosedError, LogWriteError } from './errors.js';
import { GroupCommit, type GroupCommitStats } from './groupCommit.js';
import { entryKey, hash32, indexRecords, MAX_SEQ, META_TYPES, streamTag, typeIndexRecords, typeTag } from './layout.js';
import { firstSeqAtOrAfter, lastSeqAtOrBefore, readSeqRange, readStream, readTypes, type ReadContext } from './reader.js';
import { seal } from './seal.js';
import { headOp, sealedMetaOp, type BatchOp, type Db, type Tail } from './store.js';
import type { Entry, EventLog, NewEvent, ReadOptions } from './types.js';
import { walkChain, type VerifyOptions, type VerifyResult } from './verify.js';

/** The entries of one append() call and where the chain stands after them. */
interface AppendResult {
  entries: Entry[];
  tail: Tail;
}

interface Subscriber {
  next: number;
  live: boolean;
  active: boolean;
  onEntry: (entry: Entry) => void;
  onError: ((err: unknown) => void) | undefined;
}

function checkEvent(e: NewEvent): number {
  if (typeof e !== 'object' || e === null) throw new StuiError('E_FAILED', 'append: each event must be an object {type, stream, data}');
  if (typeof e.type !== 'string' || e.type.length === 0) throw new StuiError('E_FAILED', 'append: an event needs a non-empty string type');
  if (typeof e.stream !== 'string') throw new StuiError('E_FAILED', `append: ${e.type} needs a string stream`);
  const current = currentVersion(e.type);
  const v = e.v ?? current;
  if (!Number.isSafeInteger(v) || v < 1) throw new StuiError('E_FAILED', `append: ${e.type} has an invalid version ${String(v)}`);
  if (v > current) {
    throw new StuiError('E_UNKNOWN_VERSION', `append: ${e.type} v${v} is newer than this STUI knows (v${current}); upgrade STUI Sessions`, {
      type: e.type,
      v,
    });
  }
  return v;
}

/** An open log: sealing and chaining on append, group-committed writes, decrypting reads. */
export class Log implements EventLog {
  private tail: Tail;
  private durable: number;
  private closed = false;
  private readonly subs = new Set<Subscriber>();
  private readonly commit: GroupCommit<AppendResult>;
  private readonly ctx: ReadContext;
  // Streams repeat (a session appends many entries), so their keyed tags are remembered.
  private readonly tags = new Map<string, Buffer>();
  // Types are few (the brief's event names), so every one's tag is kept.
  private readonly typeTags = new Map<string, Buffer>();
  /**
   * Every type the log holds (or is about to): what a `type` prefix is matched against. Undefined
   * when the stored list is missing or does not open: reads by type then scan, as before the index.
   */
  private readonly types: Set<string> | undefined;

  constructor(
    private readonly db: Db,
    key: Uint8Array,
    indexKeyBytes: Uint8Array,
    tail: Tail,
    private readonly mode: { readOnly: boolean },
    types: Iterable<string> | null,
  ) {
    this.ctx = { db, key, indexKey: indexKeyBytes };
    this.types = types === null ? undefined : new Set(types);
    this.tail = tail;
    this.durable = tail.seq;
    this.commit = new GroupCommit<AppendResult>(
      (ops) => db.batch(ops, { sync: true }),
      // Each batch closes with its stream- and type-index records, the type list when it grew,
      // and the head record: the indexes never lag the entries they point at.
      (results) => {
        const entries = results.flatMap((r) => r.entries);
        const ops: BatchOp[] = [
          ...indexRecords(indexKeyBytes, entries, (s) => this.tagOf(s)),
          ...typeIndexRecords(indexKeyBytes, entries, (t) => this.typeTagOf(t)),
        ].map((r) => ({ type: 'put', key: r.key, value: r.value }));
        const types = this.types;
        if (types) {
          const before = types.size;
          for (const e of entries) types.add(e.type);
          if (types.size > before) ops.push(sealedMetaOp(key, META_TYPES, [...types].sort()));
        }
        const t = results[results.length - 1]!.tail;
        ops.push(headOp(key, { seq: t.seq, hash: t.hash, ts: t.ts }));
        return ops;
      },
      (results) => this.onDurable(results),
    );
  }

  get headSeq(): number {
    return this.durable;
  }

  /** How many synced batches carried how many append() calls (group commit at work). */
  get stats(): Readonly<GroupCommitStats> {
    return this.commit.stats;
  }

  /**
   * Seals and chains the events now, in call order, so sealing overlaps the batch being synced;
   * resolves once they are durable. All events of one call land in one atomic batch.
   */
  append(events: NewEvent[]): Promise<Entry[]> {
    if (this.closed) return Promise.reject(new LogClosedError());
    if (this.mode.readOnly) return Promise.reject(new StuiError('E_FAILED', 'append: this log was opened read-only'));
    if (this.commit.failed) return Promise.reject(new LogWriteError(this.commit.failed));
    if (events.length === 0) return Promise.resolve([]);
    let { seq, hash, ts } = this.tail;
    const entries: Entry[] = [];
    const ops: BatchOp[] = [];
    try {
      for (const e of events) {
        const v = checkEvent(e);
        if (seq >= MAX_SEQ) throw new StuiError('E_FAILED', 'append: the log is full');
        seq++;
        ts = Math.max(Date.now(), ts);
        const entry: Entry = { seq, ts, type: e.type, v, stream: e.stream, data: e.data, prev: hash };
        const sealed = seal(this.ctx.key, encodeEntry(entry));
        hash = hash32(sealed);
        entries.push(entry);
        ops.push({ type: 'put', key: entryKey(seq), value: sealed });
      }
    } catch (err) {
      // Nothing was queued and the chain state is untouched, so the log stays usable.
      if (err instanceof StuiError) return Promise.reject(err);
      return Promise.reject(new StuiError('E_FAILED', `append: an event cannot be encoded (${(err as Error).message})`));
    }
    this.tail = { seq, hash, ts };
    return this.commit.enqueue({ ops, result: { entries, tail: this.tail } }).then(
      (r) => r.entries,
      (err: unknown) => {
        throw err instanceof StuiError ? err : new LogWriteError(err);
      },
    );
  }

  private tagOf(stream: string): Buffer {
    let tag = this.tags.get(stream);
    if (!tag) {
      if (this.tags.size >= 4096) this.tags.clear();
      tag = streamTag(this.ctx.indexKey, stream);
      this.tags.set(stream, tag);
    }
    return tag;
  }

  private typeTagOf(type: string): Buffer {
    let tag = this.typeTags.get(type);
    if (!tag) this.typeTags.set(type, (tag = typeTag(this.ctx.indexKey, type)));
    return tag;
  }

  read(options: ReadOptions = {}): AsyncIterable<Entry> {
    return this.readUpcast(options);
  }

  private async *readUpcast(options: ReadOptions): AsyncGenerator<Entry> {
    for await (const e of this.readStored(options)) {
      if (options.type !== undefined && !e.type.startsWith(options.type)) continue;
      yield upcast(e);
    }
  }

  /** Entries as stored (not upcast), after seq, time and stream selection. */
  private async *readStored(options: ReadOptions): AsyncGenerator<Entry> {
    if (this.closed) throw new LogClosedError();
    let from = Math.max(1, Math.ceil(options.from ?? 1));
    let to = Math.min(this.durable, Math.floor(options.to ?? Infinity));
    if (options.since !== undefined && from <= to) from = await firstSeqAtOrAfter(this.ctx, options.since, from, to);
    if (options.until !== undefined && from <= to) to = await lastSeqAtOrBefore(this.ctx, options.until, from, to);
    if (from > to) return;
    if (options.stream !== undefined) yield* readStream(this.ctx, options.stream, from, to);
    else if (options.type && this.types) {
      const prefix = options.type;
      yield* readTypes(this.ctx, [...this.types].filter((t) => t.startsWith(prefix)), from, to);
    } else yield* readSeqRange(this.ctx, from, to);
  }

  subscribe(fromSeq: number, onEntry: (entry: Entry) => void, onError?: (err: unknown) => void): () => void {
    const sub: Subscriber = { next: Math.max(1, Math.floor(fromSeq)), live: false, active: true, onEntry, onError };
    this.subs.add(sub);
    void this.catchUp(sub);
    return () => {
      sub.active = false;
      this.subs.delete(sub);
    };
  }

  /**
   * Delivers stored entries until the subscriber reaches the durable head, then turns it live in
   * the same synchronous step that reads the head: onDurable runs synchronously too, so no batch
   * can slip between the last stored read and the first live delivery.
   */
  private async catchUp(sub: Subscriber): Promise<void> {
    try {
      while (sub.active) {
        const target = this.durable;
        if (sub.next > target) {
          sub.live = true;
          return;
        }
        for await (const e of this.read({ from: sub.next, to: target })) {
          if (!sub.active) return;
          sub.next = e.seq + 1;
          sub.onEntry(e);
        }
      }
    } catch (err) {
      // Closing the log ends subscriptions on purpose; that is not an error for the subscriber.
      if (sub.active && !this.closed) this.failSubscriber(sub, err);
    }
  }

  private onDurable(results: AppendResult[]): void {
    this.durable = results[results.length - 1]!.tail.seq;
    for (const sub of this.subs) {
      if (!sub.live) continue;
      try {
        for (const r of results) {
          for (const e of r.entries) {
            if (!sub.active || e.seq < sub.next) continue;
            sub.next = e.seq + 1;
            sub.onEntry(upcast(e));
          }
        }
      } catch (err) {
        this.failSubscriber(sub, err);
      }
    }
  }

  /** A subscriber whose callback throws is dropped; the error goes to onError or, failing that, is rethrown. */
  private failSubscriber(sub: Subscriber, err: unknown): void {
    sub.active = false;
    this.subs.delete(sub);
    if (sub.onError) sub.onError(err);
    else
      queueMicrotask(() => {
        throw err;
      });
  }

  /** Walks the whole chain of this open log (see verify.ts). */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    if (this.closed) throw new LogClosedError();
    await this.commit.idle();
    return walkChain(this.db, this.ctx.key, options);
  }

  /** Waits for queued appends, then closes LevelDB; appends after this are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subs) sub.active = false;
    this.subs.clear();
    await this.commit.idle();
    await this.db.close();
  }
}
