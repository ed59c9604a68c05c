import { StoreFormatError } from '../engine/log/errors.js';
import {
  META_MIGRATIONS,
  formatOp,
  lastStored,
  readFormat,
  readSealedMeta,
  sealedMetaOp,
  type BatchOp,
  type Db,
} from '../engine/log/store.js';
import type { Entry } from '../engine/log/types.js';

/**
 * Store-format migrations: each moves the LevelDB layout from one format to the next when a log
 * is opened. A migration never rewrites entries: it adds keys, or replaces derived records (such
 * as projection snapshots) one batch at a time, so if it is cut short the format number is
 * unchanged and it simply runs again on the next open, finding what is left to do. Each completed one is
 * recorded in the sealed meta record `migrations`, in the same batch as the new format number.
 */

/** Entries per block handed to a migration (StoreMigrationContext.entryBlocks). */
export const ENTRY_BLOCK = 4096;

export interface StoreMigrationContext {
  db: Db;
  /**
   * Stored entries in seq order, unsealed and checked, not upcast, in blocks of ENTRY_BLOCK cut
   * where a seq is a multiple of it (never where a read happened to stop): a migration that
   * writes per block and is cut short writes the same keys when it runs again.
   */
  entryBlocks(): AsyncIterable<Entry[]>;
  /** The stream-index records for a run of entries in seq order. */
  indexRecords(entries: readonly Entry[]): { key: Buffer; value: Buffer }[];
  /** The type-index records for a run of entries in seq order. */
  typeIndexRecords(entries: readonly Entry[]): { key: Buffer; value: Buffer }[];
  /** The sealed record listing the log's event types. */
  typeListOp(types: Iterable<string>): BatchOp;
  /**
   * Passes every readable projection snapshot to `change`; a snapshot it answers is stored in
   * place of the old one (same name and seq, under the answer's version, in one batch), null
   * leaves it. Answers how many were replaced.
   */
  rewriteSnapshots(change: (snapshot: SnapshotRecord) => SnapshotRecord | null): Promise<number>;
}

/** A projection snapshot as stored (engine/log/snapshots.ts seals it). */
export interface SnapshotRecord {
  name: string;
  version: number;
  seq: number;
  state: unknown;
}

export interface StoreMigration {
  id: string;
  from: number;
  to: number;
  summary: string;
  run(ctx: StoreMigrationContext): Promise<void>;
}

export interface MigrationRecord {
  id: string;
  from: number;
  to: number;
  /** When it finished, ms since the epoch. */
  at: number;
}

const migrations: StoreMigration[] = [];

export function registerStoreMigration(m: StoreMigration): void {
  if (migrations.some((x) => x.from === m.from)) throw new Error(`two store migrations from format ${m.from}`);
  migrations.push(m);
}

/** The format this build writes. */
export const CURRENT_FORMAT = 4;

export async function readMigrationRecords(db: Db, key: Uint8Array): Promise<MigrationRecord[]> {
  const raw = await readSealedMeta(db, key, META_MIGRATIONS);
  return Array.isArray(raw) ? (raw as MigrationRecord[]) : [];
}

/** Brings the store to CURRENT_FORMAT; returns the migrations that ran now. */
export async function migrateStore(
  ctx: StoreMigrationContext & { key: Uint8Array },
  now: () => number = Date.now,
  onStart?: (m: Pick<StoreMigration, 'id' | 'from' | 'to' | 'summary'>) => void,
): Promise<MigrationRecord[]> {
  const { db, key } = ctx;
  let format = await readFormat(db);
  if (format === undefined) {
    if (await lastStored(db)) {
      throw new StoreFormatError('the log has entries but no format record; it was not written by STUI Sessions — point --home elsewhere');
    }
    await db.batch([formatOp(CURRENT_FORMAT)], { sync: true });
    return [];
  }
  if (format > CURRENT_FORMAT) {
    throw new StoreFormatError(
      `the log is in store format ${format}, newer than this STUI understands (${CURRENT_FORMAT}); upgrade STUI Sessions`,
    );
  }
  const ran: MigrationRecord[] = [];
  while (format < CURRENT_FORMAT) {
    const m = migrations.find((x) => x.from === format);
    if (!m) throw new StoreFormatError(`no migration from store format ${format}; this STUI build is incomplete — reinstall it`);
    onStart?.(m);
    await m.run(ctx);
    const record: MigrationRecord = { id: m.id, from: m.from, to: m.to, at: now() };
    const records = [...(await readMigrationRecords(db, key)), record];
    const ops: BatchOp[] = [formatOp(m.to), sealedMetaOp(key, META_MIGRATIONS, records)];
    await db.batch(ops, { sync: true });
    ran.push(record);
    format = m.to;
  }
  return ran;
}
