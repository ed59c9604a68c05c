import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLockedError } from './errors.js';
import { logLocation, openDb, openDbAt, type Db } from './store.js';

/**
 * Reading while the engine holds the log. LevelDB lets one process open a store, so `stui log`
 * and `stui verify` read a private copy instead: its files are copied (they hold only sealed
 * values) and opened; LevelDB recovery drops a write-ahead record cut by the copy, and because
 * entries and head record share one batch, the copy is the log as of some recent batch. A copy
 * caught in the middle of a compaction (a listed file already gone) is retried.
 */

const ATTEMPTS = 5;

export interface ReadableStore {
  db: Db;
  /** True when this is a copy because another process holds the log. */
  copy: boolean;
  release(): Promise<void>;
}

function copyOnce(home: string): string {
  const src = logLocation(home);
  const dir = mkdtempSync(join(tmpdir(), 'stui-log-copy-')); // mode 0700
  try {
    // CURRENT first: it names the MANIFEST to use, which is then copied after it and so is at
    // least as new; LOCK is the other process's and is not copied.
    const names = readdirSync(src).filter((n) => n !== 'LOCK');
    names.sort((a, b) => (a === 'CURRENT' ? -1 : b === 'CURRENT' ? 1 : 0));
    for (const name of names) copyFileSync(join(src, name), join(dir, name));
    return dir;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Opens the store for reading: directly if possible, else a fresh copy when another process holds it. */
export async function openForReading(home: string): Promise<ReadableStore> {
  try {
    const db = await openDb(home);
    return { db, copy: false, release: () => db.close() };
  } catch (err) {
    if (!(err instanceof LogLockedError)) throw err;
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let dir: string | undefined;
    try {
      dir = copyOnce(home);
      const db = await openDbAt(dir);
      const copyDir = dir;
      return {
        db,
        copy: true,
        release: async () => {
          await db.close();
          rmSync(copyDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new LogLockedError(`${logLocation(home)} (a copy could not be read either: ${(lastError as Error)?.message ?? String(lastError)})`);
}
