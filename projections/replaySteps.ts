/**
 * `stui replay`: one session's entries stepped through with a compact summary of its state after
 * each. The walk starts from the session's state just before the first step (snapshot + tail)
 * and reads only the streams that can change the session (see sessionRestore.ts).
 */
import type { Entry } from '../engine/log/index.js';
import { StuiError } from '../engine/errors.js';
import { describeEntry } from './replay.js';
import { SessionFold, restoreSession } from './sessionRestore.js';
import { sessionRecord, type SessionState } from './sessionState.js';
import { sessionStatus, type SessionStateName } from './sessions.js';
import { openWorkspaces } from './workspaces.js';
import { iso } from './format.js';
import type { SnapshotLog } from './runner.js';
import type { ImageConnState } from './images.js';

export interface StepSummary {
  /** Null until the session exists. */
  state: SessionStateName | null;
  image: string | null;
  connection: ImageConnState | 'removed' | null;
  workspaces: number;
  variables: number;
  history: number;
  pending: number;
  inspectors: number;
  transcriptChars: number;
  prefs: number;
  /** The newest history item's result (an error text for a failure). */
  lastResult: string | null;
}

/** One `stui replay --json` element. */
export interface ReplayStep {
  seq: number;
  ts: string;
  stream: string;
  type: string;
  data: unknown;
  state: StepSummary;
}

export function stepSummary(state: SessionState): StepSummary {
  const rec = sessionRecord(state);
  const img = rec ? state.images[rec.image] : undefined;
  const last = state.history[state.history.length - 1];
  return {
    state: rec ? sessionStatus(rec, state.images).state : null,
    image: rec ? rec.image : null,
    connection: rec ? (img ? img.state : 'removed') : null,
    workspaces: openWorkspaces(state.workspaces).length,
    variables: Object.keys(state.variables).length,
    history: state.historyCount,
    pending: Object.keys(state.pending).length,
    inspectors: Object.keys(state.inspectors).length,
    transcriptChars: state.transcriptChars,
    prefs: Object.keys(state.prefs).length,
    lastResult: last ? last.result : null,
  };
}

export function toStep(entry: Entry, state: SessionState): ReplayStep {
  return { seq: entry.seq, ts: iso(entry.ts), stream: entry.stream, type: entry.type, data: entry.data ?? null, state: stepSummary(state) };
}

/** Two lines: the entry, then the state after it. */
export function renderStep(entry: Entry, state: SessionState): string {
  const s = stepSummary(state);
  const where = s.state === null ? 'no session yet' : `${s.state} on ${s.image ?? '?'} (${s.connection ?? '?'})`;
  return (
    `${describeEntry(entry)}\n` +
    `    -> ${where}; workspaces ${s.workspaces}, variables ${s.variables}, history ${s.history}, ` +
    `pending ${s.pending}, inspectors ${s.inspectors}, transcript ${s.transcriptChars} ch, prefs ${s.prefs}`
  );
}

/**
 * The session's entries, its image's and the engine's with seq in from..until, each with the state right after it.
 * The yielded state is the walk's own and changes with the next step: render it first.
 * Fails with E_SESSION_UNKNOWN when the session does not exist by `until`.
 */
export async function* replaySession(
  log: SnapshotLog,
  session: string,
  from: number,
  until: number,
): AsyncGenerator<{ entry: Entry; state: SessionState }> {
  // Checked first, so nothing is printed for a session that is not there.
  let known = false;
  for await (const e of log.read({ stream: session, to: until })) {
    known = e.seq > 0;
    break;
  }
  if (!known) {
    throw new StuiError('E_SESSION_UNKNOWN', `no session "${session}" in the log up to position ${until}; list sessions with: stui sessions`, {
      session,
      until,
    });
  }
  const state = await restoreSession(log, session, { to: Math.max(0, from - 1) });
  if (from > until) return;
  const fold = await SessionFold.open(log, state, from, until);
  try {
    for (let e = await fold.next(); e; e = await fold.next()) {
      // Every followed image is folded, but only the session's own image is worth showing.
      const image = sessionRecord(state)?.image;
      if (e.stream === session || e.stream === 'engine' || (image !== undefined && e.stream === `image:${image}`)) yield { entry: e, state };
    }
  } finally {
    await fold.close();
  }
}
