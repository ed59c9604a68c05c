/**
 * How much of a session's past a restore shows. A session state keeps only the last
 * SESSION_KEEP.history evaluations and the transcript's tail; asking for more folds the session's
 * own stream from the log (its evaluations and transcript depend on nothing else), keeping only
 * what was asked for, so a long session costs a read of its stream, never a large snapshot.
 */
import { UsageError } from '../engine/errors.js';
import type { EventLog } from '../engine/log/index.js';
import { start } from './projection.js';
import { KEEP_ALL, SESSION_KEEP, sessionStateProjection, type SessionKeep, type SessionState } from './sessionState.js';

/** The last that many finished evaluations, or every one ('all': the whole transcript too). */
export type HistoryShown = number | 'all';

/** What a restore shows when not told: what a sealed state keeps, enough for any screen. */
export const DEFAULT_HISTORY_SHOWN: HistoryShown = SESSION_KEEP.history;

/** `--history N|all` as typed (or sent to the engine); anything else is a usage error. */
export function parseHistoryShown(raw: unknown): HistoryShown {
  if (raw === undefined) return DEFAULT_HISTORY_SHOWN;
  if (raw === 'all') return 'all';
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^\d{1,15}$/.test(raw)) return Number(raw);
  throw new UsageError(
    `--history takes a number of evaluations (0 or more) or "all", not ${JSON.stringify(raw)}; ` +
      `without it restore shows the last ${DEFAULT_HISTORY_SHOWN}`,
  );
}

/**
 * Gives `state` (a restored session state) the history and transcript `shown` asks for: its own
 * tail cut down, or the older part folded from the log up to the point the state describes.
 */
export async function showHistory(log: EventLog, state: SessionState, shown: HistoryShown): Promise<SessionState> {
  const n = shown === 'all' ? Infinity : shown;
  const wanted = Math.min(n, state.historyCount);
  const wholeTranscript = shown === 'all' && transcriptLength(state) < state.transcriptChars;
  if (state.history.length < wanted || wholeTranscript) {
    const keep: SessionKeep = { history: n, transcript: shown === 'all' ? KEEP_ALL.transcript : SESSION_KEEP.transcript };
    const older = await foldOwnStream(log, state.session, state.atSeq, keep);
    state.history = older.history;
    if (shown === 'all') state.transcript = older.transcript;
  }
  if (state.history.length > n) state.history = state.history.slice(state.history.length - n);
  return state;
}

function transcriptLength(state: SessionState): number {
  let n = 0;
  for (const chunk of state.transcript) n += chunk.length;
  return n;
}

/** The session's own entries up to `to`, folded keeping `keep`; never sealed (keep differs). */
async function foldOwnStream(log: EventLog, session: string, to: number, keep: SessionKeep): Promise<SessionState> {
  const projection = sessionStateProjection(session, keep);
  const state = start(projection);
  for await (const entry of log.read({ stream: session, to })) projection.evolve(state, entry);
  return state;
}
