import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';

export const run: CommandRun = async (ctx, values) => {
  if (typeof values.session !== 'string' || values.session === '') {
    throw new UsageError('restore needs --session ID (see stui sessions)');
  }
  const json = values.json === true;
  const args: Record<string, unknown> = { session: values.session, text: !json };
  if (typeof values.at === 'string') args.at = values.at;
  if (ctx.env.STUI_ORPHAN_AFTER !== undefined) args.orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
  const out = await withEngine(ctx, (c) => c.call<unknown>('restore', args));
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
