import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';
import { EVAL_TIMEOUT_S } from './specs.js';

interface EvalReply {
  result: string;
  class: string;
  seq: number;
}

function timeoutMs(raw: unknown): number {
  if (raw === undefined) return EVAL_TIMEOUT_S * 1000;
  const s = Number(raw);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(String(raw)) || !Number.isFinite(s) || s > 86_400) {
    throw new UsageError(`--timeout takes seconds (e.g. 10 or 0.5), not "${String(raw)}"`);
  }
  return Math.round(s * 1000);
}

export const run: CommandRun = async (ctx, values, positionals) => {
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
};
