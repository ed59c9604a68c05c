import { TamperedError } from '../errors.js';
import { openEntry } from './codec.js';
import { decodeSeqList, entryKey, indexKey, seqOfEntryKey, seqOfIndexKey, streamTag, typeIndexKey, typeTag } from './layout.js';
import type { Db } from './store.js';
import type { Entry } from './types.js';

/**
 * Reads straight from LevelDB iterators, a chunk at a time, so memory stays flat however long the
 * log is. Entries come back as stored (not upcast); every one is unsealed and its sealed seq
 * checked against its key.
 */

const CHUNK = 256;

/**
 * classic-level stops filling a nextv() batch once it holds this many bytes (16 KiB by default,
 * about 70 entries): a long read then makes one trip to LevelDB's thread per 70 entries, which
 * halves the rate of a whole-log scan. Room for a full chunk of typical entries (~240 bytes).
 */
export function batchBytes(entries: number): number {
  return Math.max(16 * 1024, entries * 512);
}

export interface ReadContext {
  db: Db;
  key: Uint8Array;
  indexKey: Uint8Array;
}

/**
 * Entries from..to (inclusive) in seq order. Within that range every seq must be present, so a
 * removed entry is reported rather than skipped; `to` must not exceed the durable head.
 */
export async function* readSeqRange(ctx: ReadContext, from: number, to: number): AsyncGenerator<Entry> {
  if (from > to) return;
  let expected = from;
  const it = ctx.db.iterator({ gte: entryKey(from), lte: entryKey(to), highWaterMarkBytes: batchBytes(CHUNK) });
  try {
    for (;;) {
      const chunk = await it.nextv(CHUNK);
      if (chunk.length === 0) break;
      for (const [k, value] of chunk) {
        const seq = seqOfEntryKey(k);
        if (seq !== expected) throw new TamperedError(expected, `entry ${expected} is missing (the next stored entry is ${seq ?? 'not an entry key'})`);
        yield openEntry(ctx.key, seq, value);
        expected++;
      }
    }
  } finally {
    await it.close();
  }
  if (expected <= to) throw new TamperedError(expected, `entry ${expected} is missing (the log should reach ${to})`);
}

/** One entry by seq (as stored), or throws if it is missing although seq <= head. */
export async function entryAt(ctx: ReadContext, seq: number): Promise<Entry> {
  const value = await ctx.db.get(entryKey(seq));
  if (value === undefined) throw new TamperedError(seq, `entry ${seq} is missing`);
  return openEntry(ctx.key, seq, value);
}

/**
 * Timestamps never decrease along the log, so the first seq in [lo, hi] with ts >= since is found
 * by binary search with log2(n) point reads; no plaintext time index is kept. Returns hi + 1 when
 * no entry qualifies.
 */
export async function firstSeqAtOrAfter(ctx: ReadContext, since: number, lo: number, hi: number): Promise<number> {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2);
    if ((await entryAt(ctx, mid)).ts >= since) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** The last seq in [lo, hi] with ts <= until (lo - 1 when none). */
export async function lastSeqAtOrBefore(ctx: ReadContext, until: number, lo: number, hi: number): Promise<number> {
  return (await firstSeqAtOrAfter(ctx, until + 1, lo, hi)) - 1;
}

/**
 * The seqs in [from, to] that one index (stream or type) lists, ascending, a batch at a time.
 * `keyOf(seq)` builds that index's key for a record starting at seq.
 */
async function* indexedSeqs(ctx: ReadContext, keyOf: (seq: number) => Buffer, from: number, to: number): AsyncGenerator<number[]> {
  // The record holding `from` may start before it: begin at the last record starting at or before `from`.
  let start = keyOf(from);
  const back = ctx.db.keys({ gte: keyOf(0), lte: start, reverse: true, limit: 1 });
  try {
    const k = await back.next();
    if (k) start = k;
  } finally {
    await back.close();
  }
  const it = ctx.db.iterator({ gte: start, lte: keyOf(to) });
  let pending: number[] = [];
  let last = 0;
  try {
    for (;;) {
      const records = await it.nextv(CHUNK / 8);
      for (const [k, value] of records) {
        const seqs = decodeSeqList(value);
        const first = seqOfIndexKey(k);
        if (!seqs || seqs[0] !== first || first <= last) {
          throw new TamperedError(first, 'the index record starting at this entry is malformed');
        }
        last = seqs[seqs.length - 1]!;
        for (const seq of seqs) if (seq >= from && seq <= to) pending.push(seq);
      }
      if (pending.length >= CHUNK || (records.length === 0 && pending.length > 0)) {
        yield pending;
        pending = [];
      }
      if (records.length === 0) break;
    }
  } finally {
    await it.close();
  }
}

/**
 * Entries of one stream through the keyed index. The index is only a pointer: each entry's own
 * sealed stream name is checked, so a forged index record cannot pass off another stream's entry.
 */
export async function* readStream(ctx: ReadContext, stream: string, from: number, to: number): AsyncGenerator<Entry> {
  if (from > to) return;
  const tag = streamTag(ctx.indexKey, stream);
  for await (const seqs of indexedSeqs(ctx, (seq) => indexKey(tag, seq), from, to)) {
    yield* fetchEntries(ctx, seqs, (e) => e.stream === stream, 'the stream index points at an entry of another stream');
  }
}

/**
 * Entries of the given types (exact names) in seq order, through the keyed type index: one
 * ascending seq source per type, merged. As with streams, each entry's own sealed type is
 * checked against the type whose index pointed at it.
 */
export async function* readTypes(ctx: ReadContext, types: readonly string[], from: number, to: number): AsyncGenerator<Entry> {
  if (from > to || types.length === 0) return;
  const sources = types.map((type) => {
    const tag = typeTag(ctx.indexKey, type);
    return { it: indexedSeqs(ctx, (seq) => typeIndexKey(tag, seq), from, to), batch: [] as number[], at: 0, done: false };
  });
  const fill = async (s: (typeof sources)[number]): Promise<void> => {
    while (!s.done && s.at >= s.batch.length) {
      const r = await s.it.next();
      if (r.done) s.done = true;
      else {
        s.batch = r.value;
        s.at = 0;
      }
    }
  };
  const wanted = new Set(types);
  try {
    await Promise.all(sources.map(fill));
    let out: number[] = [];
    for (;;) {
      let min: (typeof sources)[number] | undefined;
      for (const s of sources) if (!s.done && (!min || s.batch[s.at]! < min.batch[min.at]!)) min = s;
      if (!min) break;
      out.push(min.batch[min.at++]!);
      if (min.at >= min.batch.length) await fill(min);
      if (out.length >= CHUNK) {
        yield* fetchEntries(ctx, out, (e) => wanted.has(e.type), 'the type index points at an entry of another type');
        out = [];
      }
    }
    if (out.length > 0) yield* fetchEntries(ctx, out, (e) => wanted.has(e.type), 'the type index points at an entry of another type');
  } finally {
    await Promise.all(sources.map((s) => s.it.return(undefined)));
  }
}

async function* fetchEntries(ctx: ReadContext, seqs: number[], belongs: (e: Entry) => boolean, forged: string): AsyncGenerator<Entry> {
  const values = await ctx.db.getMany(seqs.map(entryKey));
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i]!;
    const value = values[i];
    if (value === undefined) throw new TamperedError(seq, `entry ${seq} is missing (an index points at it)`);
    const entry = openEntry(ctx.key, seq, value);
    if (!belongs(entry)) throw new TamperedError(seq, forged);
    yield entry;
  }
}

/**
 * The stored (sealed) values of entries from..to, a LevelDB batch at a time, each batch with the
 * seq of its first entry: every seq in the range is checked present and in order (a gap throws
 * once the entries before it have been handed out). The next batch
 * is read (off the main thread, by LevelDB) while the caller works on this one.
 */
export async function* sealedChunks(ctx: ReadContext, from: number, to: number, chunkSize: number): AsyncGenerator<{ first: number; values: Uint8Array[] }> {
  if (from > to) return;
  let expected = from;
  const it = ctx.db.iterator({ gte: entryKey(from), lte: entryKey(to), highWaterMarkBytes: batchBytes(chunkSize) });
  let next = it.nextv(chunkSize);
  try {
    for (;;) {
      const batch = await next;
      if (batch.length === 0) break;
      next = it.nextv(chunkSize);
      const first = expected;
      const values = new Array<Uint8Array>(batch.length);
      for (let i = 0; i < batch.length; i++) {
        const [k, value] = batch[i]!;
        const seq = seqOfEntryKey(k);
        if (seq !== expected) {
          // The entries before the gap first: damage earlier in the log is reported first.
          if (i > 0) yield { first, values: values.slice(0, i) };
          throw new TamperedError(expected, `entry ${expected} is missing (the next stored entry is ${seq ?? 'not an entry key'})`);
        }
        values[i] = value;
        expected++;
      }
      yield { first, values };
    }
  } finally {
    // A read still in flight must settle before the iterator closes.
    await next.catch(() => undefined);
    await it.close();
  }
  if (expected <= to) throw new TamperedError(expected, `entry ${expected} is missing (the log should reach ${to})`);
}

/**
 * readSeqRange a chunk at a time: one await per LevelDB chunk instead of several per entry, for
 * folds that go through the whole log (a rebuild). Same checks, same order, entries as stored.
 */
export async function* readSeqChunks(ctx: ReadContext, from: number, to: number, chunkSize = 1024): AsyncGenerator<Entry[]> {
  for await (const { first, values } of sealedChunks(ctx, from, to, chunkSize)) {
    yield values.map((value, i) => openEntry(ctx.key, first + i, value));
  }
}
