/**
 * `<home>/engine.pid`: which process runs the engine for a home. It is advice for clients (who
 * to name, whether to bother waiting); the real guard against two engines is the log's LevelDB
 * lock, which dies with its process — so a pid or socket left by a `kill -9` is recognised as
 * stale and cleared by the next engine without anyone's help.
 */
import { readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { enginePaths } from '../client/paths.js';

export function readPid(home: string): number | null {
  try {
    const pid = Number(readFileSync(enginePaths(home).pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Whether a process with this pid runs (EPERM: it exists but belongs to someone else). A zombie
 * counts as dead: a killed engine whose parent never reaps it keeps its pid but holds nothing.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." — the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export function writePid(home: string): void {
  const { pidFile } = enginePaths(home);
  const tmp = `${pidFile}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
  renameSync(tmp, pidFile);
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes the socket files and pid file a dead engine left behind (caller holds the log lock). */
export function clearStale(home: string): void {
  const p = enginePaths(home);
  unlinkQuiet(p.commandSocket);
  unlinkQuiet(p.eventSocket);
  if (readPid(home) !== process.pid) unlinkQuiet(p.pidFile);
}

/** On a clean stop: remove what this engine created, unless another engine has taken over. */
export function clearOwn(home: string): void {
  const p = enginePaths(home);
  if (readPid(home) !== process.pid) return;
  unlinkQuiet(p.commandSocket);
  unlinkQuiet(p.eventSocket);
  unlinkQuiet(p.pidFile);
  if (p.socketDir !== home) {
    try {
      rmdirSync(p.socketDir);
    } catch {
      // not empty or already gone: harmless
    }
  }
}
