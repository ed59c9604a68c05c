/**
 * Starting the background engine, as tmux starts its server: the first client that needs it
 * spawns `node <dist>/engine/daemon/main.js --home H` detached, with stdio on `<home>/engine.log`,
 * and waits until it answers. The key is checked here first, so a wrong STUI_PASSPHRASE exits 3
 * without anything being created in the home.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StuiError } from '../errors.js';
import { ensureHome } from '../home.js';
// The key module alone, not the log's public face: a client that only checks the key before it
// talks to the engine must not pay for loading LevelDB and the codecs.
import { loadKey } from '../log/keys.js';
import { parseFatal } from '../daemon/fatal.js';
import { enginePaths } from './paths.js';

/** The daemon entry next to this compiled file (works from dist/ and any other outDir). */
export const daemonMain = join(dirname(fileURLToPath(import.meta.url)), '..', 'daemon', 'main.js');

/** Throws WrongKeyError (exit 3) when the key or passphrase does not open the home's log; writes nothing. */
export function checkKey(home: string, env: NodeJS.ProcessEnv): void {
  loadKey({ home, passphrase: env.STUI_PASSPHRASE || undefined, create: false });
}

function tail(path: string, from: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - 64 * 1024);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * How the engine's process is started for a small, steady footprint. It lives long and mostly
 * waits, and a restore builds and drops megabytes at once (the session's snapshot as read and as
 * text, its parsed state, the JSON answer). With Node's defaults the young generation grows to
 * 16 MB semi-spaces, the old one is let grow by 8 MB or more before it is collected, and blocks
 * freed on libuv's threads (LevelDB reads run there) stay in per-thread malloc arenas: restoring
 * the 46 sessions of a 1M-entry log twice left ~70-90 MB more anonymous memory; with these, ~7 MB
 * at the peak and ~1-2 MB after (bench/engineMemory.ts). --expose-gc lets the command server
 * collect after a large reply (engine/daemon/server.ts). The cost, measured: more, smaller
 * collections; back-to-back restores p50 ~27 ms instead of ~19 ms, workspace edits with 64 in
 * flight ~15% fewer per second; eval latency and a 1M-entry start-up fold unchanged.
 * Two malloc arenas rather than one: with one, verify's two worker threads, LevelDB's readers and
 * the main thread all queue on a single arena, and `stui verify` through the engine of a 1M-entry
 * log took 6.8 s; with two, 5.3 s, while idle RSS and the restore bench stayed within their
 * run-to-run spread (bench/README.md, "Engine memory").
 * Variables the user sets win over these.
 */
export const ENGINE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--heap-growing-percent=10', '--expose-gc'];
export const ENGINE_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

export interface Spawned {
  pid: number;
  /** Resolves with the startup failure once the process exits (never resolves while it runs). */
  exited: Promise<StuiError>;
  /** Asks the process to stop; a no-op once it has exited (so no reused pid is ever signalled). */
  stop(): void;
}

export function spawnEngine(home: string, env: NodeJS.ProcessEnv): Spawned {
  ensureHome(home);
  const { logFile } = enginePaths(home);
  const fd = openSync(logFile, 'a', 0o600);
  const start = fstatSync(fd).size;
  const child = spawn(process.execPath, [...ENGINE_NODE_FLAGS, daemonMain, '--home', home], {
    detached: true,
    // Never hold the caller's working directory busy.
    cwd: home,
    stdio: ['ignore', fd, fd],
    env: { ...ENGINE_MALLOC_ENV, ...process.env, ...env },
  });
  closeSync(fd);
  const exited = new Promise<StuiError>((resolve) => {
    child.on('error', (err) => resolve(new StuiError('E_ENGINE_UNREACHABLE', `could not start the engine: ${err.message}`)));
    child.on('exit', (code, signal) => {
      const reported = parseFatal(tail(logFile, start));
      resolve(
        reported ??
          new StuiError(
            'E_ENGINE_UNREACHABLE',
            `the engine exited while starting (${signal ?? `exit ${code}`}); see ${logFile}`,
            { code, signal },
          ),
      );
    });
  });
  child.unref();
  return { pid: child.pid ?? 0, exited, stop: () => void child.kill('SIGTERM') };
}
