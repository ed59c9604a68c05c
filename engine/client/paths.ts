import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StuiError } from '../errors.js';

/**
 * Where the engine's rendezvous files live for a STUI home. The CLI, the TUI and the engine all
 * compute them here, so a client and the engine can never disagree on where to meet.
 *
 * The sockets live in the home unless its path is too long for a Unix socket address (about 107
 * bytes); then they live in a private directory named after the home under $XDG_RUNTIME_DIR (or
 * the temp directory), which must be the user's own and closed to everyone else.
 */
export interface EnginePaths {
  /** Directory holding the two sockets (the home, or a private runtime directory). */
  socketDir: string;
  /** ROUTER socket file: commands in, replies out (mode 0600). */
  commandSocket: string;
  /** PUB socket file: every appended entry, live (mode 0600). */
  eventSocket: string;
  /** The running engine's pid, written after the log lock is held. */
  pidFile: string;
  /** Plaintext diagnostics of the background engine; never event data. */
  logFile: string;
}

/** sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

function fits(dir: string): boolean {
  return Buffer.byteLength(join(dir, 'engine.sock')) <= MAX_SOCKET_PATH;
}

function runtimeBase(): string {
  const xdg = process.env.XDG_RUNTIME_DIR;
  return xdg && fits(join(xdg, 'stui-0123456789abcdef')) ? xdg : join(tmpdir(), `stui-${process.getuid?.() ?? 'user'}`);
}

export function enginePaths(home: string): EnginePaths {
  const socketDir = fits(home) ? home : join(runtimeBase(), `stui-${createHash('sha256').update(home).digest('hex').slice(0, 16)}`);
  return {
    socketDir,
    commandSocket: join(socketDir, 'engine.sock'),
    eventSocket: join(socketDir, 'events.sock'),
    pidFile: join(home, 'engine.pid'),
    logFile: join(home, 'engine.log'),
  };
}

/** Makes a private directory (0700, the user's own, not a symlink) or refuses one that is not. */
function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const mine = process.getuid ? st.uid === process.getuid() : true;
  if (!st.isDirectory() || !mine || (st.mode & 0o077) !== 0) {
    throw new StuiError('E_HOME', `${dir} must be a directory of your own that nobody else can enter (mode 0700); remove it or set XDG_RUNTIME_DIR`, { dir });
  }
}

/** Called by the engine before binding: a runtime socket directory must exist and be private. */
export function prepareSocketDir(paths: EnginePaths, home: string): void {
  if (paths.socketDir === home) return;
  privateDir(join(paths.socketDir, '..'));
  privateDir(paths.socketDir);
}

export const ipcAddress = (file: string): string => `ipc://${file}`;
