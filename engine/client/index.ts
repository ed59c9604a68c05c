/**
 * How clients reach the engine. `runningEngine(home)` answers "is an engine serving this home
 * right now?" without starting one (for commands that can also work on the log directly, such as
 * `stui log` and `stui verify`); `ensureEngine(home, env)` starts one in the background if needed.
 */
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { StuiError } from '../errors.js';
import { pidAlive, readPid } from '../daemon/pidfile.js';
import { EngineClient } from './client.js';
import { enginePaths } from './paths.js';
import { checkKey, spawnEngine } from './spawn.js';

export { EngineClient } from './client.js';
export { enginePaths, ipcAddress } from './paths.js';
export { checkKey, daemonMain, ENGINE_MALLOC_ENV, ENGINE_NODE_FLAGS } from './spawn.js';
export type { EngineReply, EngineRequest } from './wire.js';
export { readLogViaEngine, verifyViaEngine } from './log.js';
export { logExists } from '../log/location.js';

/** How long a running engine may take to answer a status probe. */
const PROBE_MS = 3_000;
/** How long a freshly spawned engine may take to fold the log and answer. */
const START_MS = 20_000;

/**
 * Whether something accepts connections on the socket file. A file left by a killed engine
 * refuses at once, so a stale socket is told apart without waiting for a timeout.
 */
export function socketAccepts(path: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ path });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * A client of the engine serving `home`, or null when none runs. A pid file or socket left by a
 * killed engine counts as none (the pid is dead, or the socket does not answer).
 */
export async function runningEngine(home: string, probeMs = PROBE_MS): Promise<EngineClient | null> {
  const paths = enginePaths(home);
  if (!existsSync(paths.commandSocket)) return null;
  const pid = readPid(home);
  if (pid === null || !pidAlive(pid)) return null;
  if (!(await socketAccepts(paths.commandSocket))) return null;
  const client = new EngineClient(home);
  try {
    await client.call('engine.status', {}, probeMs);
    return client;
  } catch {
    client.close();
    return null;
  }
}

/**
 * A client of the engine serving `home`, starting the engine in the background when none runs.
 * The key is checked first, in this process: a wrong STUI_PASSPHRASE fails here (exit 3) and the
 * home is left exactly as it was.
 */
export async function ensureEngine(home: string, env: NodeJS.ProcessEnv): Promise<EngineClient> {
  checkKey(home, env);
  let lastError: StuiError | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const running = await runningEngine(home);
    if (running) return running;
    const spawned = spawnEngine(home, env);
    const client = new EngineClient(home);
    const outcome = await Promise.race([
      client.call<{ pid?: number }>('engine.status', {}, START_MS).catch((err: unknown) => err as StuiError),
      spawned.exited,
    ]);
    if (!(outcome instanceof Error)) {
      // Another client's engine answered first. Ours is still starting: left alone it would take
      // the log over once that engine stops, an engine nobody asked for, running on.
      if (outcome.pid !== spawned.pid) spawned.stop();
      return client;
    }
    client.close();
    lastError = outcome;
    // Another client started an engine at the same moment (or a short-lived command holds the
    // log): wait for that engine to answer, or for the log to be free, then try again.
    if (outcome.code !== 'E_ENGINE_RUNNING' && outcome.code !== 'E_LOG_LOCKED') throw outcome;
    const since = Date.now();
    while (Date.now() - since < START_MS / 2) {
      const other = await runningEngine(home);
      if (other) return other;
      const pid = readPid(home);
      // No engine is on its way after a second: whoever held the log has let go; spawn again.
      if ((pid === null || !pidAlive(pid)) && Date.now() - since > 1_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw lastError ?? new StuiError('E_ENGINE_UNREACHABLE', `could not start or reach the engine for ${home}`);
}
