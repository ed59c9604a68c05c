/**
 * What a test reads of a store the engine holds: a copy of the whole home (key files and the
 * LevelDB files), opened as a log of its own. Commands never do this — they ask the engine —
 * but a test that looks at the engine's sealed snapshots from outside has no other way in.
 * CURRENT is copied first, so the MANIFEST it names is copied after it and is at least as new;
 * a copy caught in a compaction (a listed file already gone) is taken again.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLog, type OpenedLog } from '../../engine/log/index.js';

function copyOnce(home: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stui-test-held-'));
  try {
    for (const name of readdirSync(home)) {
      if (statSync(join(home, name)).isFile()) copyFileSync(join(home, name), join(dir, name));
    }
    mkdirSync(join(dir, 'log'));
    const names = readdirSync(join(home, 'log')).filter((n) => n !== 'LOCK');
    names.sort((a, b) => (a === 'CURRENT' ? -1 : b === 'CURRENT' ? 1 : 0));
    for (const name of names) copyFileSync(join(home, 'log', name), join(dir, 'log', name));
    return dir;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Runs `fn` on a read-only log opened from a fresh copy of `home`; the copy is removed after. */
export async function withHeldCopy<T>(home: string, fn: (log: OpenedLog) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    let dir: string | undefined;
    try {
      dir = copyOnce(home);
      const log = await openLog({ home: dir, readOnly: true });
      try {
        return await fn(log);
      } finally {
        await log.close();
      }
    } catch (err) {
      lastError = err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}
