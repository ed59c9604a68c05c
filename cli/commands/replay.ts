import type { CommandContext, CommandRun } from '../command.js';
import { StuiError, UsageError } from '../../engine/errors.js';
import { readLogViaEngine, type EngineClient } from '../../engine/client/index.js';
import { jsonSafe, type EventLog, type OpenedLog } from '../../engine/log/index.js';
import { iso, replaySteps, replayWindow, type ReplayWindow } from '../../projections/index.js';
import { readHistory } from './logReader.js';
import { parseSeqFlag } from './seqFlag.js';
import { rerun } from './rerun.js';

/** Where a replay's answers come from: the running engine, or the log read here. */
interface Source {
  window(range: { from?: number; until?: number; crash: boolean }): Promise<ReplayWindow>;
  steps(session: string, from: number, until: number, text: boolean): AsyncIterable<unknown> | Promise<unknown[]>;
  log: Pick<EventLog, 'read'>;
}

/** A replay's steps can outlast a usual call on a long session. */
const REPLAY_CALL_MS = 10 * 60_000;

function engineSource(engine: EngineClient): Source {
  return {
    window: (range) => engine.call<ReplayWindow>('replay.window', range),
    steps: (session, from, until, text) => engine.call<unknown[]>('replay', { session, from, until, text }, REPLAY_CALL_MS),
    log: { read: (o) => readLogViaEngine(engine, o ?? {}) },
  };
}

function logSource(log: OpenedLog): Source {
  return {
    window: (range) => replayWindow(log, range, true),
    steps: (session, from, until, text) => replaySteps(log, session, from, until, text),
    log,
  };
}

async function replay(ctx: CommandContext, source: Source, values: Record<string, unknown>): Promise<void> {
  const session = String(values.session);
  const json = values.json === true;
  const range: { from?: number; until?: number; crash: boolean } = { crash: values.crash === true };
  const from = parseSeqFlag('from', values.from);
  const until = parseSeqFlag('until', values.until);
  if (from !== undefined) range.from = from;
  if (until !== undefined) range.until = until;
  const w = await source.window(range);
  if (!json && w.crash) {
    ctx.stdout.write(
      `last unclean shutdown: the engine run started at seq ${w.crash.startSeq} (${iso(w.crash.startTs)}, pid ${w.crash.pid ?? '?'}) ` +
        `ended without engine.stopped after seq ${w.crash.lastSeq}\n`,
    );
  }
  if (typeof values.rerun === 'string') {
    await rerun(ctx, source.log, session, w.from, w.until, values.rerun, json);
    return;
  }
  const steps = await source.steps(session, w.from, w.until, !json);
  // '[' goes out with the first step, so a failure before it leaves stdout empty.
  let first = true;
  for await (const step of steps) {
    if (json) ctx.stdout.write((first ? '[\n' : ',\n') + JSON.stringify(step, jsonSafe));
    else ctx.stdout.write(`${String(step)}\n`);
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
  const missing = await readHistory(
    ctx,
    true,
    async (engine) => {
      await replay(ctx, engineSource(engine), values);
      return false;
    },
    async (log) => {
      await replay(ctx, logSource(log), values);
      return false;
    },
  );
  if (missing) {
    throw new StuiError('E_SESSION_UNKNOWN', `no log in ${ctx.home} yet, so no session "${values.session}"; list sessions with: stui sessions`);
  }
  return 0;
};
