/**
 * Test support: a real reference image (`stui image serve`, the compiled CLI) as a child process,
 * and a recorder standing in for the log that timestamps every event a connection emits.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { ConnectionStatus } from '../../engine/connection/index.js';
import type { TypedEvent } from '../../engine/events.js';
import { stuiBin } from '../support/cli.js';
import { waitUntil } from '../support/wait.js';

export interface RunningImage {
  proc: ChildProcess;
  address: string;
  port: number;
  imageId: string;
  curveKey: string | null;
  /** When the first stdout line arrived (the image is accepting connections). */
  listeningAt: number;
  stderr: () => string;
}

/** Starts `stui image serve` and waits for its `listening tcp://H:P image=<id>` line. */
export function serveImage(opts: { name: string; port?: number; state?: string; curve?: boolean }): Promise<RunningImage> {
  const args = [stuiBin, 'image', 'serve', '--name', opts.name, '--port', String(opts.port ?? 0)];
  if (opts.state) args.push('--state', opts.state);
  if (opts.curve) args.push('--curve');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`image did not start in 20 s; stderr:\n${err}`)), 20_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(e);
    };
    proc.on('exit', (code) => fail(new Error(`image exited (${code}) before listening; stderr:\n${err}`)));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      const first = /^listening (tcp:\/\/[^:]+:(\d+)) image=(\S+)$/.exec(lines[0] ?? '');
      if (!first || lines.length < 2) return;
      const curve = /^curve-public-key (\S+)$/.exec(lines[1] ?? '');
      if (opts.curve && !curve) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.on('exit', () => running.delete(proc));
      resolve({
        proc,
        address: first[1]!,
        port: Number(first[2]),
        imageId: first[3]!,
        curveKey: curve ? curve[1]! : null,
        listeningAt: Date.now(),
        stderr: () => err,
      });
    });
  });
}

/** SIGKILLs the image and waits until the process is gone. */
export function killImage(img: RunningImage, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (img.proc.exitCode !== null || img.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    img.proc.once('exit', () => resolve());
    img.proc.kill(signal);
  });
}

const running = new Set<ChildProcess>();
/** Kills every image this test file started (for the end of a file, or a failed test). */
export function killAll(): void {
  for (const p of running) p.kill('SIGKILL');
}
process.on('exit', killAll);

export { freePort } from '../support/ports.js';

export interface Recorded {
  event: TypedEvent;
  at: number;
}

/** Stands in for the log: records events (with the time they were appended) in order. */
export class Recorder {
  readonly entries: Recorded[] = [];
  /** Appends take this long, to show the connection waits for them (write-ahead). */
  delayMs = 0;
  private waiters: { pred: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];

  readonly emit = async (event: TypedEvent): Promise<void> => {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const rec = { event, at: Date.now() };
    this.entries.push(rec);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(rec)) return true;
      w.resolve(rec);
      return false;
    });
  };

  get types(): string[] {
    return this.entries.map((r) => r.event.type);
  }

  of(type: string): Recorded[] {
    return this.entries.filter((r) => r.event.type === type);
  }

  data(r: Recorded): Record<string, unknown> {
    return r.event.data as unknown as Record<string, unknown>;
  }

  /** Resolves once `n` events of that type have been recorded. */
  async count(type: string, n: number, timeoutMs: number): Promise<void> {
    try {
      await waitUntil(() => this.of(type).length >= n, timeoutMs, `${n} ${type}`, 5);
    } catch {
      throw new Error(`only ${this.of(type).length} ${type} within ${timeoutMs} ms; got ${this.types.join(', ')}`);
    }
  }

  /** Resolves with the first event (already recorded after index `from`, or coming) of that type. */
  next(type: string, timeoutMs: number, from = 0): Promise<Recorded> {
    const seen = this.entries.slice(from).find((r) => r.event.type === type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; got ${this.types.join(', ')}`)), timeoutMs);
      this.waiters.push({
        pred: (r) => r.event.type === type,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The connection's status the first time it satisfies `pred`, looked at every 5 ms. */
export async function statusWhen(
  conn: { readonly status: ConnectionStatus },
  pred: (s: ConnectionStatus) => boolean,
  timeoutMs: number,
): Promise<ConnectionStatus> {
  let seen = conn.status;
  try {
    await waitUntil(() => pred((seen = conn.status)), timeoutMs, 'a matching status', 5);
  } catch {
    throw new Error(`status never matched within ${timeoutMs} ms; last ${JSON.stringify(seen)}`);
  }
  return seen;
}

/**
 * Expected types of an outage healed after `retries` failed attempts: what follows the
 * lost/reconnect_scheduled pair is `retries` × (connecting, reconnect_scheduled), then the
 * successful attempt's events.
 */
export function outage(retries: number, healed: string[]): string[] {
  const out = ['connection.lost', 'connection.reconnect_scheduled'];
  for (let i = 0; i < retries; i++) out.push('connection.connecting', 'connection.reconnect_scheduled');
  return [...out, 'connection.connecting', ...healed];
}
