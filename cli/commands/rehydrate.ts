import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { printJson, withEngine } from './engineClient.js';

interface RehydrateReply {
  session: string;
  image: string;
  from: string;
  evaluations: Array<{ request: string; rehydrates: string; code: string; outcome: string; result?: string; error?: string; seq?: number }>;
  seq: number;
}

const WAIT_MS = 30_000;

/** `stui rehydrate`: re-runs an orphaned session's variable-defining evaluations in a new session. */
export const rehydrateCommand: Command = {
  name: ['rehydrate'],
  summary: "re-run an orphaned session's variable-defining evaluations in a new session on its image",
  usage: 'rehydrate --session ID [--image N] [--json]',
  help: [
    'For a session orphaned because another image now answers at its address (e.g. the image was',
    'restarted without its --state): creates a new session on the image (or on --image N) and re-runs,',
    'in their original order, the recorded evaluations whose code assigned workspace variables. They',
    'are recorded as ordinary evaluations of the new session. Nothing is re-run unless you ask.',
    '--json prints {session, image, from, evaluations: [{request, rehydrates, code, outcome, result?, error?, seq?}], seq};',
    `evaluations not finished within ${WAIT_MS / 1000} s show outcome "pending" and still run once.`,
  ].join('\n'),
  options: { session: { type: 'string' }, image: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
    if (typeof values.session !== 'string' || values.session === '') {
      throw new UsageError('rehydrate needs --session ID (see stui orphans)');
    }
    const args: Record<string, unknown> = { session: values.session, timeoutMs: WAIT_MS };
    if (typeof values.image === 'string') args.image = values.image;
    const r = await withEngine(ctx, (c) => c.call<RehydrateReply>('session.rehydrate', args, WAIT_MS + 15_000));
    if (values.json === true) {
      printJson(ctx, r);
      return;
    }
    ctx.stdout.write(`session ${r.session} on image ${r.image} (re-hydrated from ${r.from}), ${r.evaluations.length} evaluation(s):\n`);
    for (const e of r.evaluations) {
      const outcome = e.outcome === 'completed' ? `→ ${e.result}` : e.outcome === 'failed' ? `failed: ${e.error}` : 'pending';
      ctx.stdout.write(`  ${e.code.replace(/\s+/g, ' ')}  ${outcome}\n`);
    }
  },
};
