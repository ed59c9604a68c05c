/**
 * The log's public face. Everything outside engine/log imports from here only.
 *
 * openLog() checks the key before LevelDB is touched, opens the store, runs store-format
 * migrations, checks the newest entry against the head record and returns an EventLog.
 */
import { CURRENT_FORMAT, ENTRY_BLOCK, migrateStore, readMigrationRecords, upcast, type MigrationRecord } from '../../migrations/index.js';
import { META_TYPES, ZERO_HASH, deriveIndexKey, indexRecords, typeIndexRecords } from './layout.js';
import { loadKey, type KeyMode } from './keys.js';
import { Log } from './log.js';
import { lastSeqAtOrBefore, readSeqChunks } from './reader.js';
import { lastStored, logExists, openDb, readFormat, readTail, readTypeList, sealedMetaOp, type Db } from './store.js';
import { walkChain, type VerifyOptions, type VerifyResult } from './verify.js';
import type { Entry, EventLog } from './types.js';
import { StoreFormatError } from './errors.js';
import { decodeOpenedChunk, readOpenedChunks, type OpenedChunk } from './openedChunks.js';
import { rewriteSnapshots, snapshotStore, type SnapshotStore } from './snapshots.js';

export type { Entry, EventLog, NewEvent, ReadOptions } from './types.js';
export type { VerifyOptions, VerifyResult } from './verify.js';
export type { MigrationRecord } from '../../migrations/index.js';
export type { GroupCommitStats } from './groupCommit.js';
export type { KeyMode } from './keys.js';
export { loadKey } from './keys.js';
export type { SnapshotStore, StoredSnapshot } from './snapshots.js';
export type { OpenedChunk } from './openedChunks.js';
export { LogLockedError, KeyFileError, StoreFormatError, LogClosedError, LogWriteError } from './errors.js';
export { logExists, logLocation } from './store.js';
export { jsonSafe } from './jsonSafe.js';
// What writers and projections need from the event migrations: the version `append` stamps and
// how a workspace.edited v2 edit applies to a text.
export { currentVersion, applyEdit, type WorkspaceEditedV2 } from '../../migrations/index.js';

export interface OpenLogOptions {
  home: string;
  /** STUI_PASSPHRASE; when set the key is derived from it instead of `<home>/key`. */
  passphrase?: string;
  /**
   * For readers such as `stui log` with no engine running: appends are refused. The store is
   * never copied: if another process holds it, E_LOG_LOCKED, and while that process is the
   * engine a reader asks it instead.
   */
  readOnly?: boolean;
  /**
   * How many table files LevelDB keeps open, each mapped into memory with its index and filter
   * blocks read: LevelDB's own default (1 000) unless set. A long-running process that reads
   * all over a long log (the engine) keeps its memory down with a few dozen.
   */
  maxOpenFiles?: number;
  /**
   * Told before each store-format migration runs: one reads the whole log, which takes seconds on
   * a long one, and whoever waits should know why.
   */
  onMigrate?: (m: { id: string; from: number; to: number; summary: string }) => void;
}

export interface StoreInfo {
  format: number;
  keyMode: KeyMode;
  /** Store-format migrations that have run on this log, oldest first. */
  migrations: MigrationRecord[];
}

export type OpenedLog = EventLog & {
  /** Walks the whole chain; the first violation, if any. */
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  /** Synced batches and append() calls written since open. */
  readonly stats: { readonly batches: number; readonly appends: number };
  storeInfo(): Promise<StoreInfo>;
  subscribe(fromSeq: number, onEntry: Parameters<EventLog['subscribe']>[1], onError?: (err: unknown) => void): () => void;
  /** The seq of the last entry with ts <= `ts` (0 when none): where a fold `--at TIME` stops. */
  seqAtOrBefore(ts: number): Promise<number>;
  /**
   * Entries from..to (inclusive, clamped to the head) in seq order, upcast, as arrays of up to
   * `chunk` entries: what read() yields, with far fewer awaits, for folds over the whole log.
   */
  readChunks(options: { from?: number; to?: number; chunk?: number }): AsyncIterable<Entry[]>;
  /**
   * The same entries opened but not decoded, one transferable buffer per chunk: the reading half
   * of a fold that runs on another thread, which decodes them with `decodeChunk`.
   */
  readOpenedChunks(options: { from?: number; to?: number; chunk?: number }): AsyncIterable<OpenedChunk>;
} & SnapshotStore;

/**
 * The entries of a chunk from readOpenedChunks, checked and upcast: what readChunks yields for
 * the same range. Needs neither the store nor the key, so it runs on any thread.
 */
export function decodeChunk(chunk: OpenedChunk): Entry[] {
  const entries = decodeOpenedChunk(chunk);
  for (let i = 0; i < entries.length; i++) entries[i] = upcast(entries[i]!);
  return entries;
}

async function prepare(db: Db, key: Uint8Array, idx: Uint8Array, onMigrate: OpenLogOptions['onMigrate']): Promise<void> {
  await migrateStore(
    {
      db,
      key,
      async *entryBlocks() {
        const last = await lastStored(db);
        if (!last) return;
        let block: Entry[] = [];
        for await (const chunk of readSeqChunks({ db, key, indexKey: idx }, 1, last.seq, ENTRY_BLOCK)) {
          for (const e of chunk) {
            block.push(e);
            if (e.seq % ENTRY_BLOCK === 0) {
              yield block;
              block = [];
            }
          }
        }
        if (block.length > 0) yield block;
      },
      indexRecords: (entries) => indexRecords(idx, entries),
      typeIndexRecords: (entries) => typeIndexRecords(idx, entries),
      typeListOp: (types) => sealedMetaOp(key, META_TYPES, [...types].sort()),
      rewriteSnapshots: (change) => rewriteSnapshots(db, key, change),
    },
    Date.now,
    onMigrate,
  );
}

/**
 * Opens (creating on first use) the log in `<home>/log`. Throws WrongKeyError before anything is
 * written if the key or passphrase does not match, LogLockedError if another process has it open,
 * TamperedError if its newest entries were removed or replaced.
 */
export async function openLog(options: OpenLogOptions): Promise<OpenedLog> {
  const lk = loadKey({ home: options.home, passphrase: options.passphrase, create: true })!;
  const idx = deriveIndexKey(lk.key);
  const db = await openDb(options.home, { maxOpenFiles: options.maxOpenFiles });
  try {
    await prepare(db, lk.key, idx, options.onMigrate);
    const tail = await readTail(db, lk.key);
    const types = await readTypeList(db, lk.key, tail.seq);
    const log = new Log(db, lk.key, idx, tail, { readOnly: options.readOnly === true }, types);
    const snapshots = snapshotStore(db, lk.key, idx);
    return Object.assign(log, {
      putSnapshot: snapshots.putSnapshot,
      putSnapshotJson: snapshots.putSnapshotJson,
      nearestSnapshot: snapshots.nearestSnapshot,
      snapshotSeqs: snapshots.snapshotSeqs,
      pruneSnapshots: snapshots.pruneSnapshots,
      async *readChunks(o: { from?: number; to?: number; chunk?: number }): AsyncGenerator<Entry[]> {
        const from = Math.max(1, Math.ceil(o.from ?? 1));
        const to = Math.min(log.headSeq, Math.floor(o.to ?? Infinity));
        for await (const chunk of readSeqChunks({ db, key: lk.key, indexKey: idx }, from, to, o.chunk)) {
          for (let i = 0; i < chunk.length; i++) chunk[i] = upcast(chunk[i]!);
          yield chunk;
        }
      },
      readOpenedChunks(o: { from?: number; to?: number; chunk?: number }): AsyncGenerator<OpenedChunk> {
        const from = Math.max(1, Math.ceil(o.from ?? 1));
        const to = Math.min(log.headSeq, Math.floor(o.to ?? Infinity));
        return readOpenedChunks({ db, key: lk.key, indexKey: idx }, from, to, o.chunk);
      },
      async seqAtOrBefore(ts: number): Promise<number> {
        const head = log.headSeq;
        return head === 0 ? 0 : lastSeqAtOrBefore({ db, key: lk.key, indexKey: idx }, ts, 1, head);
      },
      async storeInfo(): Promise<StoreInfo> {
        return {
          format: (await readFormat(db)) ?? CURRENT_FORMAT,
          keyMode: lk.mode,
          migrations: await readMigrationRecords(db, lk.key),
        };
      },
    });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Verifies the log in `home` without changing any entry. A home without a log verifies as empty
 * and is left untouched (no key is created). LogLockedError if another process holds it (while
 * the engine runs, ask it: verifyViaEngine).
 */
export async function verifyLog(options: OpenLogOptions & VerifyOptions): Promise<VerifyResult> {
  const lk = loadKey({ home: options.home, passphrase: options.passphrase, create: false });
  if (!lk || !logExists(options.home)) return { ok: true, entries: 0, head: ZERO_HASH };
  const db = await openDb(options.home);
  try {
    const format = await readFormat(db);
    if (format !== undefined && format > CURRENT_FORMAT) {
      throw new StoreFormatError(`the log is in store format ${format}, newer than this STUI understands (${CURRENT_FORMAT}); upgrade STUI Sessions`);
    }
    return await walkChain(db, lk.key, options);
  } finally {
    await db.close();
  }
}
