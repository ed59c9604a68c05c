/**
 * The history reads (`stui audit`, `stui replay`, `stui restore`): the same answers whether the
 * engine serves them from its open log or a command reads the log itself because no engine runs.
 */
import { StuiError } from '../engine/errors.js';
import { auditProjection, type AuditState } from './audit.js';
import { lastCrash, runWindow, runsProjection } from './replay.js';
import { renderStep, replaySession, toStep } from './replaySteps.js';
import { restoreAt, type SnapshotLog } from './runner.js';
import { showHistory, type HistoryShown } from './sessionHistory.js';
import { parseAt, type StopAt } from './projection.js';
import { renderRestore, toRestoreJson } from './restore.js';
import { restoreSession } from './sessionRestore.js';
import type { Clock } from './sessions.js';

/** The audit projection at the head; `save` seals the state it folded to as a snapshot. */
export async function auditAtHead(log: SnapshotLog, save: boolean): Promise<AuditState> {
  return (await restoreAt(log, auditProjection, {}, { save })).state;
}

export interface ReplayWindow {
  from: number;
  until: number;
  /** Set with `crash`: the run whose last entries are replayed. */
  crash: { startSeq: number; lastSeq: number; pid: number | null; startTs: number } | null;
}

/** The seqs to step through: from..until, narrowed to the last unclean engine run with `crash`. */
export async function replayWindow(log: SnapshotLog, o: { from?: number; until?: number; crash: boolean }, save: boolean): Promise<ReplayWindow> {
  let from = o.from ?? 1;
  let until = o.until ?? log.headSeq;
  if (!o.crash) return { from, until, crash: null };
  const run = lastCrash((await restoreAt(log, runsProjection, {}, { save })).state);
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

/** A session's steps in from..until: the rendered line of each, or its JSON object. */
export async function* replaySteps(log: SnapshotLog, session: string, from: number, until: number, text: boolean): AsyncGenerator<unknown> {
  for await (const { entry, state } of replaySession(log, session, from, until)) yield text ? renderStep(entry, state) : toStep(entry, state);
}

export interface RestoreQuery {
  session: string;
  /** A seq or an ISO time; the latest state when absent. */
  at?: string;
  json: boolean;
  clock: Clock;
  /** How much of the session's evaluation history to show (the snapshot keeps the recent part). */
  history: HistoryShown;
}

/**
 * `stui restore`: one session's state, from its nearest snapshot and the entries after it, as
 * the `--json` object or the text. `save` seals the state folded to when the tail was long.
 */
export async function restoreAnswer(log: SnapshotLog, q: RestoreQuery, save: boolean): Promise<unknown> {
  const stop: StopAt = q.at === undefined ? {} : parseAt(q.at);
  const state = await restoreSession(log, q.session, stop, { save });
  // Known sessions only: an unknown one is refused by toRestoreJson without reading its stream.
  if (state.sessions[q.session]) await showHistory(log, state, q.history);
  return q.json ? toRestoreJson(state, q.clock) : renderRestore(state, q.clock);
}
