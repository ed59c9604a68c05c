/**
 * Writes a realistic synthetic log for benchmarks through the real openLog/append:
 *   npm run bench:generate -- --home DIR --events N [--seed S] [--batch B] [--entries-only]
 * Several images and sessions; workspace edits, evaluations (completed and failed, with
 * variables), inspector moves, transcript output, prefs; connection outages (heartbeats missed,
 * lost, reconnects scheduled, restored); engine runs that stop cleanly and one that crashes; near
 * the end an image is removed and another goes down for good (their sessions become orphans).
 * Progress goes to stderr; appends go in big batches so a million events take minutes, not hours.
 *
 * At the end it writes the snapshots an engine running all along would have left: the engine's
 * state at the head (so an engine starts without folding the log) and every projection's (so it
 * need not rebuild them, a minute and more of CPU on a million entries, while commands wait).
 * `--entries-only` leaves them out, for a log as an engine from before snapshots left it.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openLog, type Entry, type NewEvent } from '../engine/log/index.js';
import { emptyState, evolve } from '../engine/session/state.js';
import { logSnapshotStore, takeSnapshot } from '../engine/session/snapshot.js';
import { catalogProjection, rebuildAll, start } from '../projections/index.js';
import { closedPorts } from '../test/support/ports.js';
import { IMAGE_NAMES, SyntheticHistory } from './synthetic.js';
import { invokedDirectly } from './support.js';

export interface GenerateOptions {
  home: string;
  events: number;
  seed?: number;
  batch?: number;
  /** Progress lines (stderr by default); pass () => {} for quiet. */
  progress?: (line: string) => void;
  /** Write the engine's and the projections' snapshots at the end (default true). */
  snapshots?: boolean;
}

export async function generate(o: GenerateOptions): Promise<{ events: number; seconds: number }> {
  const progress = o.progress ?? ((line: string) => process.stderr.write(line + '\n'));
  const batch = o.batch ?? 5_000;
  const log = await openLog({ home: o.home });
  const started = Date.now();
  try {
    if (log.headSeq > 0) throw new Error(`${o.home} already holds a log (${log.headSeq} entries); pass an empty or new directory`);
    const history = new SyntheticHistory(o.seed ?? 1, o.events, await closedPorts(IMAGE_NAMES.length));
    let written = 0;
    let nextReport = 100_000;
    // The engine's own fold, kept alongside, for the snapshot it would have taken.
    const state = emptyState();
    const catalog = start(catalogProjection);
    let last: Entry | null = null;
    while (written < o.events) {
      const events: NewEvent[] = history.take(Math.min(batch, o.events - written));
      for (const entry of await log.append(events)) {
        evolve(state, entry);
        catalogProjection.evolve(catalog, entry);
        last = entry;
      }
      written += events.length;
      if (written >= nextReport || written === o.events) {
        const secs = (Date.now() - started) / 1000;
        progress(`generate: ${written.toLocaleString('en-US')} / ${o.events.toLocaleString('en-US')} events, ${secs.toFixed(1)} s (${Math.round(written / secs).toLocaleString('en-US')}/s)`);
        nextReport += 100_000;
      }
    }
    if ((o.snapshots ?? true) && last) {
      await logSnapshotStore(log).save(takeSnapshot(state, catalog, last));
      const t = Date.now();
      const r = await rebuildAll(log);
      progress(`generate: snapshots of the engine and of every projection (${r.sessions} sessions) written in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    return { events: written, seconds: (Date.now() - started) / 1000 };
  } finally {
    await log.close();
  }
}


if (invokedDirectly(import.meta.url)) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      home: { type: 'string' },
      events: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      'entries-only': { type: 'boolean' },
    },
    strict: true,
  });
  const events = Number(values.events ?? 1_000_000);
  if (!values.home || !Number.isSafeInteger(events) || events < 1) {
    process.stderr.write('usage: npm run bench:generate -- --home DIR --events N [--seed S] [--batch B] [--entries-only]\n');
    process.exit(2);
  }
  if (existsSync(`${values.home}/log/CURRENT`)) {
    process.stderr.write(`generate: ${values.home} already holds a log; pass a new directory\n`);
    process.exit(1);
  }
  const r = await generate({
    home: values.home,
    events,
    seed: Number(values.seed ?? 1),
    batch: Number(values.batch ?? 5000),
    snapshots: values['entries-only'] !== true,
  });
  process.stderr.write(`generate: wrote ${r.events} events to ${values.home} in ${r.seconds.toFixed(1)} s\n`);
}
