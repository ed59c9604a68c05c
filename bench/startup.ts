/**
 * Module loading: how long a whole `stui` process takes when it only answers from the command
 * registry (`--version`, `<command> --help`), against a bare `node -e 0` measured in the same run.
 * What is left over is the CLI's own module loading; the heavy parts (ZeroMQ, LevelDB, the TUI,
 * the Smalltalk VM) load only in the commands that use them.
 *
 *   npm run build && node dist/bench/startup.js [--runs N]     (default 20 runs, 3 warm-up)
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { invokedDirectly } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const stuiBin = join(here, '..', 'cli', 'main.js');

interface Case {
  label: string;
  args: string[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of one whole process, spawn to exit, in ms. */
function once(c: Case): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' } } });
  const runs = Math.max(5, Number(values.runs ?? 20));
  const reference: Case = { label: 'node -e 0', args: ['-e', '0'] };
  const cases: Case[] = [
    { label: 'stui --version', args: [stuiBin, '--version'] },
    { label: 'stui sessions --help', args: [stuiBin, 'sessions', '--help'] },
    { label: 'stui help', args: [stuiBin, 'help'] },
  ];
  const all = [reference, ...cases];
  for (let i = 0; i < 3; i++) for (const c of all) once(c);
  // Interleaved, so a change in the machine's load falls on every case alike.
  const times = new Map<Case, number[]>(all.map((c) => [c, []]));
  for (let i = 0; i < runs; i++) for (const c of all) times.get(c)!.push(once(c));
  const ref = median(times.get(reference)!);
  console.log(`startup bench: whole processes, spawn to exit, median of ${runs} runs each (interleaved, 3 warm-up)`);
  const w = Math.max(...all.map((c) => c.label.length));
  console.log(`  ${reference.label.padEnd(w)}  ${ref.toFixed(1).padStart(6)} ms  reference`);
  for (const c of cases) {
    const m = median(times.get(c)!);
    console.log(`  ${c.label.padEnd(w)}  ${m.toFixed(1).padStart(6)} ms  ${(m / ref).toFixed(2)}x node -e 0, +${(m - ref).toFixed(1)} ms module loading (aim <= 1.5x)`);
  }
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
