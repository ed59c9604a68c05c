import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';
import { REHYDRATE_WAIT_MS } from './specs.js';

interface RehydrateReply {
  session: string;
  image: string;
  from: string;
  evaluations: Array<{ request: string; rehydrates: string; code: string; outcome: string; result?: string; error?: string; seq?: number }>;
  seq: number;
}

/** `stui rehydrate`: re-runs an orphaned session's variable-defining evaluations in a new session. */
export const run: CommandRun = async (ctx, values) => {
  if (typeof values.session !== 'string' || values.session === '') {
    throw new UsageError('rehydrate needs --session ID (see stui orphans)');
  }
  const args: Record<string, unknown> = { session: values.session, timeoutMs: REHYDRATE_WAIT_MS };
  if (typeof values.image === 'string') args.image = values.image;
  const r = await withEngine(ctx, (c) => c.call<RehydrateReply>('session.rehydrate', args, REHYDRATE_WAIT_MS + 15_000));
  if (values.json === true) {
    printJson(ctx, r);
    return;
  }
  ctx.stdout.write(`session ${r.session} on image ${r.image} (re-hydrated from ${r.from}), ${r.evaluations.length} evaluation(s):\n`);
  for (const e of r.evaluations) {
    const outcome = e.outcome === 'completed' ? `→ ${e.result}` : e.outcome === 'failed' ? `failed: ${e.error}` : 'pending';
    ctx.stdout.write(`  ${e.code.replace(/\s+/g, ' ')}  ${outcome}\n`);
  }
};
