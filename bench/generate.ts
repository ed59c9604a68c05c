/**
 * Writes a realistic synthetic log for benchmarks through the real openLog/append:
 *   npm run bench:generate -- --home DIR --events N [--seed S] [--batch B]
 * Several images and sessions; workspace edits, evaluations (completed and failed, with
 * variables), inspector moves, transcript output, prefs; connection outages (heartbeats missed,
 * lost, reconnects scheduled, restored); engine runs that stop cleanly and one that crashes; near
 * the end an image is removed and another goes down for good (their sessions become orphans).
 * Progress goes to stderr; appends go in big batches so a million events take minutes, not hours.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openLog, type NewEvent } from '../engine/log/index.js';
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
    while (written < o.events) {
      const events: NewEvent[] = history.take(Math.min(batch, o.events - written));
      await log.append(events);
      written += events.length;
      if (written >= nextReport || written === o.events) {
        const secs = (Date.now() - started) / 1000;
        progress(`generate: ${written.toLocaleString('en-US')} / ${o.events.toLocaleString('en-US')} events, ${secs.toFixed(1)} s (${Math.round(written / secs).toLocaleString('en-US')}/s)`);
        nextReport += 100_000;
      }
    }
    return { events: written, seconds: (Date.now() - started) / 1000 };
  } finally {
    await log.close();
  }
}


if (invokedDirectly(import.meta.url)) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { home: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' } },
    strict: true,
  });
  const events = Number(values.events ?? 1_000_000);
  if (!values.home || !Number.isSafeInteger(events) || events < 1) {
    process.stderr.write('usage: npm run bench:generate -- --home DIR --events N [--seed S] [--batch B]\n');
    process.exit(2);
  }
  if (existsSync(`${values.home}/log/CURRENT`)) {
    process.stderr.write(`generate: ${values.home} already holds a log; pass a new directory\n`);
    process.exit(1);
  }
  const r = await generate({ home: values.home, events, seed: Number(values.seed ?? 1), batch: Number(values.batch ?? 5000) });
  process.stderr.write(`generate: wrote ${r.events} events to ${values.home} in ${r.seconds.toFixed(1)} s\n`);
}
