import * as crypto from 'node:crypto';
import { nativeSha512Into } from './nativeOpen.js';

/**
 * The key space of the LevelDB store. A one-byte prefix per family keeps each family contiguous,
 * so a range iterator never strays into another. Keys carry no entry plaintext: entries are keyed
 * by seq, the per-stream index by a keyed hash of the stream name.
 *
 *   'e' seq(8, big-endian)            -> nonce || secretbox(cbor(entry))
 *   's' streamTag(16) firstSeq(8)     -> seqs of that stream, 6 bytes each (store format >= 2)
 *   't' typeTag(16) firstSeq(8)       -> seqs of that event type, 6 bytes each (store format >= 3)
 *   'm' name                          -> meta (format: plain decimal; head, migrations, types: sealed)
 */

const ENTRY = 0x65; // 'e'
const INDEX = 0x73; // 's'
const TYPE_INDEX = 0x74; // 't'
const META = 0x6d; // 'm'

/** Largest seq a key can hold; 2^48 entries is far beyond any log's life. */
export const MAX_SEQ = 2 ** 48 - 1;
export const STREAM_TAG_BYTES = 16;

export function entryKey(seq: number): Buffer {
  const k = Buffer.alloc(9);
  k[0] = ENTRY;
  k.writeUIntBE(seq, 3, 6);
  return k;
}

/** The seq a stored entry key names, or undefined for a key that is not an entry key. */
export function seqOfEntryKey(key: Uint8Array): number | undefined {
  if (key.length !== 9 || key[0] !== ENTRY || key[1] !== 0 || key[2] !== 0) return undefined;
  // By hand rather than through a Buffer view: a whole-log read does this for every entry.
  return (key[3]! * 0x10000 + key[4]! * 0x100 + key[5]!) * 0x1000000 + (key[6]! * 0x10000 + key[7]! * 0x100 + key[8]!);
}

/** Bounds covering every entry key (and nothing else). */
export const ENTRY_FIRST = entryKey(0);
export const ENTRY_END = Buffer.from([ENTRY + 1]);

const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** SHA-512 (byte-identical to tweetnacl's nacl.hash) truncated to 32 bytes. */
export function hash32(...parts: Uint8Array[]): Buffer {
  // Verifying hashes every stored value: libsodium, or else node's one-shot form (20.12+), costs
  // a half or less of a streaming hash object.
  if (parts.length === 1) {
    const native = nativeSha512Into();
    if (native) {
      const out = Buffer.allocUnsafe(64);
      native(out, parts[0]!);
      return out.subarray(0, 32);
    }
    if (oneShotHash) return oneShotHash('sha512', parts[0]!, 'buffer').subarray(0, 32);
  }
  const h = crypto.createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest().subarray(0, 32);
}

const INDEX_KEY_LABEL = Buffer.from('stui stream index key v1');

/** A key used only for stream tags, so the sealing key never feeds a hash whose output is stored. */
export function deriveIndexKey(key: Uint8Array): Buffer {
  return hash32(INDEX_KEY_LABEL, key);
}

/** Keyed hash of a stream name: equal streams match, but the name cannot be read back or guessed offline. */
export function streamTag(indexKey: Uint8Array, stream: string): Buffer {
  return hash32(indexKey, Buffer.from(stream, 'utf8')).subarray(0, STREAM_TAG_BYTES);
}

export function indexKey(tag: Uint8Array, seq: number): Buffer {
  const k = Buffer.alloc(1 + STREAM_TAG_BYTES + 8);
  k[0] = INDEX;
  k.set(tag, 1);
  k.writeUIntBE(seq, 1 + STREAM_TAG_BYTES + 2, 6);
  return k;
}

export function seqOfIndexKey(key: Uint8Array): number {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).readUIntBE(1 + STREAM_TAG_BYTES + 2, 6);
}

/**
 * Index records list seqs rather than being one key per entry: a batch writes one record per
 * stream it touches, which keeps the per-append cost of the index to a fraction of an operation.
 */
export const MAX_SEQS_PER_INDEX_RECORD = 256;
const SEQ_BYTES = 6;

export function encodeSeqList(seqs: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(seqs.length * SEQ_BYTES);
  seqs.forEach((seq, i) => b.writeUIntBE(seq, i * SEQ_BYTES, SEQ_BYTES));
  return b;
}

/** The seqs of an index record, or undefined if the value is not a well-formed ascending list. */
export function decodeSeqList(value: Uint8Array): number[] | undefined {
  if (value.length === 0 || value.length % SEQ_BYTES !== 0) return undefined;
  const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const seqs: number[] = [];
  for (let off = 0; off < b.length; off += SEQ_BYTES) {
    const seq = b.readUIntBE(off, SEQ_BYTES);
    if (seqs.length > 0 && seq <= seqs[seqs.length - 1]!) return undefined;
    seqs.push(seq);
  }
  return seqs;
}

/**
 * Seq-list records for a run of entries in seq order, grouped by `groupOf` (a stream, a type):
 * per group, lists of at most 256 seqs, each keyed by `keyOf(group, its first seq)`.
 */
function seqListRecords<E extends { seq: number }>(
  entries: Iterable<E>,
  groupOf: (e: E) => string,
  keyOf: (group: string, firstSeq: number) => Buffer,
): { key: Buffer; value: Buffer }[] {
  const byGroup = new Map<string, number[]>();
  const out: { key: Buffer; value: Buffer }[] = [];
  const flush = (group: string, seqs: number[]): void => {
    out.push({ key: keyOf(group, seqs[0]!), value: encodeSeqList(seqs) });
  };
  for (const e of entries) {
    const group = groupOf(e);
    let seqs = byGroup.get(group);
    if (!seqs) byGroup.set(group, (seqs = []));
    seqs.push(e.seq);
    if (seqs.length === MAX_SEQS_PER_INDEX_RECORD) {
      flush(group, seqs);
      byGroup.set(group, []);
    }
  }
  for (const [group, seqs] of byGroup) if (seqs.length > 0) flush(group, seqs);
  return out;
}

/** Stream-index records for a run of entries in seq order. */
export function indexRecords(indexKeyBytes: Uint8Array, entries: Iterable<{ seq: number; stream: string }>, tagOf?: (stream: string) => Buffer): { key: Buffer; value: Buffer }[] {
  const tag = tagOf ?? ((stream: string) => streamTag(indexKeyBytes, stream));
  return seqListRecords(entries, (e) => e.stream, (stream, seq) => indexKey(tag(stream), seq));
}

const TYPE_LABEL = Buffer.from('stui type index v1\0');

/**
 * Keyed hash of an event type, under its own label so a type and a stream of the same name get
 * unrelated tags.
 */
export function typeTag(indexKeyBytes: Uint8Array, type: string): Buffer {
  return hash32(indexKeyBytes, TYPE_LABEL, Buffer.from(type, 'utf8')).subarray(0, STREAM_TAG_BYTES);
}

export function typeIndexKey(tag: Uint8Array, seq: number): Buffer {
  const k = indexKey(tag, seq);
  k[0] = TYPE_INDEX;
  return k;
}

/** Type-index records for a run of entries in seq order. */
export function typeIndexRecords(indexKeyBytes: Uint8Array, entries: Iterable<{ seq: number; type: string }>, tagOf?: (type: string) => Buffer): { key: Buffer; value: Buffer }[] {
  const tag = tagOf ?? ((type: string) => typeTag(indexKeyBytes, type));
  return seqListRecords(entries, (e) => e.type, (type, seq) => typeIndexKey(tag(type), seq));
}

export const TYPE_INDEX_FIRST = Buffer.from([TYPE_INDEX]);
export const TYPE_INDEX_END = Buffer.from([TYPE_INDEX + 1]);

export const INDEX_FIRST = Buffer.from([INDEX]);
export const INDEX_END = Buffer.from([INDEX + 1]);

function metaKey(name: string): Buffer {
  return Buffer.concat([Buffer.from([META]), Buffer.from(name, 'ascii')]);
}

export const META_FORMAT = metaKey('format');
export const META_HEAD = metaKey('head');
export const META_MIGRATIONS = metaKey('migrations');
/** The event types the log holds (sealed): which type-index tags a `--type PREFIX` read visits. */
export const META_TYPES = metaKey('types');

export const ZERO_HASH: Uint8Array = new Uint8Array(32);
