/**
 * The history reads clients ask the engine for while it runs, answered from its own open log
 * (snapshots first, then the entries after), so no client opens or copies the store meanwhile.
 * The answers are the projections' own (projections/history.ts), as a command computes them when
 * it reads the log itself because no engine runs.
 *
 *   audit {image?, text?}                      → audit rows (or the rendered table)
 *   replay.window {from?, until?, crash?}      → {from, until, crash: {startSeq, lastSeq, pid, startTs} | null}
 *   replay {session, from, until, text?}       → steps (or rendered lines), streamed as produced
 */
import { StuiError } from '../errors.js';
import { jsonSafe } from '../log/index.js';
import type { EventLog } from '../log/types.js';
import { auditAtHead, auditRows, renderAudit, replaySteps, replayWindow, type SnapshotLog } from '../../projections/index.js';
import { int, optInt, optStr, str, type Args } from './args.js';
import type { HandlerContext } from './handlerContext.js';
import { StreamedList } from './streamed.js';
import { hasSnapshots } from './views.js';

function snapshotLog(log: EventLog): SnapshotLog {
  if (!hasSnapshots(log)) throw new StuiError('E_FAILED', 'this engine keeps no snapshots, so it cannot answer history reads');
  return log;
}

export const historyHandlers: Record<string, (ctx: HandlerContext, args: Args) => Promise<unknown>> = {
  audit: async ({ engine }, a) => {
    const image = optStr(a, 'image');
    const filter = image === undefined ? {} : { image };
    const state = await auditAtHead(snapshotLog(engine.log), true);
    return a.text === true ? renderAudit(state, { ...filter, nowMs: Date.now() }) : auditRows(state, filter);
  },
  'replay.window': async ({ engine }, a) => {
    const range: { from?: number; until?: number; crash: boolean } = { crash: a.crash === true };
    const from = optInt(a, 'from', 1);
    const until = optInt(a, 'until', 1);
    if (from !== undefined) range.from = from;
    if (until !== undefined) range.until = until;
    return replayWindow(snapshotLog(engine.log), range, true);
  },
  replay: async ({ engine }, a) =>
    new StreamedList(replaySteps(snapshotLog(engine.log), str(a, 'session'), int(a, 'from', 1), int(a, 'until', 1), a.text === true), jsonSafe),
};
