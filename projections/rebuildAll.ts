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
import { DEFAULT_SNAPSHOT_KEEP, projectionPart, rebuild, restoreAt, type RebuildPart, type RebuildResult, type SnapshotLog, type SnapshotSink } from './runner.js';
import { restoreSession } from './sessionRestore.js';
import { sessionStateProjection } from './sessionState.js';
import { everySessionPart } from './sessionSnapshots.js';
import { rebuildOnWorker, type WorkerLog } from './rebuildOnWorker.js';
import type { RebuildAllOptions } from './rebuildOptions.js';

export type { RebuildAllOptions } from './rebuildOptions.js';

/** Below this many entries starting a thread costs more than it saves. */
export const WORKER_FROM = 20_000;

export type RebuildAllResult = RebuildResult & { sessions: number; worker: boolean };

/** Every projection's rebuild part, sharing one read of the log: here or on a worker thread. */
export function rebuildParts(sink: SnapshotSink, options: RebuildAllOptions): { parts: RebuildPart[]; sessions(): string[] } {
  const save = options.save ?? true;
  const opts = { every: options.every, keep: options.keep, save };
  const sessions = everySessionPart(sink, { every: options.sessionEvery, span: options.sessionSpan, save });
  return {
    parts: [
      projectionPart(sink, catalogProjection, opts),
      projectionPart(sink, auditProjection, opts),
      projectionPart(sink, runsProjection, opts),
      sessions,
    ],
    sessions: () => sessions.sessions(),
  };
}

function canUseWorker(log: SnapshotLog): log is SnapshotLog & WorkerLog {
  const l = log as Partial<WorkerLog>;
  return typeof l.readOpenedChunks === 'function' && typeof l.putSnapshotJson === 'function';
}

export async function rebuildAll(log: SnapshotLog, options: RebuildAllOptions = {}): Promise<RebuildAllResult> {
  const worker = canUseWorker(log) && (options.worker ?? log.headSeq >= WORKER_FROM);
  if (worker) return { ...(await rebuildOnWorker(log, options)), worker: true };
  options.signal?.throwIfAborted();
  const { parts, sessions } = rebuildParts(log, options);
  const result = await rebuild(log, parts, options.signal);
  return { ...result, sessions: sessions().length, worker: false };
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
  for (const [id, rec] of Object.entries(catalog?.sessions ?? {})) {
    // A session with no entry of its own since its newest snapshot would be restored only to
    // write nothing; telling so from the snapshot keys alone spares reading and parsing the
    // snapshot, which a clean stop otherwise did for every session of the log.
    const newest = await newestSessionSnapshot(log, id, head);
    if (newest >= rec.lastSeq) continue;
    await restoreSession(log, id, {}, { save: true, every: 1 });
    if ((await newestSessionSnapshot(log, id, head)) !== newest) written++;
  }
  return written;
}

/** The seq of the session's newest snapshot at or before `head` (0 when none), from the keys alone. */
async function newestSessionSnapshot(log: SnapshotLog, session: string, head: number): Promise<number> {
  const p = sessionStateProjection(session);
  let newest = 0;
  for (const seq of await log.snapshotSeqs(p.name, p.version)) if (seq <= head && seq > newest) newest = seq;
  return newest;
}
