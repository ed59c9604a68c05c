/**
 * One specification, two implementations of a full rebuild: folding in this thread, and folding
 * on a worker thread fed opened chunks. Each must write the snapshots a fold from scratch gives,
 * stop on damaged entries with the same error, and change nothing stored when it does.
 */
import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CorruptEntryError, TamperedError } from '../../engine/errors.js';
import { openLog, verifyLog, type Entry, type OpenedLog } from '../../engine/log/index.js';
import { ENTRY_END, ENTRY_FIRST, entryKey } from '../../engine/log/layout.js';
import {
  auditProjection,
  catalogProjection,
  fold,
  rebuildAll,
  runsProjection,
  sessionStateProjection,
  type Projection,
} from '../../projections/index.js';
import { tempDir } from '../support/cli.js';
import { getEntry, putEntry, withRawDb } from '../log/support.js';
import { SESSIONS, randomEvents } from './history.js';

const IMPLEMENTATIONS = [
  { name: 'in this thread', worker: false },
  { name: 'on a worker thread', worker: true },
] as const;

const PROJECTIONS = (): Projection<unknown>[] =>
  [catalogProjection, auditProjection, runsProjection, ...SESSIONS.map((s) => sessionStateProjection(s))] as Projection<unknown>[];

/**
 * JSON with keys sorted. Not a deep-equal: the histories hold a session named "constructor",
 * which deep-equal libraries take for the object's constructor.
 */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

async function readAll(log: OpenedLog): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const e of log.read()) out.push(e);
  return out;
}

/** Every stored snapshot of every projection, as name@seq -> JSON of the sealed state. */
async function storedSnapshots(log: OpenedLog): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of PROJECTIONS()) {
    for (const seq of await log.snapshotSeqs(p.name, p.version)) {
      const snap = await log.nearestSnapshot(p.name, p.version, seq);
      out.set(`${p.name}@${seq}`, JSON.stringify(snap?.state));
    }
  }
  return out;
}

/** A digest of every stored entry (keys and sealed values), read straight from LevelDB. */
async function entriesDigest(home: string): Promise<string> {
  return withRawDb(home, async (db) => {
    const h = createHash('sha256');
    for await (const [k, v] of db.iterator({ gte: ENTRY_FIRST, lt: ENTRY_END })) h.update(k).update(v);
    return h.digest('hex');
  });
}

/** A home with `n` random events, closed. */
async function homeWith(seed: number, n: number): Promise<ReturnType<typeof tempDir>> {
  const home = tempDir('stui-rebuild-');
  const log = await openLog({ home: home.dir });
  try {
    for (let i = 0; i < n; i += 500) await log.append(randomEvents(seed + i, Math.min(500, n - i)));
  } finally {
    await log.close();
  }
  return home;
}

// Long enough that the default choice takes a worker thread; made once, copied by each test.
let long: ReturnType<typeof tempDir> | undefined;
async function longHome(): Promise<string> {
  long ??= await homeWith(41, 24_000);
  return long.dir;
}
test.after(() => long?.cleanup());

for (const impl of IMPLEMENTATIONS) {
  test(`${impl.name}: given random histories, when rebuilt, then every snapshot equals the fold of its prefix`, async () => {
    for (const seed of [3, 8]) {
      const home = await homeWith(seed, 1200);
      const log = await openLog({ home: home.dir });
      try {
        const r = await rebuildAll(log, { every: 97, sessionEvery: 13, sessionSpan: 150, keep: Infinity, worker: impl.worker });
        assert.is(r.worker, impl.worker, 'ran where asked');
        assert.is(r.entries, log.headSeq);
        const entries = await readAll(log);
        const stored = await storedSnapshots(log);
        assert.ok(stored.size > 40, `snapshots written (${stored.size})`);
        for (const p of PROJECTIONS()) {
          for (const seq of await log.snapshotSeqs(p.name, p.version)) {
            const expected = fold(p, entries.slice(0, seq));
            // Session states record where they were sealed; the fold of the prefix ends there too.
            assert.is(canonical(JSON.parse(stored.get(`${p.name}@${seq}`)!)), canonical(expected), `${p.name} at ${seq}, seed ${seed}`);
          }
        }
      } finally {
        await log.close();
        home.cleanup();
      }
    }
  });

  const damages: { what: string; damage(home: string): Promise<void>; error: typeof TamperedError | typeof CorruptEntryError; seq: number }[] = [
    {
      what: 'a changed byte in entry 20 000',
      error: TamperedError,
      seq: 20_000,
      damage: (home) =>
        withRawDb(home, async (db) => {
          const v = Buffer.from(await getEntry(db, 20_000));
          v[v.length - 3] ^= 0x40;
          await putEntry(db, 20_000, v);
        }),
    },
    {
      what: 'entry 21 500 removed',
      error: TamperedError,
      seq: 21_500,
      damage: (home) => withRawDb(home, (db) => db.del(entryKey(21_500))),
    },
    {
      what: 'entry 22 000 cut to 10 bytes',
      error: CorruptEntryError,
      seq: 22_000,
      damage: (home) => withRawDb(home, async (db) => putEntry(db, 22_000, (await getEntry(db, 22_000)).subarray(0, 10))),
    },
    {
      what: 'entry 20 500 swapped with entry 20 501',
      error: TamperedError,
      seq: 20_500,
      damage: (home) =>
        withRawDb(home, async (db) => {
          const a = await getEntry(db, 20_500);
          const b = await getEntry(db, 20_501);
          await putEntry(db, 20_500, b);
          await putEntry(db, 20_501, a);
        }),
    },
  ];

  test(`${impl.name}: given a damaged entry, when rebuilt, then it stops naming that entry and no entry changes`, async () => {
    const home = await longHome();
    for (const d of damages) {
      const copy = tempDir('stui-rebuild-damaged-');
      try {
        cpSync(home, copy.dir, { recursive: true });
        await d.damage(copy.dir);
        const before = await entriesDigest(copy.dir);
        const log = await openLog({ home: copy.dir });
        let caught: unknown;
        try {
          await rebuildAll(log, { worker: impl.worker });
        } catch (err) {
          caught = err;
        } finally {
          await log.close();
        }
        assert.instance(caught, d.error, `${d.what}: ${String(caught)}`);
        assert.is((caught as TamperedError).detail.seq, d.seq, `${d.what}: ${(caught as Error).message}`);
        assert.match((caught as Error).message, new RegExp(`^entry ${d.seq}: `));
        assert.is(await entriesDigest(copy.dir), before, `${d.what}: stored entries changed`);
        const v = await verifyLog({ home: copy.dir });
        assert.not.ok(v.ok, `${d.what}: verify still reports the damage`);
      } finally {
        copy.cleanup();
      }
    }
  });
}

for (const impl of IMPLEMENTATIONS) {
  test(`${impl.name}: given a stop asked for, when rebuilding, then it stops with the signal's reason and no entry changes`, async () => {
    const copy = tempDir('stui-rebuild-abort-');
    try {
      cpSync(await longHome(), copy.dir, { recursive: true });
      const before = await entriesDigest(copy.dir);
      const log = await openLog({ home: copy.dir });
      try {
        const already = AbortSignal.abort(new Error('stopped before it began'));
        let caught: unknown;
        try {
          await rebuildAll(log, { worker: impl.worker, signal: already });
        } catch (err) {
          caught = err;
        }
        assert.is((caught as Error)?.message, 'stopped before it began');

        const controller = new AbortController();
        const reason = new Error('engine stopping');
        const running = rebuildAll(log, { worker: impl.worker, signal: controller.signal });
        setTimeout(() => controller.abort(reason), 5);
        caught = undefined;
        try {
          await running;
        } catch (err) {
          caught = err;
        }
        assert.is(caught, reason);
        // The log is still usable, and a rebuild without a stop runs to the end.
        assert.is((await rebuildAll(log, { worker: impl.worker, save: false })).entries, log.headSeq);
      } finally {
        await log.close();
      }
      assert.is(await entriesDigest(copy.dir), before);
    } finally {
      copy.cleanup();
    }
  });
}

test('both implementations write the same snapshots, byte for byte in their states', async () => {
  const home = await homeWith(17, 2500);
  const log = await openLog({ home: home.dir });
  try {
    const options = { every: 211, sessionEvery: 29, sessionSpan: 400, keep: Infinity };
    await rebuildAll(log, { ...options, worker: true });
    const onWorker = await storedSnapshots(log);
    await rebuildAll(log, { ...options, worker: false });
    const inThread = await storedSnapshots(log);
    assert.ok(onWorker.size > 20, `snapshots (${onWorker.size})`);
    assert.equal([...onWorker.keys()].sort(), [...inThread.keys()].sort());
    for (const [k, v] of onWorker) assert.is(v, inThread.get(k), k);
  } finally {
    await log.close();
    home.cleanup();
  }
});

test('by default a short log is rebuilt in this thread and a long one on a worker thread, to the same result', async () => {
  const short = await homeWith(5, 300);
  const copy = tempDir('stui-rebuild-long-');
  try {
    let log = await openLog({ home: short.dir });
    try {
      assert.is((await rebuildAll(log, { save: false })).worker, false);
    } finally {
      await log.close();
    }
    cpSync(await longHome(), copy.dir, { recursive: true });
    log = await openLog({ home: copy.dir });
    try {
      const onWorker = await rebuildAll(log);
      assert.is(onWorker.worker, true);
      const inThread = await rebuildAll(log, { worker: false });
      assert.equal({ entries: onWorker.entries, sessions: onWorker.sessions }, { entries: inThread.entries, sessions: inThread.sessions });
      assert.is(onWorker.entries, 24_000);
    } finally {
      await log.close();
    }
  } finally {
    short.cleanup();
    copy.cleanup();
  }
});

test.run();
