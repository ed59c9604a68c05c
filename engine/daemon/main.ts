#!/usr/bin/env node
/**
 * The background engine: `node <dist>/engine/daemon/main.js --home H`. Clients spawn it detached
 * with stdout/stderr on `<home>/engine.log` (plaintext diagnostics only; event data never goes
 * there) and STUI_PASSPHRASE in the environment. It owns the log and the image connections until
 * SIGTERM/SIGINT or an `engine.stop` command, which record engine.stopped; a crash records
 * nothing, which is how a later reader tells a crash from a stop.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StuiError, exitCodeFor } from '../errors.js';
import { ensureHome } from '../home.js';
import { LogLockedError, openLog, type OpenedLog } from '../log/index.js';
import { enginePaths, ipcAddress, prepareSocketDir } from '../client/paths.js';
import { SessionEngine } from '../session/engine.js';
import { handlers, type HandlerContext } from '../session/handlers.js';
import { createPortFactory } from '../session/connect.js';
import { loadOrCreateClientKeys } from '../clientKeys.js';
import { logSnapshotStore } from '../session/snapshot.js';
import { CommandServer } from './server.js';
import { EventFeed } from './events.js';
import { fatalLine } from './fatal.js';
import { clearOwn, clearStale, pidAlive, readPid, writePid } from './pidfile.js';
import type { EngineRequest } from '../client/wire.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function diag(message: string): void {
  process.stderr.write(`${new Date().toISOString()} [${process.pid}] ${message}\n`);
}

/** Set once this process has written its pid file, so a failed start removes what it left. */
let ownHome: string | null = null;

function die(err: unknown): never {
  if (ownHome) clearOwn(ownHome);
  process.stderr.write(fatalLine(err));
  process.exit(exitCodeFor(err));
}

/**
 * Files LevelDB keeps open for the engine: the fewest it allows (it raises anything lower to
 * 74, of which 64 are table files). Each open table is mapped whole and has its index and filter
 * blocks in memory: with LevelDB's default of 1 000, restores spread over a 1M-entry log grew the
 * engine's resident size by ~170 MB, mostly mapped files (bench/engineMemory.ts); with 74, by
 * ~65 MB, at the same restore latency.
 */
const ENGINE_OPEN_FILES = 74;

async function openOwnLog(home: string): Promise<OpenedLog> {
  try {
    return await openLog({
      home,
      passphrase: process.env.STUI_PASSPHRASE || undefined,
      maxOpenFiles: ENGINE_OPEN_FILES,
      onMigrate: (m) => diag(`upgrading the log store from format ${m.from} to ${m.to}: ${m.summary} (reads the whole log once)`),
    });
  } catch (err) {
    if (!(err instanceof LogLockedError)) throw err;
    const pid = readPid(home);
    if (pid !== null && pid !== process.pid && pidAlive(pid)) {
      throw new StuiError('E_ENGINE_RUNNING', `an engine is already running for ${home} (pid ${pid}); stop it with stui engine stop`, { pid, home });
    }
    throw err;
  }
}

async function run(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { home: { type: 'string' } }, strict: true });
  if (!values.home) throw new StuiError('E_USAGE', 'usage: engine/daemon/main.js --home DIR');
  const home = ensureHome(values.home);
  // Sockets are created 0700 by the kernel under this mask, then tightened to 0600 below.
  process.umask(0o077);
  const paths = enginePaths(home);
  const log = await openOwnLog(home);
  // Holding the log lock proves no other engine lives: whatever sockets remain are stale.
  prepareSocketDir(paths, home);
  clearStale(home);
  writePid(home);
  ownHome = home;
  const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

  let stopping: Promise<void> | null = null;
  let server: CommandServer | null = null;
  let feed: EventFeed | null = null;
  let engine: SessionEngine | null = null;

  const shutdown = (reason: 'signal' | 'command'): Promise<void> => {
    stopping ??= (async () => {
      diag(`stopping (${reason})`);
      await engine?.stop(reason);
      // Replies to callers the stop answered (queued evaluations) leave before the socket closes.
      await new Promise((r) => setTimeout(r, 50));
      server?.close();
      feed?.close();
      clearOwn(home);
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', () => void shutdown('signal'));
  process.on('SIGINT', () => void shutdown('signal'));

  feed = await EventFeed.bind(ipcAddress(paths.eventSocket));
  chmodSync(paths.eventSocket, 0o600);
  engine = await SessionEngine.start({
    log,
    snapshots: logSnapshotStore(log),
    version,
    portFactory: createPortFactory({ diag, clientKeys: () => loadOrCreateClientKeys(home) }),
    publish: (entry) => feed?.publish(entry),
    diag,
    onFatal: (err) => {
      diag(`the log can no longer be written, stopping at once: ${String(err)}`);
      clearOwn(home);
      process.exit(1);
    },
  });
  const ctx: Omit<HandlerContext, 'progress'> = {
    engine,
    home,
    verify: (options) => log.verify(options),
    // Let the reply leave before the sockets close.
    requestStop: () => void setTimeout(() => void shutdown('command'), 20),
  };
  const dispatch = async (req: EngineRequest, progress: (value: unknown) => void): Promise<unknown> => {
    if (!Object.hasOwn(handlers, req.cmd)) {
      throw new StuiError('E_USAGE', `unknown engine command "${req.cmd}"`, { cmd: req.cmd });
    }
    return handlers[req.cmd]!({ ...ctx, progress }, req.args);
  };
  server = await CommandServer.bind(ipcAddress(paths.commandSocket), dispatch, diag);
  chmodSync(paths.commandSocket, 0o600);
  diag(`engine ${version} ready for ${home}`);
}

process.on('uncaughtException', (err) => {
  diag(`crash: ${err.stack ?? String(err)}`);
  process.exit(70);
});
process.on('unhandledRejection', (err) => {
  diag(`crash (unhandled rejection): ${(err as Error)?.stack ?? String(err)}`);
  process.exit(70);
});

run().catch(die);
