/**
 * What the resilience tests share, inside their private network namespace: an engine home with a
 * client of its engine, reference images started and killed as real processes, the engine's log
 * read back, and small statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ensureEngine, EngineClient } from '../../engine/client/index.js';
import { stuiBin, tempDir } from '../support/cli.js';
import { stopEngine } from '../engine/harness.js';
import type { EvalResult } from '../../engine/session/outcomes.js';

export interface LogEntry {
  seq: number;
  ts: number;
  type: string;
  stream: string;
  data: Record<string, unknown>;
}

/** What the engine's `eval` call answers. */
export type EvalReply = EvalResult;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An engine (the real daemon, in this namespace) for a fresh home, and a client of it. */
export class EngineHome {
  readonly dir: string;
  readonly home: string;
  private readonly cleanupDir: () => void;
  client!: EngineClient;

  constructor(prefix: string) {
    const t = tempDir(prefix);
    this.dir = t.dir;
    this.cleanupDir = t.cleanup;
    this.home = join(t.dir, 'home');
  }

  async start(): Promise<void> {
    this.client = await ensureEngine(this.home, process.env);
  }

  call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    return this.client.call<T>(cmd, args, timeoutMs);
  }

  eval(code: string, opts: { image?: string; session?: string; timeoutMs?: number } = {}): Promise<EvalReply> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    return this.call<EvalReply>('eval', { code, timeoutMs, ...(opts.image ? { image: opts.image } : {}), ...(opts.session ? { session: opts.session } : {}) }, timeoutMs + 15_000);
  }

  log(opts: { from?: number; type?: string; stream?: string } = {}): Promise<LogEntry[]> {
    return this.call<LogEntry[]>('log.read', opts, 60_000);
  }

  async stop(): Promise<void> {
    this.client?.close();
    await stopEngine(this.home);
    this.cleanupDir();
  }
}

export interface Image {
  proc: ChildProcess;
  name: string;
  port: number;
  address: string;
  imageId: string;
  state: string | undefined;
}

const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of started) p.kill('SIGKILL');
});

/** `stui image serve` on a fixed (or free) loopback port, optionally keeping its --state. */
export function serve(name: string, opts: { port?: number; state?: string } = {}): Promise<Image> {
  const args = [stuiBin, 'image', 'serve', '--name', name, '--port', String(opts.port ?? 0)];
  if (opts.state) args.push('--state', opts.state);
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(proc);
  proc.on('exit', () => started.delete(proc));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`image ${name} did not start: ${err}`)), 20_000);
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening (tcp:\/\/[^:]+:(\d+)) image=(\S+)/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ proc, name, port: Number(m[2]), address: m[1]!, imageId: m[3]!, state: opts.state });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`image ${name} exited (${code}) before listening: ${err}`));
    });
  });
}

/** SIGKILL (a crash: nothing is flushed or closed) and wait until the process is gone. */
export function kill9(img: Image): Promise<void> {
  if (img.proc.exitCode !== null || img.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    img.proc.once('exit', () => resolve());
    img.proc.kill('SIGKILL');
  });
}

/** Waits until `cond` holds, polling; throws naming `what` after `ms`. */
export { waitUntil as until } from '../support/wait.js';

/** The engine's live connection state of one image ('connected', 'disconnected', …). */
export async function imageState(h: EngineHome, name: string): Promise<string | undefined> {
  const s = await h.call<{ images: Array<{ name: string; state: string }> }>('engine.status');
  return s.images.find((i) => i.name === name)?.state;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The increment the flapping and drop scenarios count with: runs once per request, or the count is off. */
export const INCREMENT = 'Smalltalk at: #N put: (Smalltalk at: #N) + 1';
export const RESET = 'Smalltalk at: #N put: 0';

/**
 * Code that keeps the image busy for about `ms` (the reference Smalltalk has no Delay): a loop
 * whose length is measured first, so the window "request sent, reply not yet back" is known.
 */
export async function busyCode(h: EngineHome, ms: number, opts: { session?: string } = {}): Promise<string> {
  const probe = 5_000_000;
  const t0 = performance.now();
  await h.eval(`1 to: ${probe} do: [:i | i]. nil`, opts);
  const perIteration = Math.max(1e-6, (performance.now() - t0) / probe);
  return `1 to: ${Math.round(ms / perIteration)} do: [:i | i]`;
}
