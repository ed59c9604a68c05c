import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';

interface EvalReply {
  result: string;
  class: string;
  seq: number;
}

const DEFAULT_TIMEOUT_S = 10;

function timeoutMs(raw: unknown): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const s = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(String(raw)) || !Number.isFinite(s) || s > 86_400) {
    throw new UsageError(`--timeout takes seconds (e.g. 10 or 0.5), not "${String(raw)}"`);
  }
  return Math.round(s * 1000);
}

export const evalCommand: Command = {
  name: ['eval'],
  summary: "evaluate Smalltalk in an image's session and print the result's printString",
  usage: 'eval [--image N] [--session ID] [--timeout S] [--json] CODE',
  help: [
    'Runs CODE in the session (default: the image\'s default session, created on first use).',
    '--image may be left out when exactly one image is registered. --session ID picks another',
    'session, creating it on that image when new. The request is recorded before it is sent; if the',
    'image is unreachable it stays queued and runs once when the image is back, and this command',
    `exits 5 after --timeout seconds (default ${DEFAULT_TIMEOUT_S}). --json prints {result, class, seq}, seq being`,
    'the log position of the completed evaluation (what restore --at takes). Smalltalk errors exit 1.',
  ].join('\n'),
  options: {
    image: { type: 'string' },
    session: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run(ctx, values, positionals) {
    const code = positionals.join(' ');
    if (code.trim() === '') throw new UsageError('nothing to evaluate; usage: stui eval [--image N] [--session ID] [--timeout S] [--json] CODE');
    const wait = timeoutMs(values.timeout);
    const args: Record<string, unknown> = { code, timeoutMs: wait };
    if (typeof values.image === 'string') args.image = values.image;
    if (typeof values.session === 'string') args.session = values.session;
    // The call itself may take as long as the wait plus the time to record and reply.
    const r = await withEngine(ctx, (c) => c.call<EvalReply>('eval', args, wait + 15_000));
    if (values.json) printJson(ctx, { result: r.result, class: r.class, seq: r.seq });
    else ctx.stdout.write(`${r.result}\n`);
  },
};
