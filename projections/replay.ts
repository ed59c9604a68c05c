/**
 * What `stui replay` needs besides a session's state: the engine's runs (from engine.started to
 * engine.stopped), so `--crash` can find the last run that ended without engine.stopped, and a
 * one-line description of each entry stepped through.
 */
import type { Entry } from '../engine/log/index.js';
import type { EventData } from '../engine/events.js';
import { dataOf, type Projection } from './projection.js';
import { iso, oneLine } from './format.js';

export interface EngineRun {
  pid: number | null;
  version: string | null;
  startSeq: number;
  startTs: number;
  /** The last entry written while this run was the latest one. */
  lastSeq: number;
  lastTs: number;
  /**
   * 'crashed': the next engine.started came with no engine.stopped before it. 'running': the run
   * has not ended in this log (the live engine, or a crash not yet followed by a restart).
   */
  end: 'stopped' | 'crashed' | 'running';
}

export interface RunsState {
  runs: EngineRun[];
}

export const runsProjection: Projection<RunsState> = {
  name: 'runs',
  version: 1,
  initial: () => ({ runs: [] }),
  evolve(state: RunsState, entry: Entry): RunsState {
    const current = state.runs[state.runs.length - 1];
    if (entry.type === 'engine.started') {
      if (current && current.end === 'running') current.end = 'crashed';
      const d = dataOf<Partial<EventData['engine.started']>>(entry);
      state.runs.push({
        pid: typeof d?.pid === 'number' ? d.pid : null,
        version: typeof d?.version === 'string' ? d.version : null,
        startSeq: entry.seq,
        startTs: entry.ts,
        lastSeq: entry.seq,
        lastTs: entry.ts,
        end: 'running',
      });
      return state;
    }
    if (!current || current.end !== 'running') return state;
    current.lastSeq = entry.seq;
    current.lastTs = entry.ts;
    if (entry.type === 'engine.stopped') current.end = 'stopped';
    return state;
  },
};

/** The last run that ended unclean, or null when every ended run stopped cleanly. */
export function lastCrash(state: RunsState): EngineRun | null {
  for (let i = state.runs.length - 1; i >= 0; i--) {
    const run = state.runs[i] as EngineRun;
    if (run.end === 'crashed') return run;
  }
  return null;
}

/** The seqs to step through for a run: from its start to the last entry written before it ended. */
export function runWindow(run: EngineRun): { from: number; until: number } {
  return { from: run.startSeq, until: run.lastSeq };
}

/** `#42 2026-11-25T12:00:00.000Z s1 eval.requested 3 + 4`: one entry, one line. */
export function describeEntry(entry: Entry): string {
  const d = dataOf<Record<string, unknown>>(entry) ?? {};
  const gist =
    typeof d.code === 'string' ? d.code
    : typeof d.result === 'string' ? `-> ${d.result}`
    : typeof d.errorClass === 'string' ? `${d.errorClass}: ${String(d.messageText ?? '')}`
    : typeof d.insert === 'string' ? `[${String(d.from)}, ${d.to === null ? 'end' : String(d.to)}) <- ${JSON.stringify(d.insert)}`
    : typeof d.text === 'string' ? JSON.stringify(d.text)
    : typeof d.reason === 'string' ? d.reason
    : '';
  return oneLine(`#${entry.seq} ${iso(entry.ts)} ${entry.stream} ${entry.type}${gist === '' ? '' : ` ${gist}`}`, 160);
}
