import { StuiError } from '../errors.js';
import { decodeEntry, unopenedEntry } from './codec.js';
import { hash32 } from './layout.js';
import { SEAL_OVERHEAD, unsealInto } from './seal.js';

/**
 * The per-entry half of verifying: each sealed value of a run of consecutive entries is opened,
 * decoded and hashed, with nothing shared between entries, so runs can be checked on several
 * threads at once. What links entries (prev against the predecessor's hash, time order) is
 * checked afterwards, in order, by the caller.
 */
export interface SealedRun {
  /** Seq of the first value; the others follow without gaps (the caller checked the keys). */
  first: number;
  /** The sealed values back to back. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Where each value ends in `bytes`. */
  ends: Uint32Array<ArrayBuffer>;
}

export interface CheckedRun {
  first: number;
  /** How many entries from `first` opened and decoded. */
  opened: number;
  /** 32 bytes per opened entry: the hash of its sealed value (what its successor's prev names). */
  hashes: Uint8Array<ArrayBuffer>;
  /** 32 bytes per opened entry: its prev. */
  prevs: Uint8Array<ArrayBuffer>;
  ts: Float64Array<ArrayBuffer>;
  /** Why entry first + opened did not open, when it did not. */
  failure?: { code: string; what: string };
}

export function checkRun(key: Uint8Array, run: SealedRun): CheckedRun {
  const n = run.ends.length;
  const hashes = new Uint8Array(32 * n);
  const prevs = new Uint8Array(32 * n);
  const ts = new Float64Array(n);
  // One buffer for the run's plaintexts rather than one allocation per entry.
  const plain = new Uint8Array(Math.max(0, run.bytes.length - n * SEAL_OVERHEAD));
  let start = 0;
  let out = 0;
  for (let i = 0; i < n; i++) {
    const value = run.bytes.subarray(start, run.ends[i]);
    start = run.ends[i]!;
    try {
      const seq = run.first + i;
      const size = Math.max(0, value.length - SEAL_OVERHEAD);
      const opened = unsealInto(key, value, plain.subarray(out, out + size));
      if (opened !== 'ok') throw unopenedEntry(seq, opened, value.length);
      const entry = decodeEntry(seq, plain.subarray(out, out + size));
      out += size;
      prevs.set(entry.prev, 32 * i);
      ts[i] = entry.ts;
    } catch (err) {
      if (!(err instanceof StuiError)) throw err;
      return { first: run.first, opened: i, hashes, prevs, ts, failure: { code: err.code, what: String(err.detail.what ?? err.message) } };
    }
    hashes.set(hash32(value), 32 * i);
  }
  return { first: run.first, opened: n, hashes, prevs, ts };
}
