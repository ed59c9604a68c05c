import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreateKeyPair, StuiError, writeFileAtomic, type CurveKeyPair } from '../../protocol/index.js';
import type { SavedRecords } from './records.js';

/**
 * What an image keeps in its state dir so that a restart (even after kill -9) is the same image:
 *   image.json          identity: imageId (random, created once) and name
 *   snapshot.json       the world (saveState(), base64) and the reply records, replaced atomically
 *                       after every request, before its reply is sent
 *   curve-server.json   CURVE key pair (0600); curve-server.pub holds the public key as text
 */

export interface Identity {
  imageId: string;
  name: string;
}

export interface Snapshot {
  world: Uint8Array | undefined;
  records: SavedRecords;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StuiError('E_FAILED', `cannot read ${path} (${(err as Error).message}); check the --state directory`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StuiError('E_FAILED', `${path} is damaged (not JSON); restore it from a backup or start with an empty --state directory`);
  }
}

export function prepareStateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StuiError('E_FAILED', `cannot create the state directory ${dir} (${(err as Error).message}); pass another --state`);
  }
}

/** Reads the image's identity, creating it on first start; a new --name renames the image. */
export function loadIdentity(dir: string, name: string | undefined): Identity {
  const path = join(dir, 'image.json');
  const saved = readJson(path) as Partial<Identity> | undefined;
  if (saved !== undefined && typeof saved.imageId !== 'string') {
    throw new StuiError('E_FAILED', `${path} has no imageId; restore it from a backup or start with an empty --state directory`);
  }
  const finalName = name ?? saved?.name;
  if (!finalName) throw new StuiError('E_USAGE', 'the image needs a name: stui image serve --name NAME');
  const identity: Identity = { imageId: saved?.imageId ?? randomUUID(), name: finalName };
  if (!saved || saved.name !== finalName) writeFileAtomic(path, JSON.stringify(identity, null, 2) + '\n', 0o600);
  return identity;
}

export function loadSnapshot(dir: string): Snapshot | undefined {
  const path = join(dir, 'snapshot.json');
  const saved = readJson(path) as { world?: unknown; records?: unknown } | undefined;
  if (saved === undefined) return undefined;
  const world = typeof saved.world === 'string' ? new Uint8Array(Buffer.from(saved.world, 'base64')) : undefined;
  const records = saved.records && typeof saved.records === 'object' ? (saved.records as SavedRecords) : {};
  return { world, records };
}

export function saveSnapshot(dir: string, snapshot: Snapshot): void {
  const body = {
    savedAt: new Date().toISOString(),
    world: snapshot.world ? Buffer.from(snapshot.world).toString('base64') : null,
    records: snapshot.records,
  };
  writeFileAtomic(join(dir, 'snapshot.json'), JSON.stringify(body), 0o600);
}

/** The image's CURVE key pair, kept across restarts; its public key is also written as text. */
export function loadServerKeys(dir: string): CurveKeyPair {
  const pair = loadOrCreateKeyPair(join(dir, 'curve-server.json'));
  writeFileAtomic(join(dir, 'curve-server.pub'), pair.publicKey + '\n', 0o644);
  return pair;
}
