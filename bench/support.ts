/**
 * What every benchmark shares: timing a call back to back into latency percentiles, running and
 * stopping a child process (an image, an echo peer), and running a bench module as a script.
 * Keeping these in one place keeps the figures of different benches comparable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Phase {
  label: string;
  perSecond: number;
  p50us: number;
  p99us: number;
  count: number;
}

/** Runs `once` back to back for `seconds` (after `warmup` calls) and summarises the latencies. */
export async function measure(label: string, seconds: number, once: () => Promise<void>, warmup = 200): Promise<Phase> {
  for (let i = 0; i < warmup; i++) await once();
  const lat: number[] = [];
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < until) {
    const t = process.hrtime.bigint();
    await once();
    now = process.hrtime.bigint();
    lat.push(Number(now - t) / 1000);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  return { label, perSecond: lat.length / (Number(now - started) / 1e9), p50us: q(0.5), p99us: q(0.99), count: lat.length };
}

/** Starts a node child and resolves with its first stdout line (an image's `listening …`). */
export function startChild(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before starting`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, line: out.slice(0, nl) });
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Whether the module at `moduleUrl` is the script node was started with (not imported by run.ts). */
export function invokedDirectly(moduleUrl: string): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
