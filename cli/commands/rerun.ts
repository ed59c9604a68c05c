/**
 * `stui replay --rerun tcp://H:P`: the evaluations a session recorded in a window, evaluated again
 * in order in a fresh session on an image (usually a fresh one), to reproduce a failure. Each is
 * reported with what was recorded then (result, error, or never answered: the crash case) and what
 * the image answers now. Nothing is written to the log.
 */
import { randomBytes } from 'node:crypto';
import type { CommandContext } from '../command.js';
import { StuiError } from '../../engine/errors.js';
import type { EventLog } from '../../engine/log/index.js';
import { ImageLink, newRequestId } from '../../protocol/index.js';
import { oneLine } from '../../projections/index.js';
import { smalltalkErrorText } from '../../engine/events.js';

export interface RerunRow {
  /** Seq of the recorded eval.requested. */
  seq: number;
  code: string;
  /** What the log holds: the printString, the error text, or null when it was never answered. */
  recorded: string | null;
  /** What the image answers now (the error text for a Smalltalk error). */
  result: string;
  error: boolean;
  same: boolean;
}

interface Recorded {
  seq: number;
  request: string;
  code: string;
  outcome: string | null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The session's eval.requested entries in from..until, with their outcomes wherever they were logged. */
async function recordedEvals(log: Pick<EventLog, 'read'>, session: string, from: number, until: number): Promise<Recorded[]> {
  const out: Recorded[] = [];
  const byRequest = new Map<string, Recorded>();
  for await (const e of log.read({ stream: session, from })) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === 'eval.requested' && e.seq <= until && typeof d.code === 'string') {
      const r: Recorded = { seq: e.seq, request: str(d.request), code: d.code, outcome: null };
      out.push(r);
      byRequest.set(r.request, r);
    } else if (e.type === 'eval.completed' || e.type === 'eval.failed') {
      const r = byRequest.get(str(d.request));
      if (!r || r.outcome !== null) continue;
      r.outcome = e.type === 'eval.completed' ? str(d.result) : str(d.messageText) === '' ? str(d.errorClass) : `${str(d.errorClass)}: ${str(d.messageText)}`;
    }
  }
  return out;
}

export async function rerun(
  ctx: CommandContext,
  log: Pick<EventLog, 'read'>,
  session: string,
  from: number,
  until: number,
  address: string,
  json: boolean,
): Promise<void> {
  const evals = await recordedEvals(log, session, from, until);
  const rows: RerunRow[] = [];
  if (evals.length > 0) {
    const link = ImageLink.connect(address, { requestTimeoutMs: 10_000 });
    try {
      try {
        await link.hello({ client: 'stui-replay' });
      } catch (err) {
        throw new StuiError('E_IMAGE_OFFLINE', `the image at ${address} did not answer (${(err as Error).message}); start it with: stui image serve --name N --port P`);
      }
      const fresh = `replay-${randomBytes(4).toString('hex')}`;
      await link.request({ type: 'session.open', id: newRequestId(), session: fresh });
      for (const r of evals) {
        const reply = await link.request({ type: 'evaluate', id: newRequestId(), session: fresh, code: r.code });
        const result = reply.ok
          ? reply.value.printString
          : smalltalkErrorText(reply.error.errorClass, reply.error.messageText);
        rows.push({ seq: r.seq, code: r.code, recorded: r.outcome, result, error: !reply.ok, same: r.outcome === result });
      }
      await link.request({ type: 'session.close', id: newRequestId(), session: fresh }).catch(() => undefined);
    } finally {
      link.close();
    }
  }
  if (json) {
    ctx.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  if (rows.length === 0) {
    ctx.stdout.write(`no evaluations of session ${session} recorded between seq ${from} and ${until}\n`);
    return;
  }
  ctx.stdout.write(`re-ran ${rows.length} evaluation(s) of session ${session} (seq ${from}..${until}) on ${address}:\n`);
  for (const r of rows) {
    const then = r.recorded === null ? 'never answered' : oneLine(r.recorded);
    ctx.stdout.write(`  #${r.seq} ${oneLine(r.code)}\n    recorded: ${then}\n    now:      ${oneLine(r.result)}${r.error ? ' (error)' : ''}${r.same ? '' : '   <- differs'}\n`);
  }
}
