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
import { loadKey } from '../log/index.js';
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

export interface Spawned {
  pid: number;
  /** Resolves with the startup failure once the process exits (never resolves while it runs). */
  exited: Promise<StuiError>;
}

export function spawnEngine(home: string, env: NodeJS.ProcessEnv): Spawned {
  ensureHome(home);
  const { logFile } = enginePaths(home);
  const fd = openSync(logFile, 'a', 0o600);
  const start = fstatSync(fd).size;
  const child = spawn(process.execPath, [daemonMain, '--home', home], {
    detached: true,
    // Never hold the caller's working directory busy.
    cwd: home,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env },
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
  return { pid: child.pid ?? 0, exited };
}
