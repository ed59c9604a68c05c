import type { CommandRun } from '../command.js';
import { StuiError, UsageError } from '../../engine/errors.js';
import { checkKey } from '../../engine/client/index.js';
import { printJson } from './engineClient.js';
import { readHistory } from './logReader.js';

/**
 * A read like `stui log`: through the running engine, or else from the log opened here
 * read-only (the session's nearest snapshot and the entries after it). No engine is started for
 * it: starting one records engine.started and dials every image.
 */

/** `--history N|all`; the engine checks it again (parseHistoryShown) for every client. */
function historyArg(raw: unknown): number | 'all' {
  if (raw === 'all') return 'all';
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw)) return Number(raw);
  throw new UsageError(
    `--history takes a number of evaluations (0 or more) or "all", not ${JSON.stringify(raw)}; without it restore shows the last 200`,
  );
}

export const run: CommandRun = async (ctx, values) => {
  if (typeof values.session !== 'string' || values.session === '') {
    throw new UsageError('restore needs --session ID (see stui sessions)');
  }
  const session = values.session;
  const json = values.json === true;
  const at = typeof values.at === 'string' ? values.at : undefined;
  const orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
  // Checked before anything is opened, so a bad value touches nothing.
  const history = values.history === undefined ? undefined : historyArg(values.history);
  const args: Record<string, unknown> = { session, text: !json };
  if (at !== undefined) args.at = at;
  if (history !== undefined) args.history = history;
  if (orphanAfter !== undefined) args.orphanAfter = orphanAfter;
  const missing = Symbol('no log');
  const out = await readHistory<unknown>(
    ctx,
    missing,
    (engine) => {
      // The engine holds the key already; a wrong one given here is refused all the same.
      checkKey(ctx.home, ctx.env);
      return engine.call<unknown>('restore', args);
    },
    async (log) => {
      const { DEFAULT_HISTORY_SHOWN, orphanGraceMs, restoreAnswer } = await import('../../projections/index.js');
      const clock = { nowMs: Date.now(), graceMs: orphanGraceMs(orphanAfter) };
      return restoreAnswer(log, { session, at, json, clock, history: history ?? DEFAULT_HISTORY_SHOWN }, true);
    },
  );
  if (out === missing) {
    throw new StuiError('E_SESSION_UNKNOWN', `no log in ${ctx.home} yet, so no session "${session}"; list sessions with: stui sessions`);
  }
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
