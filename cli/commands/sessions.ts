import type { CommandRun } from '../command.js';
import { printJson, withEngine } from './engineClient.js';

export const run: CommandRun = async (ctx, values) => {
  const json = values.json === true;
  const args: Record<string, unknown> = { text: !json };
  if (ctx.env.STUI_ORPHAN_AFTER !== undefined) args.orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
  const out = await withEngine(ctx, (c) => c.call<unknown>('sessions', args));
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
