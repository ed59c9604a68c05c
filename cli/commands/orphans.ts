import type { CommandContext, CommandRun } from '../command.js';
import { StuiError } from '../../engine/errors.js';
import { LogLockedError, logExists, openLog, type NewEvent } from '../../engine/log/index.js';
import { runningEngine } from '../../engine/client/index.js';
import {
  catalogProjection,
  decideCleanup,
  decideOrphans,
  orphanGraceMs,
  orphansAt,
  renderOrphans,
  restoreAt,
  restoreSession,
  type Clock,
  type OrphanRow,
} from '../../projections/index.js';
import { readHistory } from './logReader.js';

/** One `stui orphans --cleanup --json` row: the orphan as listed, and the entry that archived it. */
type ArchivedRow = OrphanRow & { archived: true; seq: number };

function clockOf(ctx: CommandContext): Clock {
  return { nowMs: Date.now(), graceMs: orphanGraceMs(ctx.env.STUI_ORPHAN_AFTER) };
}

/** The client's STUI_ORPHAN_AFTER, for the engine to judge orphans by (its own when unset). */
function orphanArgs(ctx: CommandContext): Record<string, unknown> {
  return ctx.env.STUI_ORPHAN_AFTER === undefined ? {} : { orphanAfter: ctx.env.STUI_ORPHAN_AFTER };
}

/** Orphans as of now: the running engine's, or from the log when none runs. */
async function listOrphans(ctx: CommandContext, clock: Clock): Promise<OrphanRow[]> {
  return readHistory<OrphanRow[]>(
    ctx,
    [],
    (engine) => engine.call('orphans', orphanArgs(ctx)),
    async (log) => orphansAt((await restoreAt(log, catalogProjection, {}, { save: true })).state, clock.nowMs, clock.graceMs),
  );
}

/** A running engine owns the log: it records the archiving itself (and cancels what it still owes them). */
async function cleanupViaEngine(ctx: CommandContext): Promise<ArchivedRow[] | null> {
  const engine = await runningEngine(ctx.home);
  if (!engine) return null;
  try {
    const rows = await engine.call<OrphanRow[]>('orphans', orphanArgs(ctx));
    const r = await engine.call<{ archived: string[]; seq: number }>('orphans.cleanup', orphanArgs(ctx));
    const byId = new Map(rows.map((row) => [row.session, row]));
    return r.archived.map((id) => ({
      ...(byId.get(id) ?? { session: id, image: '', imageId: null, reason: 'unreachable' as const, since: '', recorded: true }),
      archived: true as const,
      seq: r.seq,
    }));
  } finally {
    engine.close();
  }
}

/** No engine: this process takes the log, records the orphans and archives them in one batch. */
async function cleanupDirectly(ctx: CommandContext, clock: Clock): Promise<ArchivedRow[]> {
  let log;
  try {
    log = await openLog({ home: ctx.home, passphrase: ctx.env.STUI_PASSPHRASE });
  } catch (err) {
    if (!(err instanceof LogLockedError)) throw err;
    throw new StuiError(
      'E_LOG_LOCKED',
      'the log is held by another process (an engine that is starting or stopping, or another stui command); ' +
        'retry in a moment, or stop the engine with `stui engine stop` and run `stui orphans --cleanup` again',
      err.detail,
    );
  }
  try {
    const catalog = (await restoreAt(log, catalogProjection, {}, { save: true })).state;
    const rows = orphansAt(catalog, clock.nowMs, clock.graceMs);
    const archive = decideCleanup(catalog, clock);
    if (archive.length === 0) return [];
    // Evaluations still owed to an archived session will never run: close them, as the engine does.
    const cancelled: NewEvent[] = [];
    for (const a of archive) {
      const state = await restoreSession(log, a.stream);
      for (const p of Object.values(state.pending).sort((x, y) => x.seq - y.seq)) {
        cancelled.push({
          type: 'eval.failed',
          stream: a.stream,
          data: { request: p.request, errorClass: 'Cancelled', messageText: 'the session was archived', stack: [], kind: 'cancelled' },
        });
      }
    }
    const written = await log.append([...cancelled, ...decideOrphans(catalog, clock.nowMs, clock.graceMs), ...archive]);
    const seqOf = new Map(written.filter((e) => e.type === 'session.archived').map((e) => [e.stream, e.seq]));
    return rows.filter((r) => seqOf.has(r.session)).map((r) => ({ ...r, archived: true as const, seq: seqOf.get(r.session)! }));
  } finally {
    await log.close();
  }
}

export const run: CommandRun = async (ctx, values) => {
  const json = values.json === true;
  const clock = clockOf(ctx); // a bad STUI_ORPHAN_AFTER is a usage error before anything is read
  if (values.cleanup !== true) {
    const rows = await listOrphans(ctx, clock);
    ctx.stdout.write((json ? JSON.stringify(rows) : renderOrphans(rows)) + '\n');
    return 0;
  }
  let archived: ArchivedRow[] = [];
  if (logExists(ctx.home)) {
    const viaEngine = await cleanupViaEngine(ctx);
    archived = viaEngine ?? (await cleanupDirectly(ctx, clock));
  }
  if (json) ctx.stdout.write(JSON.stringify(archived) + '\n');
  else if (archived.length === 0) ctx.stdout.write('no orphaned sessions to archive\n');
  else {
    ctx.stdout.write(`archived ${archived.length} session(s); their history stays in the log:\n`);
    for (const r of archived) ctx.stdout.write(`  ${r.session} (image ${r.image}, ${r.reason}) at seq ${r.seq}\n`);
  }
  return 0;
};
