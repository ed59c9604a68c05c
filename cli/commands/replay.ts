import type { CommandContext, CommandRun } from '../command.js';
import { StuiError, UsageError } from '../../engine/errors.js';
import type { OpenedLog } from '../../engine/log/index.js';
import { iso, lastCrash, renderStep, replaySession, restoreAt, runWindow, runsProjection, toStep } from '../../projections/index.js';
import { parseSeqFlag } from './log.js';
import { jsonSafe, withLog } from './readLog.js';
import { rerun } from './rerun.js';

interface Window {
  from: number;
  until: number;
  /** Set by --crash: the run whose last entries are replayed. */
  crash: { startSeq: number; lastSeq: number; pid: number | null; startTs: number } | null;
}

/** The seqs to step through: --from/--until, narrowed to the last unclean run with --crash. */
async function windowOf(log: OpenedLog, values: Record<string, unknown>, save: boolean): Promise<Window> {
  let from = parseSeqFlag('from', values.from) ?? 1;
  let until = parseSeqFlag('until', values.until) ?? log.headSeq;
  if (values.crash !== true) return { from, until, crash: null };
  const runs = (await restoreAt(log, runsProjection, {}, { save })).state;
  const run = lastCrash(runs);
  if (!run) {
    throw new StuiError(
      'E_FAILED',
      'no unclean shutdown in the log: every engine run ended with engine.stopped (or is still running); ' +
        'replay a range instead with --from SEQ --until SEQ',
    );
  }
  const w = runWindow(run);
  from = Math.max(from, w.from);
  until = Math.min(until, w.until);
  return { from, until, crash: { startSeq: run.startSeq, lastSeq: run.lastSeq, pid: run.pid, startTs: run.startTs } };
}

async function replay(ctx: CommandContext, log: OpenedLog, values: Record<string, unknown>, save: boolean): Promise<void> {
  const session = String(values.session);
  const json = values.json === true;
  const w = await windowOf(log, values, save);
  if (!json && w.crash) {
    ctx.stdout.write(
      `last unclean shutdown: the engine run started at seq ${w.crash.startSeq} (${iso(w.crash.startTs)}, pid ${w.crash.pid ?? '?'}) ` +
        `ended without engine.stopped after seq ${w.crash.lastSeq}\n`,
    );
  }
  if (typeof values.rerun === 'string') {
    await rerun(ctx, log, session, w.from, w.until, values.rerun, json);
    return;
  }
  // '[' goes out with the first step, so a failure before it leaves stdout empty.
  let first = true;
  for await (const { entry, state } of replaySession(log, session, w.from, w.until)) {
    if (json) ctx.stdout.write((first ? '[\n' : ',\n') + JSON.stringify(toStep(entry, state), jsonSafe));
    else ctx.stdout.write(renderStep(entry, state) + '\n');
    first = false;
  }
  if (json) ctx.stdout.write(first ? '[]\n' : '\n]\n');
  else if (first) ctx.stdout.write(`no entries of session ${session} between seq ${w.from} and ${w.until}\n`);
}

export const run: CommandRun = async (ctx, values) => {
  if (typeof values.session !== 'string' || values.session === '') throw new UsageError('replay needs --session ID (see stui sessions)');
  const from = parseSeqFlag('from', values.from);
  const until = parseSeqFlag('until', values.until);
  if (from !== undefined && until !== undefined && from > until) {
    throw new UsageError(`--from ${from} is after --until ${until}; give --from SEQ no greater than --until SEQ`);
  }
  if (values.rerun !== undefined && !/^tcp:\/\/[^\s:]+:\d+$/.test(String(values.rerun))) {
    throw new UsageError(`--rerun takes an image address tcp://HOST:PORT, not "${String(values.rerun)}"`);
  }
  const missing = await withLog(ctx, true, async (log, save) => {
    await replay(ctx, log, values, save);
    return false;
  });
  if (missing) {
    throw new StuiError('E_SESSION_UNKNOWN', `no log in ${ctx.home} yet, so no session "${values.session}"; list sessions with: stui sessions`);
  }
  return 0;
};
