import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { entryKey } from '../../engine/log/layout.js';
import { seal } from '../../engine/log/seal.js';
import { encodeEntry } from '../../engine/log/codec.js';
import type { Entry } from '../../engine/log/index.js';
import { repoRoot } from '../support/cli.js';

/** Every regular file under `dir`, recursively, as path -> bytes. */
export function allFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(p, readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** path -> sha256 of every file under `dir` (and its mode), to prove nothing changed. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, bytes] of allFiles(dir)) {
    out[p] = `${createHash('sha256').update(bytes).digest('hex')} ${(statSync(p).mode & 0o777).toString(8)}`;
  }
  return out;
}

/** Opens the LevelDB store of a closed log directly, to damage it the way an attacker or a disk would. */
export async function rawDb(home: string): Promise<Level<Buffer, Buffer>> {
  const db = new Level<Buffer, Buffer>(join(home, 'log'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  return db;
}

export async function withRawDb<T>(home: string, fn: (db: Level<Buffer, Buffer>) => Promise<T>): Promise<T> {
  const db = await rawDb(home);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export function keyOf(home: string): Uint8Array {
  return new Uint8Array(readFileSync(join(home, 'key')));
}

export async function getEntry(db: Level<Buffer, Buffer>, seq: number): Promise<Buffer> {
  const v = await db.get(entryKey(seq));
  if (!v) throw new Error(`test setup: no entry ${seq}`);
  return v;
}

export async function putEntry(db: Level<Buffer, Buffer>, seq: number, value: Buffer): Promise<void> {
  await db.put(entryKey(seq), value);
}

/** A correctly sealed value for key `seq` whose plaintext is whatever the test wants. */
export function sealRaw(home: string, plaintext: Uint8Array): Buffer {
  return seal(keyOf(home), plaintext);
}

export function sealEntry(home: string, entry: Entry): Buffer {
  return seal(keyOf(home), encodeEntry(entry));
}

/** A copy of a committed fixture home in `dest`, with the modes a real home has. */
export function copyFixture(name: string, dest: string): string {
  const src = join(repoRoot, 'test', 'fixtures', name, 'home');
  cpSync(src, dest, { recursive: true });
  return dest;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function events(n: number, stream = 'session-1', type = 'eval.requested'): { type: string; stream: string; data: unknown }[] {
  return Array.from({ length: n }, (_, i) => ({ type, stream, data: { i, code: `${i} factorial` } }));
}
