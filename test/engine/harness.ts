/**
 * What the engine tests share: real reference images (`stui image serve`), the real stui
 * binary, and a way to stop whatever engine a test home still has.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stui, stuiBin, type RunResult } from '../support/cli.js';
import { waitUntil } from '../support/wait.js';
import { EngineClient } from '../../engine/client/index.js';

export interface ServedImage {
  proc: ChildProcess;
  address: string;
  port: number;
  imageId: string;
  /** With `curve`: the image's CURVE public key. */
  serverKey: string | null;
  stop(): Promise<void>;
}

/** Runs `stui image serve` and resolves once it prints its `listening` line. */
export function serveImage(opts: { name: string; port?: number; state?: string; curve?: boolean }): Promise<ServedImage> {
  const args = [stuiBin, 'image', 'serve', '--name', opts.name, '--port', String(opts.port ?? 0)];
  if (opts.state) args.push('--state', opts.state);
  if (opts.curve) args.push('--curve');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`image did not start: ${err}`)), 15_000);
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening (tcp:\/\/[^:]+:(\d+)) image=(\S+)/m.exec(out);
      const key = /^curve-public-key (\S+)/m.exec(out);
      if (!m || (opts.curve && !key)) return;
      clearTimeout(timer);
      resolve({
        proc,
        address: m[1]!,
        port: Number(m[2]),
        imageId: m[3]!,
        serverKey: key?.[1] ?? null,
        stop: () =>
          new Promise((res) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return res();
            proc.once('exit', () => res());
            proc.kill('SIGTERM');
          }),
      });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`image exited (${code}) before listening: ${err}`));
    });
  });
}

export function enginePid(home: string): number | null {
  try {
    return Number(readFileSync(join(home, 'engine.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export { waitUntil } from '../support/wait.js';

/** Stops the engine of `home` if one runs (SIGKILL if it does not stop by itself). */
export async function stopEngine(home: string): Promise<void> {
  const pid = enginePid(home);
  if (pid === null || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await waitUntil(() => !alive(pid), 5_000, 'engine exit');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

export async function stuiJson<T>(home: string, args: string[], env?: NodeJS.ProcessEnv): Promise<T> {
  const r = await stui([...args, '--json'], { home, env });
  if (r.code !== 0) throw new Error(`stui ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export interface LogEntryJson {
  seq: number;
  type: string;
  stream: string;
  data: Record<string, unknown>;
}

export function ok(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr}`);
  return r;
}

/** Entries of the running engine's log (optionally those whose type starts with `type`), over its socket. */
export async function engineLog(home: string, type?: string): Promise<LogEntryJson[]> {
  const c = new EngineClient(home);
  try {
    return await c.call<LogEntryJson[]>('log.read', type === undefined ? {} : { type }, 10_000);
  } finally {
    c.close();
  }
}
