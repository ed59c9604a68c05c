import { TamperedError } from '../errors.js';
import { decodeEntry, unopenedEntry } from './codec.js';
import { entryKey, seqOfEntryKey } from './layout.js';
import { batchBytes, type ReadContext } from './reader.js';
import { SEAL_OVERHEAD, unsealInto } from './seal.js';
import type { Entry } from './types.js';

/**
 * A whole-log read in two halves that can run on different threads. Here, where the store and
 * the key are, a chunk of entries is read and opened into one buffer; `decodeOpenedChunk`, which
 * needs neither store nor key, decodes it wherever the fold runs (a rebuild's worker thread).
 * One buffer per chunk makes the hand-over a transfer rather than a copy per entry.
 */
export interface OpenedChunk {
  /** Seq of the first entry; the others follow it without gaps. */
  first: number;
  /** The entries' plaintexts (CBOR), back to back. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Where each plaintext ends in `bytes`. */
  ends: Uint32Array<ArrayBuffer>;
}

/**
 * Entries from..to opened, `chunkSize` at a time. The same checks as readSeqChunks on this side
 * (every seq present, every seal opens); decodeOpenedChunk makes the rest (each plaintext is an
 * entry, sealed under the seq of its key).
 */
export async function* readOpenedChunks(ctx: ReadContext, from: number, to: number, chunkSize = 1024): AsyncGenerator<OpenedChunk> {
  if (from > to) return;
  let expected = from;
  const it = ctx.db.iterator({ gte: entryKey(from), lte: entryKey(to), highWaterMarkBytes: batchBytes(chunkSize) });
  // The next batch is read by LevelDB's thread while this one is opened.
  let next = it.nextv(chunkSize);
  try {
    for (;;) {
      const batch = await next;
      if (batch.length === 0) break;
      next = it.nextv(chunkSize);
      let total = 0;
      for (const [, value] of batch) total += Math.max(0, value.length - SEAL_OVERHEAD);
      const bytes = new Uint8Array(total);
      const ends = new Uint32Array(batch.length);
      const first = expected;
      let offset = 0;
      for (let i = 0; i < batch.length; i++) {
        const [k, value] = batch[i]!;
        const seq = seqOfEntryKey(k);
        if (seq !== expected) throw new TamperedError(expected, `entry ${expected} is missing (the next stored entry is ${seq ?? 'not an entry key'})`);
        const end = offset + value.length - SEAL_OVERHEAD;
        const opened = unsealInto(ctx.key, value, value.length < SEAL_OVERHEAD ? bytes.subarray(0, 0) : bytes.subarray(offset, end));
        if (opened !== 'ok') throw unopenedEntry(seq, opened, value.length);
        offset = end;
        ends[i] = end;
        expected++;
      }
      yield { first, bytes, ends };
    }
  } finally {
    // A read still in flight must settle before the iterator closes.
    await next.catch(() => undefined);
    await it.close();
  }
  if (expected <= to) throw new TamperedError(expected, `entry ${expected} is missing (the log should reach ${to})`);
}

/** The entries of an opened chunk, as stored (not upcast). Pure: runs on any thread. */
export function decodeOpenedChunk(chunk: OpenedChunk): Entry[] {
  const out = new Array<Entry>(chunk.ends.length);
  let start = 0;
  for (let i = 0; i < chunk.ends.length; i++) {
    const end = chunk.ends[i]!;
    out[i] = decodeEntry(chunk.first + i, chunk.bytes.subarray(start, end));
    start = end;
  }
  return out;
}
