import type { CommandContext } from '../command.js';
import type { OpenedLog } from '../../engine/log/index.js';
import { isStuiError } from '../../engine/errors.js';
import { logExists, runningEngine, type EngineClient } from '../../engine/client/index.js';

/** How long a reader waits for a log held by a process that is not (yet) an engine answering. */
const LOCKED_WAIT_MS = 5_000;
const RETRY_MS = 100;

/**
 * Reads the log the one way that is safe now: through the running engine, which owns the store
 * while it runs, or else by opening it here. The store is never copied. If it is held by a
 * process that does not answer as an engine (one starting up, or another stui command), the
 * reader waits a little for it to answer or let go; past that, E_LOG_LOCKED says what to do.
 */
export async function readThroughOwner<T>(
  ctx: CommandContext,
  viaEngine: (engine: EngineClient) => Promise<T>,
  direct: () => Promise<T>,
): Promise<T> {
  const since = Date.now();
  for (;;) {
    const engine = await runningEngine(ctx.home);
    if (engine) {
      try {
        return await viaEngine(engine);
      } finally {
        engine.close();
      }
    }
    try {
      return await direct();
    } catch (err) {
      if (!(isStuiError(err) && err.code === 'E_LOG_LOCKED') || Date.now() - since > LOCKED_WAIT_MS) throw err;
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}

/**
 * A history read: through the running engine, or else from the log opened here read-only
 * (snapshots it folds to are sealed back). A home that never recorded anything answers `empty`.
 * No engine is started for a read: starting one records engine.started and dials every image,
 * so the history being read would change under the read.
 */
/** Opens the log read-only for a command that found no engine, saying so when the store must be upgraded first. */
export async function openForReading(ctx: CommandContext): Promise<OpenedLog> {
  // Loaded only now: while an engine answers, a read needs neither LevelDB nor the codecs.
  const { openLog } = await import('../../engine/log/index.js');
  return openLog({
    home: ctx.home,
    passphrase: ctx.env.STUI_PASSPHRASE,
    readOnly: true,
    onMigrate: (m) => ctx.stderr.write(`stui: upgrading the log store from format ${m.from} to ${m.to} (${m.summary}); this reads the whole log once\n`),
  });
}

export async function readHistory<T>(
  ctx: CommandContext,
  empty: T,
  viaEngine: (engine: EngineClient) => Promise<T>,
  direct: (log: OpenedLog) => Promise<T>,
): Promise<T> {
  if (!logExists(ctx.home)) return empty;
  return readThroughOwner(ctx, viaEngine, async () => {
    const log = await openForReading(ctx);
    try {
      return await direct(log);
    } finally {
      await log.close();
    }
  });
}
