import { logLocation } from './location.js';
import { Level } from 'level';
import { StoreFormatError, LogLockedError } from './errors.js';
import { decodeHead, decodeMeta, encodeHead, encodeMeta, openEntry, type Head } from './codec.js';
import { ENTRY_END, ENTRY_FIRST, META_FORMAT, META_HEAD, META_MIGRATIONS, META_TYPES, ZERO_HASH, hash32, seqOfEntryKey } from './layout.js';
import { seal, unseal } from './seal.js';
import { StuiError, TamperedError } from '../errors.js';

/** The LevelDB store under `<home>/log`, with raw byte keys and values. */
export type Db = Level<Buffer, Buffer>;
export type BatchOp = { type: 'put'; key: Buffer; value: Buffer };

export { LOG_DIR, logExists, logLocation } from './location.js';

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (codes.length > 8) break;
  }
  return codes;
}

/** LevelDB settings a caller may choose; unset ones keep LevelDB's defaults. */
export interface DbTuning {
  maxOpenFiles?: number;
}

export async function openDb(home: string, tuning: DbTuning = {}): Promise<Db> {
  return openDbAt(logLocation(home), tuning);
}

export async function openDbAt(location: string, tuning: DbTuning = {}): Promise<Db> {
  const db = new Level<Buffer, Buffer>(location, {
    keyEncoding: 'buffer',
    valueEncoding: 'buffer',
    ...(tuning.maxOpenFiles === undefined ? {} : { maxOpenFiles: tuning.maxOpenFiles }),
  });
  try {
    await db.open();
  } catch (err) {
    if (causeCodes(err).includes('LEVEL_LOCKED')) throw new LogLockedError(location);
    throw err;
  }
  return db;
}

/** The store format number, kept in plain text: it is about the layout, not about any entry. */
export async function readFormat(db: Db): Promise<number | undefined> {
  const raw = await db.get(META_FORMAT);
  if (raw === undefined) return undefined;
  const n = Number(raw.toString('ascii'));
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new StoreFormatError(`the log's format record is unreadable (${JSON.stringify(raw.toString('latin1'))}); restore the log from a backup`);
  }
  return n;
}

export function formatOp(format: number): BatchOp {
  return { type: 'put', key: META_FORMAT, value: Buffer.from(String(format), 'ascii') };
}

export function headOp(key: Uint8Array, head: Head): BatchOp {
  return { type: 'put', key: META_HEAD, value: seal(key, encodeHead(head)) };
}

export type HeadRecord = { state: 'absent' } | { state: 'unreadable' } | { state: 'ok'; head: Head };

/** The head record, as the store holds it now or as `snapshot` saw it. */
export async function readHead(db: Db, key: Uint8Array, snapshot?: ReturnType<Db['snapshot']>): Promise<HeadRecord> {
  const raw = await db.get(META_HEAD, snapshot ? { snapshot } : {});
  if (raw === undefined) return { state: 'absent' };
  const opened = unseal(key, raw);
  const head = opened.ok ? decodeHead(opened.plaintext) : undefined;
  return head ? { state: 'ok', head } : { state: 'unreadable' };
}

/** Sealed meta values (e.g. which store migrations ran); absent → undefined. */
export async function readSealedMeta(db: Db, key: Uint8Array, metaKey: Buffer): Promise<unknown> {
  const raw = await db.get(metaKey);
  if (raw === undefined) return undefined;
  const opened = unseal(key, raw);
  if (!opened.ok) {
    throw new StuiError('E_TAMPERED', `the log's meta record "${metaKey.subarray(1).toString('ascii')}" does not open; run stui verify`);
  }
  return decodeMeta(opened.plaintext);
}

export function sealedMetaOp(key: Uint8Array, metaKey: Buffer, value: unknown): BatchOp {
  return { type: 'put', key: metaKey, value: seal(key, encodeMeta(value)) };
}

export { META_MIGRATIONS };

/**
 * The stored list of event types, or null when it cannot be trusted to be complete (absent from a
 * non-empty log, or not opening): the type index is then not used for reads.
 */
export async function readTypeList(db: Db, key: Uint8Array, headSeq: number): Promise<string[] | null> {
  const raw = await db.get(META_TYPES);
  if (raw === undefined) return headSeq === 0 ? [] : null;
  const opened = unseal(key, raw);
  if (!opened.ok) return null;
  const list = decodeMeta(opened.plaintext);
  return Array.isArray(list) && list.every((t) => typeof t === 'string') ? (list as string[]) : null;
}

/** The newest stored entry key and value, if any. */
export async function lastStored(db: Db): Promise<{ seq: number; value: Buffer } | undefined> {
  const it = db.iterator({ gte: ENTRY_FIRST, lt: ENTRY_END, reverse: true, limit: 1 });
  try {
    const next = await it.next();
    if (!next) return undefined;
    const [k, value] = next;
    const seq = seqOfEntryKey(k);
    if (seq === undefined) throw new StuiError('E_TAMPERED', 'a key among the entries is not an entry key; run stui verify');
    return { seq, value };
  } finally {
    await it.close();
  }
}

/** Where appends continue: the newest seq, its hash and ts (0, zeros, 0 for an empty log). */
export interface Tail {
  seq: number;
  hash: Uint8Array;
  ts: number;
}

/**
 * Reads the tail and checks it against the head record, which is written in the same batch as
 * the entries: if they disagree, the newest entries were removed or replaced after the fact.
 * Appending onto such a log would bury the damage, so opening refuses.
 */
export async function readTail(db: Db, key: Uint8Array): Promise<Tail> {
  const head = await readHead(db, key);
  const last = await lastStored(db);
  if (!last) {
    if (head.state === 'ok' && head.head.seq > 0) {
      throw new TamperedError(1, `the log is empty but its head record says it ends at entry ${head.head.seq}; run stui verify`);
    }
    return { seq: 0, hash: ZERO_HASH, ts: 0 };
  }
  if (head.state !== 'ok') {
    throw new TamperedError(last.seq, `the head record is ${head.state}; run stui verify`);
  }
  if (head.head.seq !== last.seq) {
    const seq = Math.min(head.head.seq, last.seq) + 1;
    throw new TamperedError(seq, `the head record says the log ends at entry ${head.head.seq} but the newest stored entry is ${last.seq}; run stui verify`);
  }
  const hash = hash32(last.value);
  if (!Buffer.from(head.head.hash).equals(hash)) {
    throw new TamperedError(last.seq, 'the newest entry does not match the head record; run stui verify');
  }
  const entry = openEntry(key, last.seq, last.value);
  return { seq: last.seq, hash, ts: Math.max(entry.ts, head.head.ts) };
}
