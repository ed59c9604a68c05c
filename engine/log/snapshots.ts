import { hash32 } from './layout.js';
import { SEAL_OVERHEAD, seal, unsealInto } from './seal.js';
import type { Db } from './store.js';

/**
 * Projection snapshots: a projection's state right after entry `seq`, sealed under the log key
 * (secretbox, fresh nonce) in their own key family of the same LevelDB store. They are not log
 * entries: they join no chain, `read()` and `verify` never see them, and losing or damaging one
 * costs only a fold from the log. A snapshot that does not open, or opens to the wrong name,
 * version or seq (a value moved between keys), is passed over as if it were not there.
 *
 *   'p' nameTag(16) version(4, big-endian) seq(8, big-endian)
 *       -> nonce || secretbox(utf8(JSON {name, version, seq, state}))
 *
 * nameTag is a keyed hash of the projection name (names such as `session:<id>` carry ids from
 * entries, so they never reach disk in plain). The version sits outside the hash so every
 * version of one projection is one contiguous range: stale versions can be found and dropped.
 * State is JSON because projections keep plain JSON data (see projections/projection.ts).
 */

const SNAPSHOT = 0x70; // 'p'
const TAG_BYTES = 16;
const KEY_BYTES = 1 + TAG_BYTES + 4 + 8;
const NAME_LABEL = Buffer.from('stui snapshot name v1\0');

export interface StoredSnapshot {
  name: string;
  version: number;
  seq: number;
  state: unknown;
}

export interface SnapshotStore {
  /** Seals `state` as the projection's state right after entry `seq` (replaces one already there). */
  putSnapshot(name: string, version: number, seq: number, state: unknown): Promise<void>;
  /**
   * The same, for a state already encoded as JSON text (by a thread that folded it: the state
   * itself need not cross to this one).
   */
  putSnapshotJson(name: string, version: number, seq: number, stateJson: string): Promise<void>;
  /** The newest readable snapshot of this name and version with seq <= atSeq, or null. */
  nearestSnapshot(name: string, version: number, atSeq: number): Promise<StoredSnapshot | null>;
  /** The seqs of the stored snapshots of this name and version, ascending. */
  snapshotSeqs(name: string, version: number): Promise<number[]>;
  /**
   * Drops snapshots of `name` that are of another version, and all but the newest `keep` of this
   * version; returns how many were dropped.
   */
  pruneSnapshots(name: string, version: number, keep: number): Promise<number>;
}

function nameTag(indexKey: Uint8Array, name: string): Buffer {
  return hash32(indexKey, NAME_LABEL, Buffer.from(name, 'utf8')).subarray(0, TAG_BYTES);
}

function snapshotKey(tag: Buffer, version: number, seq: number): Buffer {
  const k = Buffer.alloc(KEY_BYTES);
  k[0] = SNAPSHOT;
  tag.copy(k, 1);
  k.writeUInt32BE(version, 1 + TAG_BYTES);
  k.writeUIntBE(seq, 1 + TAG_BYTES + 4 + 2, 6);
  return k;
}

function parts(k: Uint8Array): { version: number; seq: number } | undefined {
  if (k.length !== KEY_BYTES || k[0] !== SNAPSHOT) return undefined;
  const b = Buffer.from(k.buffer, k.byteOffset, k.byteLength);
  return { version: b.readUInt32BE(1 + TAG_BYTES), seq: b.readUIntBE(1 + TAG_BYTES + 4 + 2, 6) };
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0 || version > 0xffffffff) {
    throw new RangeError(`snapshot version must be a whole number from 0 to 2^32-1, not ${version}`);
  }
}

/**
 * Opens in place: `value` is the store's fresh copy, ours alone, and a session snapshot can hold
 * a megabyte or more; a separate plaintext plus a Buffer copy of it for decoding would hold
 * three times that at once while restoring. `value` is overwritten (also when it does not open).
 */
function open(key: Uint8Array, value: Uint8Array, name: string, version: number, seq: number): StoredSnapshot | null {
  const snap = openAny(key, value, version, seq);
  return snap && snap.name === name ? snap : null;
}

/** The snapshot store of an open LevelDB store under the log key. */
export function snapshotStore(db: Db, key: Uint8Array, indexKey: Uint8Array): SnapshotStore {
  const put = async (name: string, version: number, seq: number, json: string): Promise<void> => {
    checkVersion(version);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`snapshot seq must be a whole number, not ${seq}`);
    // Not synced: a snapshot lost in a crash is rebuilt from the log, which is synced.
    await db.put(snapshotKey(nameTag(indexKey, name), version, seq), seal(key, Buffer.from(json, 'utf8')));
  };
  return {
    async putSnapshot(name, version, seq, state) {
      await put(name, version, seq, JSON.stringify({ name, version, seq, state }));
    },

    async putSnapshotJson(name, version, seq, stateJson) {
      // Byte for byte what putSnapshot writes for the parsed state (JSON.stringify puts the keys
      // in this order and adds no spaces).
      await put(name, version, seq, `{"name":${JSON.stringify(name)},"version":${version},"seq":${seq},"state":${stateJson}}`);
    },

    async nearestSnapshot(name, version, atSeq) {
      checkVersion(version);
      if (atSeq < 0) return null;
      const tag = nameTag(indexKey, name);
      const it = db.iterator({
        gte: snapshotKey(tag, version, 0),
        lte: snapshotKey(tag, version, Math.min(Math.floor(atSeq), 2 ** 48 - 1)),
        reverse: true,
      });
      try {
        for (;;) {
          const next = await it.next();
          if (!next) return null;
          const p = parts(next[0]);
          if (!p) continue;
          const snap = open(key, next[1], name, version, p.seq);
          if (snap) return snap;
        }
      } finally {
        await it.close();
      }
    },

    async snapshotSeqs(name, version) {
      checkVersion(version);
      const tag = nameTag(indexKey, name);
      const seqs: number[] = [];
      for await (const k of db.keys({ gte: snapshotKey(tag, version, 0), lte: snapshotKey(tag, version, 2 ** 48 - 1) })) {
        const p = parts(k);
        if (p) seqs.push(p.seq);
      }
      return seqs;
    },

    async pruneSnapshots(name, version, keep) {
      checkVersion(version);
      const tag = nameTag(indexKey, name);
      const drop: Buffer[] = [];
      const mine: Buffer[] = [];
      const lo = Buffer.concat([Buffer.from([SNAPSHOT]), tag]);
      const hi = Buffer.concat([lo, Buffer.alloc(12, 0xff)]);
      for await (const k of db.keys({ gte: lo, lte: hi })) {
        const p = parts(k);
        if (!p) continue;
        if (p.version === version) mine.push(k);
        else drop.push(k);
      }
      if (mine.length > keep) drop.push(...mine.slice(0, mine.length - Math.max(0, keep)));
      if (drop.length > 0) await db.batch(drop.map((k) => ({ type: 'del' as const, key: k })));
      return drop.length;
    },
  };
}

/** Records per batch when rewriting: a session snapshot can be megabytes. */
const REWRITE_BATCH = 16;

/**
 * Store-format migrations (migrations/storeFormat.ts: rewriteSnapshots): every readable
 * snapshot, whatever its name, goes to `change`; an answer of the same name and seq replaces it
 * under the answer's version. Unreadable ones are left as they are: they are passed over anyway.
 */
export async function rewriteSnapshots(db: Db, key: Uint8Array, change: (snapshot: StoredSnapshot) => StoredSnapshot | null): Promise<number> {
  let ops: Array<{ type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer }> = [];
  let replaced = 0;
  const flush = async (): Promise<void> => {
    if (ops.length > 0) await db.batch(ops);
    ops = [];
  };
  for await (const [k, v] of db.iterator({ gte: Buffer.from([SNAPSHOT]), lt: Buffer.from([SNAPSHOT + 1]) })) {
    const p = parts(k);
    if (!p) continue;
    const snap = openAny(key, v, p.version, p.seq);
    const next = snap ? change(snap) : null;
    if (!snap || !next) continue;
    if (next.name !== snap.name || next.seq !== snap.seq) throw new RangeError(`a rewritten snapshot keeps its name and seq (${snap.name} at ${snap.seq})`);
    checkVersion(next.version);
    const to = Buffer.from(k);
    to.writeUInt32BE(next.version, 1 + TAG_BYTES);
    ops.push({ type: 'put', key: to, value: seal(key, Buffer.from(JSON.stringify(next), 'utf8')) });
    if (!to.equals(k)) ops.push({ type: 'del', key: Buffer.from(k) });
    replaced++;
    if (ops.length >= 2 * REWRITE_BATCH) await flush();
  }
  // The format bump that follows is written with sync, which makes these durable too.
  await flush();
  return replaced;
}

/** Opens a snapshot of any name (the key holds only its keyed hash), in place as `open` does. */
function openAny(key: Uint8Array, value: Uint8Array, version: number, seq: number): StoredSnapshot | null {
  const text = value.subarray(Math.min(value.length, SEAL_OVERHEAD));
  if (unsealInto(key, value, text) !== 'ok') return null;
  try {
    const raw = JSON.parse(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8')) as Partial<StoredSnapshot>;
    if (typeof raw.name !== 'string' || raw.version !== version || raw.seq !== seq || !('state' in raw)) return null;
    return { name: raw.name, version, seq, state: raw.state };
  } catch {
    return null;
  }
}
