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

/** Medians of `runs` cold and `runs` warm whole processes (cold: none when caches cannot be dropped). */
export interface Timed {
  cold: number | null;
  warm: number;
  /** The last warm run's output, for figures read from it (entries verified). */
  last: ProcessRun;
}

export function timeCase(
  runs: number,
  cold: boolean,
  once: () => ProcessRun,
  before: () => void = () => {},
): Timed {
  const colds: number[] = [];
  if (cold) {
    for (let i = 0; i < runs; i++) {
      before();
      dropCaches();
      colds.push(once().ms);
    }
  }
  before();
  once(); // one unmeasured run fills the caches again
  const warms: number[] = [];
  let last: ProcessRun | undefined;
  for (let i = 0; i < runs; i++) {
    before();
    last = once();
    warms.push(last.ms);
  }
  return { cold: cold ? median(colds) : null, warm: median(warms), last: last! };
}

/** Median of `runs` in-process runs after one unmeasured one. */
export async function timeInProcessCase(runs: number, once: () => Promise<ProcessRun>, before: () => void = () => {}): Promise<number> {
  before();
  await once();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    xs.push((await once()).ms);
  }
  return median(xs);
}
