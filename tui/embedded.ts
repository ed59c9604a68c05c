/**
 * The embedded reference image: what a newcomer evaluates against before registering any image of
 * their own. It runs detached from the TUI (as the engine does), with its state dir in the home
 * (<home>/images/local), so quitting the TUI leaves it serving and a restart keeps its identity and
 * globals. When it is registered but not running, it is started again on its registered port.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StuiError } from '../engine/errors.js';

export const EMBEDDED_NAME = 'local';

/** The stui CLI next to this compiled file (works from dist/ and any other outDir). */
const stuiMain = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

export interface EmbeddedPaths {
  state: string;
  pidFile: string;
  logFile: string;
}

export function embeddedPaths(home: string): EmbeddedPaths {
  const base = join(home, 'images');
  return { state: join(base, EMBEDDED_NAME), pidFile: join(base, `${EMBEDDED_NAME}.pid`), logFile: join(base, `${EMBEDDED_NAME}.log`) };
}

/** Whether this home has an embedded image (one was started here once). */
export function hasEmbedded(home: string): boolean {
  return existsSync(join(embeddedPaths(home).state, 'image.json'));
}

export function embeddedPid(home: string): number | null {
  try {
    const pid = Number(readFileSync(embeddedPaths(home).pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function embeddedRunning(home: string): boolean {
  const pid = embeddedPid(home);
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed image nobody has reaped yet still answers kill(0); Linux tells it apart (state Z).
  // A recycled pid belongs to some other program: check it is an image being served.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' && cmdline.includes('serve');
  } catch {
    return true;
  }
}

/**
 * Starts the embedded image (port 0: any free loopback port) and resolves with its address once
 * it listens.
 */
export async function startEmbedded(home: string, port = 0, timeoutMs = 15_000): Promise<{ address: string; pid: number }> {
  const paths = embeddedPaths(home);
  mkdirSync(paths.state, { recursive: true, mode: 0o700 });
  const fd = openSync(paths.logFile, 'a', 0o600);
  const from = statSync(paths.logFile).size;
  const args = [stuiMain, 'image', 'serve', '--name', EMBEDDED_NAME, '--host', '127.0.0.1', '--port', String(port), '--state', paths.state];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  const pid = child.pid ?? 0;
  writeFileSync(paths.pidFile, `${pid}\n`, { mode: 0o600 });
  const status: { exited: string | null } = { exited: null };
  child.once('exit', (code, signal) => (status.exited = signal ?? `exit ${code}`));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const out = readFileSync(paths.logFile, 'utf8').slice(from);
    const m = /^listening (tcp:\/\/\S+) image=/m.exec(out);
    if (m) return { address: m[1]!, pid };
    if (status.exited !== null) {
      const why = out.trim().split('\n').pop() ?? '';
      throw new StuiError('E_FAILED', `the embedded image stopped while starting (${status.exited}): ${why}; see ${paths.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new StuiError('E_FAILED', `the embedded image did not start within ${timeoutMs / 1000} s; see ${paths.logFile}`);
}

/** The port of a tcp://host:port address. */
export function portOf(address: string): number {
  const m = /:(\d+)$/.exec(address);
  return m ? Number(m[1]) : 0;
}
