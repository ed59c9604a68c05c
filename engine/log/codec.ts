import { Encoder } from 'cbor-x';
import { CorruptEntryError, TamperedError } from '../errors.js';
import type { Entry } from './types.js';
import { unseal } from './seal.js';

/**
 * Entry and head-record plaintexts. Records (cbor-x's shared structures) are off: a value must
 * decode on its own, years later, without the encoder state that wrote it.
 */
const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });

export function encodeEntry(entry: Entry): Uint8Array {
  return cbor.encode({
    seq: entry.seq,
    ts: entry.ts,
    type: entry.type,
    v: entry.v,
    stream: entry.stream,
    data: entry.data,
    prev: entry.prev,
  });
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function isSeq(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
}

/** Decodes an opened entry plaintext stored under key `seq`; anything that is not an entry throws. */
export function decodeEntry(seq: number, plaintext: Uint8Array): Entry {
  let raw: unknown;
  try {
    raw = cbor.decode(plaintext);
  } catch (err) {
    throw new CorruptEntryError(seq, `decrypts but is not CBOR (${(err as Error).message})`);
  }
  if (!isPlainObject(raw)) throw new CorruptEntryError(seq, 'decrypts to CBOR that is not an entry (not a map)');
  const { seq: innerSeq, ts, type, v, stream, prev } = raw;
  const wrong = (field: string): never => {
    throw new CorruptEntryError(seq, `decrypts to CBOR that is not an entry (bad or missing "${field}")`);
  };
  if (!isSeq(innerSeq)) wrong('seq');
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) wrong('ts');
  if (typeof type !== 'string' || type.length === 0) wrong('type');
  if (!isSeq(v)) wrong('v');
  if (typeof stream !== 'string') wrong('stream');
  if (!('data' in raw)) wrong('data');
  if (!(prev instanceof Uint8Array) || prev.length !== 32) wrong('prev');
  // The seq is sealed with the entry, so a value copied or moved to another key shows here.
  if (innerSeq !== seq) {
    throw new TamperedError(seq, `the value stored as entry ${seq} is entry ${innerSeq as number} (moved, swapped or replayed)`);
  }
  return {
    seq,
    ts: ts as number,
    type: type as string,
    v: v as number,
    stream: stream as string,
    data: raw.data,
    prev: prev as Uint8Array,
  };
}

/** Opens and decodes the sealed value stored under entry key `seq`, as written (not upcast). */
export function openEntry(key: Uint8Array, seq: number, sealed: Uint8Array): Entry {
  const opened = unseal(key, sealed);
  if (!opened.ok) throw unopenedEntry(seq, opened.why, sealed.length);
  return decodeEntry(seq, opened.plaintext);
}

/** The error for an entry whose sealed value does not open. */
export function unopenedEntry(seq: number, why: 'truncated' | 'seal', length: number): CorruptEntryError | TamperedError {
  if (why === 'truncated') {
    return new CorruptEntryError(seq, `the stored value is truncated (${length} bytes, shorter than any sealed entry)`);
  }
  return new TamperedError(seq, 'the seal does not open: stored bytes were changed or cut');
}

/** The head record: the newest seq and the hash of its sealed value, kept with every batch. */
export interface Head {
  seq: number;
  hash: Uint8Array;
  ts: number;
}

export function encodeHead(head: Head): Uint8Array {
  return cbor.encode({ seq: head.seq, hash: head.hash, ts: head.ts });
}

export function decodeHead(plaintext: Uint8Array): Head | undefined {
  try {
    const raw: unknown = cbor.decode(plaintext);
    if (!isPlainObject(raw)) return undefined;
    const { seq, hash, ts } = raw;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
    if (!(hash instanceof Uint8Array) || hash.length !== 32) return undefined;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) return undefined;
    return { seq, hash, ts };
  } catch {
    return undefined;
  }
}

export function encodeMeta(value: unknown): Uint8Array {
  return cbor.encode(value);
}

export function decodeMeta(plaintext: Uint8Array): unknown {
  return cbor.decode(plaintext);
}
