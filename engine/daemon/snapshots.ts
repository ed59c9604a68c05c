/**
 * Where the engine keeps its snapshot: `<home>/engine.snap`, sealed (secretbox) under a key
 * derived from the log key, written atomically with mode 0600. Nothing in it is readable without
 * the key; a file that does not open is ignored (the engine then folds the whole log).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash32 } from '../log/layout.js';
import { writeFileDurable } from '../log/keys.js';
import { seal, unseal } from '../log/seal.js';
import type { EngineSnapshot, SnapshotStore } from '../session/snapshot.js';

const LABEL = Buffer.from('stui engine snapshot key v1');

export function snapshotStore(home: string, logKey: Uint8Array): SnapshotStore {
  const path = join(home, 'engine.snap');
  const key = hash32(LABEL, logKey);
  return {
    load() {
      let sealed: Buffer;
      try {
        sealed = readFileSync(path);
      } catch {
        return null;
      }
      const opened = unseal(key, sealed);
      if (!opened.ok) return null;
      try {
        return JSON.parse(Buffer.from(opened.plaintext).toString('utf8')) as EngineSnapshot;
      } catch {
        return null;
      }
    },
    save(snapshot) {
      writeFileDurable(path, seal(key, Buffer.from(JSON.stringify(snapshot), 'utf8')));
    },
  };
}
