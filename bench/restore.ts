/**
 * Restoring and rebuilding on a large synthetic log, each beside a raw LevelDB iteration of the
 * same store measured in the same run:
 *   - restore latest / at a middle point of every session (snapshot + tail through the stream
 *     index) vs a raw iterator over the entry keys a fold from scratch would read (1..point)
 *   - full rebuild of every projection (catalog, audit, runs, every session) vs a raw iterator
 *     over every entry key
 * The engine's memory while it restores is measured on the engine process itself, by
 * bench/engineMemory.ts.
 * `node dist/bench/restore.js [--home DIR] [--events N] [--runs R]`; the log is generated (with
 * bench/generate.ts) when DIR holds none, and snapshots are written once when missing.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { logExists, openLog, type OpenedLog } from '../engine/log/index.js';
import { ENTRY_FIRST, entryKey } from '../engine/log/layout.js';
import { batchBytes } from '../engine/log/reader.js';
import { unsealImplementation } from '../engine/log/nativeOpen.js';
import type { Db } from '../engine/log/store.js';
import {
  catalogProjection,
  rebuildAll,
  restoreAt,
  restoreSession,
  sessionRows,
  toRestoreJson,
  SESSION_STATE_VERSION,
  WORKER_FROM,
  type SnapshotLog,
} from '../projections/index.js';
import { generate } from './generate.js';
import { invokedDirectly } from './support.js';

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The store under the open log, for the raw references (same process, same files, same cache). */
function dbOf(log: OpenedLog): Db {
  // The open log keeps its LevelDB handle private; the raw references need that very handle
  // (opening the directory again is impossible while it is open).
  return (log as unknown as { db: Db }).db;
}

/**
 * Raw iteration of entry keys 1..to: no unsealing, no decoding. Batches sized like the log's own
 * reads (classic-level's default of 16 KiB per batch would halve this reference).
 */
async function rawScan(db: Db, to: number): Promise<number> {
  const it = db.iterator({ gte: ENTRY_FIRST, lte: entryKey(to), highWaterMarkBytes: batchBytes(1024) });
  let n = 0;
  try {
    for (let chunk = await it.nextv(1024); chunk.length > 0; chunk = await it.nextv(1024)) n += chunk.length;
  } finally {
    await it.close();
  }
  return n;
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { home: { type: 'string' }, events: { type: 'string' }, runs: { type: 'string' } },
    strict: true,
  });
  const events = Number(values.events ?? 1_000_000);
  const runs = Number(values.runs ?? 3);
  const home = values.home ?? join(tmpdir(), `stui-bench-restore-${events}`);
  if (!logExists(home)) await generate({ home, events });

  const log = await openLog({ home });
  try {
    const head = log.headSeq;
    const db = dbOf(log);
    let sessions = sessionRows((await restoreAt(log, catalogProjection)).state).map((s) => s.id);
    // Snapshots in place means: every session has one at the head (as after a clean shutdown).
    let missing = 0;
    for (const id of sessions) if ((await log.nearestSnapshot(`session:${id}`, SESSION_STATE_VERSION, head))?.seq !== head) missing++;
    if (missing > 0) {
      const t = process.hrtime.bigint();
      const r = await rebuildAll(log);
      process.stderr.write(`restore bench: snapshots written for ${r.sessions} sessions in ${(ms(t) / 1000).toFixed(1)} s\n`);
      sessions = sessionRows((await restoreAt(log, catalogProjection)).state).map((s) => s.id);
    }
    const middle = Math.floor(head / 2) + 777; // deliberately not on a snapshot boundary

    const restoreAll = async (at: number | undefined, times: number[]): Promise<void> => {
      for (const id of sessions) {
        const t = process.hrtime.bigint();
        const state = await restoreSession(log, id, at === undefined ? {} : { to: at });
        try {
          JSON.stringify(toRestoreJson(state));
        } catch {
          // a session created after the middle point: E_SESSION_UNKNOWN, measured all the same
        }
        times.push(ms(t));
      }
    };

    // Warm-up, unmeasured: JIT and the OS page cache for both contenders.
    await restoreAll(undefined, []);
    await rawScan(db, head);

    const latest: number[] = [];
    const mid: number[] = [];
    const rawLatest: number[] = [];
    const rawMid: number[] = [];
    const rebuildRates: number[] = [];
    const oneThreadRates: number[] = [];
    const rawRates: number[] = [];
    for (let i = 0; i < runs; i++) {
      await restoreAll(undefined, latest);
      await restoreAll(middle, mid);
      let t = process.hrtime.bigint();
      await rawScan(db, head);
      rawLatest.push(ms(t));
      rawRates.push(head / (rawLatest[rawLatest.length - 1]! / 1000));
      t = process.hrtime.bigint();
      await rawScan(db, middle);
      rawMid.push(ms(t));
      const r = await rebuildAll(log as SnapshotLog, { save: false });
      if (!r.worker && head >= WORKER_FROM) throw new Error('the rebuild did not take its worker thread');
      rebuildRates.push(r.entries / r.seconds);
      const one = await rebuildAll(log as SnapshotLog, { save: false, worker: false });
      oneThreadRates.push(one.entries / one.seconds);
    }

    const p50 = (xs: number[]): number => median(xs);
    const max = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
    const rL = median(rawLatest);
    const rM = median(rawMid);
    const rows: [string, string, string, string][] = [
      [`restore latest, ${sessions.length} sessions`, `p50 ${p50(latest).toFixed(1)} ms, max ${max(latest).toFixed(1)} ms`, `raw scan 1..${fmt(head)}: ${rL.toFixed(0)} ms`, `p50/raw ${(p50(latest) / rL).toFixed(3)}, max/raw ${(max(latest) / rL).toFixed(3)} (aim < 100 ms)`],
      [`restore at seq ${fmt(middle)}`, `p50 ${p50(mid).toFixed(1)} ms, max ${max(mid).toFixed(1)} ms`, `raw scan 1..${fmt(middle)}: ${rM.toFixed(0)} ms`, `p50/raw ${(p50(mid) / rM).toFixed(3)}, max/raw ${(max(mid) / rM).toFixed(3)} (aim < 250 ms)`],
      ['full rebuild, all projections', `${fmt(median(rebuildRates))} events/s`, `raw scan: ${fmt(median(rawRates))} entries/s`, `rebuild/raw ${(median(rebuildRates) / median(rawRates)).toFixed(2)} (aim >= 200,000/s)`],
      ['  the same folded in one thread', `${fmt(median(oneThreadRates))} events/s`, '', `rebuild/raw ${(median(oneThreadRates) / median(rawRates)).toFixed(2)}`],
    ];
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(`restore bench: ${fmt(head)}-entry log in ${home}, ${sessions.length} sessions, unsealing with ${unsealImplementation()}, median of ${runs} runs`);
    for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`);
  } finally {
    await log.close();
  }
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
