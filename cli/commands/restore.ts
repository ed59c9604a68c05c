import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';

export const restoreCommand: Command = {
  name: ['restore'],
  summary: 'a session\'s state at a point: workspaces, variables, history, inspectors, transcript, prefs',
  usage: 'restore --session ID [--at SEQ|ISO-TIME] [--json]',
  help: 'Without --at, the latest state. --at SEQ is the state right after that log position; --at TIME right\nafter the last entry at or before that time. --json prints one object.',
  options: { session: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
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
  },
};
