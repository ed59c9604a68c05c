import type { Command } from '../command.js';
import { printJson, withEngine } from './engineClient.js';

export const sessionsCommand: Command = {
  name: ['sessions'],
  summary: 'sessions with id, image, imageId, state, createdAt, lastSeq',
  usage: 'sessions [--json]',
  help: 'state is active, disconnected, orphaned (image unreachable longer than STUI_ORPHAN_AFTER seconds, or removed) or archived.',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const json = values.json === true;
    const args: Record<string, unknown> = { text: !json };
    if (ctx.env.STUI_ORPHAN_AFTER !== undefined) args.orphanAfter = ctx.env.STUI_ORPHAN_AFTER;
    const out = await withEngine(ctx, (c) => c.call<unknown>('sessions', args));
    if (json) printJson(ctx, out);
    else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
  },
};
