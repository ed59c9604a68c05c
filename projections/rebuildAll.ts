/**
 * A rebuild of every projection in one read of the log, writing fresh snapshots: the whole-log
 * projections (catalog, audit, runs) every `every` entries and at the head, and every session's
 * state per `sessionEvery` of its own entries (or `sessionSpan` log entries) and at the head.
 * For a log that has none yet, or after a projection's version changed; `snapshotAtHead` below
 * keeps them current afterwards.
 */
import { auditProjection } from './audit.js';
import { catalogProjection, type Catalog } from './catalog.js';
import type { Projection } from './projection.js';
import { runsProjection } from './replay.js';
import { DEFAULT_SNAPSHOT_KEEP, projectionPart, rebuild, restoreAt, type RebuildResult, type SnapshotLog } from './runner.js';
import { restoreSession } from './sessionRestore.js';
import { everySessionPart } from './sessionSnapshots.js';

export interface RebuildAllOptions {
  every?: number;
  sessionEvery?: number;
  /** Log entries after which a changed session is sealed again (see sessionSnapshots.ts). */
  sessionSpan?: number;
  keep?: number;
  /** Write snapshots (default true); false measures the folds alone. */
  save?: boolean;
}

export async function rebuildAll(log: SnapshotLog, options: RebuildAllOptions = {}): Promise<RebuildResult & { sessions: number }> {
  const save = options.save ?? true;
  const opts = { every: options.every, keep: options.keep, save };
  const sessions = everySessionPart(log, { every: options.sessionEvery, span: options.sessionSpan, save });
  const result = await rebuild(log, [
    projectionPart(log, catalogProjection, opts),
    projectionPart(log, auditProjection, opts),
    projectionPart(log, runsProjection, opts),
    sessions,
  ]);
  return { ...result, sessions: sessions.sessions().length };
}

/**
 * Seals the state at the head, starting from the snapshots already there: the whole-log
 * projections, and every session that changed since its last snapshot. This is what a clean
 * shutdown runs — it reads only what was written since the last snapshots, where `rebuildAll`
 * reads the whole log. Returns how many snapshots were written.
 */
export async function snapshotAtHead(log: SnapshotLog, options: { every?: number; keep?: number } = {}): Promise<number> {
  const head = log.headSeq;
  if (head === 0) return 0;
  const keep = options.keep ?? DEFAULT_SNAPSHOT_KEEP;
  let written = 0;
  let catalog: Catalog | null = null;
  for (const p of [catalogProjection, auditProjection, runsProjection] as Projection<unknown>[]) {
    const r = await restoreAt(log, p, {}, { save: true, every: options.every, keep });
    if (p === (catalogProjection as Projection<unknown>)) catalog = r.state as Catalog;
    if (r.snapshotSeq === head) continue;
    await log.putSnapshot(p.name, p.version, head, r.state);
    await log.pruneSnapshots(p.name, p.version, keep);
    written++;
  }
  for (const id in catalog?.sessions ?? {}) {
    const before = await log.nearestSnapshot(`session:${id}`, 1, head);
    await restoreSession(log, id, {}, { save: true, every: 1 });
    const after = await log.nearestSnapshot(`session:${id}`, 1, head);
    if (after && after.seq !== before?.seq) written++;
  }
  return written;
}
