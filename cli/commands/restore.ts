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
export const run: CommandRun = async (ctx, values) => {
  if (typeof values.session !== 'string' || values.session === '') {
    throw new UsageError('restore needs --session ID (see stui sessions)');
  }
  const session = values.session;
  const json = values.json === true;
  const at = typeof values.at === 'string' ? values.at : undefined;
  const orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
  const args: Record<string, unknown> = { session, text: !json };
  if (at !== undefined) args.at = at;
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
      const { orphanGraceMs, restoreAnswer } = await import('../../projections/index.js');
      const clock = { nowMs: Date.now(), graceMs: orphanGraceMs(orphanAfter) };
      return restoreAnswer(log, { session, at, json, clock }, true);
    },
  );
  if (out === missing) {
    throw new StuiError('E_SESSION_UNKNOWN', `no log in ${ctx.home} yet, so no session "${session}"; list sessions with: stui sessions`);
  }
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
