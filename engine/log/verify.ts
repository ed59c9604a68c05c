import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ENTRY_END, ENTRY_FIRST, ZERO_HASH, seqOfEntryKey } from './layout.js';
import { readHead, type Db, type HeadRecord } from './store.js';
import { checkRun, type CheckedRun, type SealedRun } from './verifyChunk.js';

/**
 * Walks the whole chain: every entry must open, decode, carry its own seq, follow its predecessor
 * without a gap, name the hash of its predecessor's sealed value as `prev`, and not go back in
 * time; the head record must name the newest entry and its hash. The first violation is reported.
 *
 * Everything is read from one LevelDB snapshot, so entries appended meanwhile (the engine goes on
 * working) are neither half seen nor mistaken for a gap. Opening and hashing, most of the work,
 * run on worker threads while this thread reads the store and links the entries in order.
 */

export type VerifyResult =
  | { ok: true; entries: number; head: Uint8Array }
  | { ok: false; seq: number; code: string; what: string; entriesChecked: number };

export interface VerifyOptions {
  /** Called as entries are checked, with the count so far and the count the head record names. */
  onProgress?: (checked: number, total: number) => void;
}

const RUN = 1024;
/** LevelDB hands a nextv at most this many bytes (its default, 16 KiB, makes runs of ~60 entries). */
const RUN_BYTES = 1 << 20;
/** Below this many entries the threads would cost more to start than they save. */
const INLINE_BELOW = 50_000;

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Checks runs on worker threads, a few in flight per thread; results come back in any order. */
class RunPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(r: CheckedRun): void; reject(e: unknown): void }>();
  private next = 0;

  constructor(key: Uint8Array, threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(new URL('./verifyWorker.js', import.meta.url), { workerData: key });
      w.on('message', (m: { id: number; result?: CheckedRun; error?: string }) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.result) p?.resolve(m.result);
        else p?.reject(new Error(`verifying on a worker thread failed: ${m.error}`));
      });
      w.on('error', (err) => this.failAll(err));
      return w;
    });
  }

  check(run: SealedRun): Promise<CheckedRun> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, run }, [run.bytes.buffer, run.ends.buffer]);
    });
  }

  private failAll(err: unknown): void {
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function pack(first: number, values: Uint8Array[]): SealedRun {
  let total = 0;
  for (const v of values) total += v.length;
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    bytes.set(values[i]!, at);
    at += values[i]!.length;
    ends[i] = at;
  }
  return { first, bytes, ends };
}

export async function walkChain(db: Db, key: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  const snapshot = db.snapshot();
  try {
    const head = await readHead(db, key, snapshot);
    const total = head.state === 'ok' ? head.head.seq : 0;
    const threads = total < INLINE_BELOW ? 0 : Math.max(1, Math.min(2, availableParallelism()));
    const pool = threads > 0 ? new RunPool(key, threads) : null;
    try {
      return await walk(db, key, snapshot, head, total, pool, options);
    } finally {
      await pool?.close();
    }
  } finally {
    await snapshot.close();
  }
}

async function walk(
  db: Db,
  key: Uint8Array,
  snapshot: ReturnType<Db['snapshot']>,
  head: HeadRecord,
  total: number,
  pool: RunPool | null,
  options: VerifyOptions,
): Promise<VerifyResult> {
  let expected = 1;
  let prevHash: Uint8Array = ZERO_HASH;
  let lastTs = 0;
  const bad = (seq: number, code: string, what: string): VerifyResult => ({ ok: false, seq, code, what, entriesChecked: expected - 1 });

  // Links a checked run to what came before it; the first violation in seq order, or null.
  const link = (r: CheckedRun): VerifyResult | null => {
    for (let i = 0; i < r.opened; i++) {
      const seq = r.first + i;
      if (!Buffer.from(r.prevs.buffer, 32 * i, 32).equals(prevHash)) {
        return bad(seq, 'E_TAMPERED', seq === 1
          ? 'the first entry does not start the chain (prev is not zero): entries before it were removed or it was replaced'
          : `the chain is broken: prev does not match the hash of entry ${seq - 1} (entry ${seq - 1} or ${seq} was replaced)`);
      }
      if (r.ts[i]! < lastTs) return bad(seq, 'E_TAMPERED', `its time goes back before entry ${seq - 1}'s`);
      prevHash = r.hashes.subarray(32 * i, 32 * i + 32);
      lastTs = r.ts[i]!;
      expected++;
    }
    if (r.failure) return bad(r.first + r.opened, r.failure.code, r.failure.what);
    options.onProgress?.(expected - 1, total);
    return null;
  };

  // Runs are read ahead while earlier ones are checked; a key problem found while reading is
  // reported only once every entry before it has passed, as a walk one entry at a time would.
  const inFlight: Promise<CheckedRun>[] = [];
  const depth = pool ? 3 * 2 : 0;
  let keyProblem: { seq: number; what: string } | null = null;
  let readSeq = 1;
  // fillCache off: a walk over every entry must not push the engine's working set out of the
  // block cache, and it reads what the files hold now rather than blocks cached before.
  const it = db.iterator({ gte: ENTRY_FIRST, lt: ENTRY_END, snapshot, highWaterMarkBytes: RUN_BYTES, fillCache: false });
  try {
    for (;;) {
      const chunk = keyProblem ? [] : await it.nextv(RUN);
      if (chunk.length > 0) {
        const values: Uint8Array[] = [];
        const first = readSeq;
        for (const [k, value] of chunk) {
          const seq = seqOfEntryKey(k);
          if (seq === undefined) keyProblem = { seq: readSeq, what: `a stored key after entry ${readSeq - 1} is not an entry key` };
          else if (seq !== readSeq) keyProblem = { seq: readSeq, what: `entry ${readSeq} is missing (the next stored entry is ${seq})` };
          if (keyProblem) break;
          values.push(value);
          readSeq++;
        }
        if (values.length > 0) {
          const run = pack(first, values);
          inFlight.push(pool ? pool.check(run) : Promise.resolve(checkRun(key, run)));
        }
      }
      const drain = chunk.length === 0 || keyProblem !== null;
      while (inFlight.length > (drain ? 0 : depth)) {
        const failed = link(await inFlight.shift()!);
        if (failed) return failed;
      }
      if (drain) break;
    }
  } finally {
    // Results still on their way are not wanted once a violation is found.
    for (const p of inFlight) p.catch(() => undefined);
    await it.close();
  }
  if (keyProblem) return bad(keyProblem.seq, 'E_TAMPERED', keyProblem.what);

  const count = expected - 1;
  if (head.state === 'absent') {
    if (count === 0) return { ok: true, entries: 0, head: ZERO_HASH };
    return bad(count, 'E_TAMPERED', 'the head record is missing');
  }
  if (head.state === 'unreadable') return bad(Math.max(count, 1), 'E_TAMPERED', 'the head record does not open');
  const h = head.head;
  if (h.seq > count) {
    return bad(count + 1, 'E_TAMPERED', `entry ${count + 1} is missing: the head record says the log ends at entry ${h.seq}, the newest stored entry is ${count}`);
  }
  if (h.seq < count) return bad(h.seq + 1, 'E_TAMPERED', `entry ${h.seq + 1} was added outside the log: the head record says the log ends at entry ${h.seq}`);
  if (!Buffer.from(h.hash).equals(prevHash)) {
    return bad(count, 'E_TAMPERED', `the newest entry does not match the head record (head hash ${hex(h.hash).slice(0, 16)}…)`);
  }
  return { ok: true, entries: count, head: Buffer.from(prevHash) };
}
