/**
 * Timing whole `stui` processes the way a user runs them (spawn to exit, output read through a
 * pipe), cold or warm, and the same command run in this process through the CLI's own `main`,
 * so the two differ only by what a process start costs: Node's bootstrap, module loading, the
 * engine connection made afresh.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';

export const stuiBin = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface ProcessRun {
  ms: number;
  stdout: string;
  stderr: string;
}

/**
 * Empties the kernel's page cache (root only), so the next process reads node, the modules and
 * the store from disk. Answers whether it could.
 */
export function dropCaches(): boolean {
  try {
    spawnSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** One whole node process (`args` after the node binary); throws unless it exits 0. */
export function timeNode(args: string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    maxBuffer: 2 ** 31,
    timeout: 600_000,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const stdout = r.stdout?.toString() ?? '';
  const stderr = r.stderr?.toString() ?? '';
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${stderr.slice(0, 2000)}`);
  return { ms, stdout, stderr };
}

/** A whole `stui` process. */
export function timeStui(home: string, args: string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  return timeNode([stuiBin, '--home', home, ...args], env);
}

/** Takes what a command writes and counts it, as a reader of its pipe would. */
class Sink extends Writable {
  text = '';
  constructor(private readonly keep: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.keep) this.text += chunk.toString();
    done();
  }
}

/** The same command through `main` in this process (modules already loaded); throws unless it exits 0. */
export async function timeInProcess(home: string, args: string[], keepOutput = false): Promise<ProcessRun> {
  const stdout = new Sink(keepOutput);
  const stderr = new Sink(true);
  const t = process.hrtime.bigint();
  const code = await main(['--home', home, ...args], { stdout, stderr, env: process.env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (code !== 0) throw new Error(`stui ${args.join(' ')} (in process) exited ${code}: ${stderr.text.slice(0, 2000)}`);
  return { ms, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Medians of `runs` cold and `runs` warm whole processes (cold: none when caches cannot be
 * dropped), of the runs that succeeded; a command that fails is a figure too, so it is kept.
 */
export interface Timed {
  cold: number | null;
  warm: number | null;
  /** What went wrong, when some runs failed ("warm 2 of 2 failed: …"). */
  failed: string | null;
  /** The last good warm run's output, for figures read from it (entries verified). */
  last: ProcessRun | null;
}

/** A command that failed twice in a row is not run again in that mode: each failure may be a 30 s timeout. */
const GIVE_UP_AFTER = 2;

type Series = { ms: number[]; failures: number; tried: number; message: string; last: ProcessRun | null };

async function series(runs: number, once: () => ProcessRun | Promise<ProcessRun>, before: () => void): Promise<Series> {
  const out: Series = { ms: [], failures: 0, tried: 0, message: '', last: null };
  for (let i = 0; i < runs && !(out.failures >= GIVE_UP_AFTER && out.ms.length === 0); i++) {
    before();
    out.tried++;
    try {
      out.last = await once();
      out.ms.push(out.last.ms);
    } catch (err) {
      out.failures++;
      out.message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
    }
  }
  return out;
}

const failures = (label: string, s: Series): string[] => (s.failures > 0 ? [`${label} ${s.failures} of ${s.tried} failed: ${s.message}`] : []);

export async function timeCase(runs: number, cold: boolean, once: () => ProcessRun, before: () => void = () => {}): Promise<Timed> {
  const colds = cold ? await series(runs, once, () => (before(), dropCaches())) : null;
  // Warm after the cold runs (the last one filled the caches), or after one unmeasured run.
  if (!colds) await series(1, once, before);
  const warms = await series(runs, once, before);
  const failed = [...(colds ? failures('cold', colds) : []), ...failures('warm', warms)];
  return {
    cold: colds && colds.ms.length > 0 ? median(colds.ms) : null,
    warm: warms.ms.length > 0 ? median(warms.ms) : null,
    failed: failed.length > 0 ? failed.join('; ') : null,
    last: warms.last,
  };
}

/** Median of `runs` in-process runs after one unmeasured one (null when none succeeded). */
export async function timeInProcessCase(runs: number, once: () => Promise<ProcessRun>, before: () => void = () => {}): Promise<number | null> {
  await series(1, once, before);
  const s = await series(runs, once, before);
  return s.ms.length > 0 ? median(s.ms) : null;
}
