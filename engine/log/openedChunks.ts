import { decodeEntry, unopenedEntry } from './codec.js';
import { sealedChunks, type ReadContext } from './reader.js';
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
  for await (const { first, values } of sealedChunks(ctx, from, to, chunkSize)) {
    let total = 0;
    for (const value of values) total += Math.max(0, value.length - SEAL_OVERHEAD);
    const bytes = new Uint8Array(total);
    const ends = new Uint32Array(values.length);
    let offset = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const end = offset + Math.max(0, value.length - SEAL_OVERHEAD);
      const opened = unsealInto(ctx.key, value, bytes.subarray(offset, end));
      if (opened !== 'ok') throw unopenedEntry(first + i, opened, value.length);
      offset = end;
      ends[i] = end;
    }
    yield { first, bytes, ends };
  }
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
