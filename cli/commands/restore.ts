import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';

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
  const json = values.json === true;
  const args: Record<string, unknown> = { session: values.session, text: !json };
  if (typeof values.at === 'string') args.at = values.at;
  // Checked here too, so a bad value is refused before an engine is started for it.
  if (values.history !== undefined) args.history = historyArg(values.history);
  if (ctx.env.STUI_ORPHAN_AFTER !== undefined) args.orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
  const out = await withEngine(ctx, (c) => c.call<unknown>('restore', args));
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
