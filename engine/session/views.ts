/**
 * What the engine answers reads with: the catalog projection folded live (sessions, image list)
 * and one-session folds over the log for restore. All the shaping is the projections' own, so the
 * engine and a direct read of the log give the same answers.
 */
import type { Entry, EventLog } from '../log/types.js';
import type { TypedEvent } from '../events.js';
import {
  catalogProjection,
  decideCleanup,
  decideOrphans,
  orphansAt,
  renderOrphans,
  type OrphanRow,
  foldAsync,
  imageRows,
  orphanGraceMs,
  parseAt,
  readOptionsFor,
  rebuildAll,
  renderImageRows,
  renderRestore,
  renderSessionRows,
  restoreAnswer,
  sessionRows,
  showHistory,
  type HistoryShown,
  snapshotAtHead,
  sessionStateProjection,
  start,
  toRestoreJson,
  type Catalog,
  type Clock,
  type ImageRow,
  type SessionRow,
  type StopAt,
  type SnapshotLog,
} from '../../projections/index.js';

export class Views {
  private readonly catalog: Catalog;

  constructor(catalog?: Catalog) {
    this.catalog = catalog ?? start(catalogProjection);
  }

  /** The live catalog (for snapshots; do not change it). */
  get state(): Catalog {
    return this.catalog;
  }

  fold(entry: Entry): void {
    catalogProjection.evolve(this.catalog, entry);
  }

  /** `orphanAfter` is the client's STUI_ORPHAN_AFTER (the engine's own when the client sets none). */
  clock(orphanAfter?: string): Clock {
    return { nowMs: Date.now(), graceMs: orphanGraceMs(orphanAfter ?? process.env.STUI_ORPHAN_AFTER) };
  }

  imageRows(): ImageRow[] {
    return imageRows(this.catalog);
  }

  sessionRows(orphanAfter?: string): SessionRow[] {
    return sessionRows(this.catalog, this.clock(orphanAfter));
  }

  static renderImages(rows: readonly ImageRow[]): string {
    return renderImageRows(rows);
  }

  static renderSessions(rows: readonly SessionRow[]): string {
    return renderSessionRows(rows);
  }

  orphanRows(orphanAfter?: string): OrphanRow[] {
    const clock = this.clock(orphanAfter);
    return orphansAt(this.catalog, clock.nowMs, clock.graceMs);
  }

  static renderOrphans(rows: readonly OrphanRow[]): string {
    return renderOrphans(rows);
  }

  /** What `stui orphans --cleanup` records: orphans not yet on record, then every orphan archived. */
  cleanupEvents(orphanAfter?: string): TypedEvent[] {
    const clock = this.clock(orphanAfter);
    return [...decideOrphans(this.catalog, clock.nowMs, clock.graceMs), ...decideCleanup(this.catalog, clock)];
  }

  /** One session's state at `at` (a seq or an ISO time; latest when absent) with `history` of its past. */
  async restore(
    log: EventLog,
    session: string,
    at: string | undefined,
    json: boolean,
    history: HistoryShown,
    orphanAfter?: string,
  ): Promise<unknown> {
    const clock = this.clock(orphanAfter);
    // The engine's own log keeps sealed snapshots: restore from the nearest one and fold only the
    // session's, its image's and the engine's streams after it — what a command reading the log
    // itself does too. A bare EventLog folds everything.
    if (hasSnapshots(log)) return restoreAnswer(log, { session, at, json, clock, history }, true);
    const stop: StopAt = at === undefined ? {} : parseAt(at);
    const state = await foldAsync(sessionStateProjection(session), log.read(readOptionsFor(stop)), stop);
    // Known sessions only: an unknown one is refused by toRestoreJson without reading its stream.
    if (state.sessions[session]) await showHistory(log, state, history);
    return json ? toRestoreJson(state, clock) : renderRestore(state, clock);
  }
}

export function hasSnapshots(log: EventLog): log is SnapshotLog {
  const l = log as Partial<SnapshotLog>;
  return typeof l.nearestSnapshot === 'function' && typeof l.putSnapshot === 'function' && typeof l.seqAtOrBefore === 'function';
}

/**
 * How far behind the newest snapshot the engine still seals the projections from the snapshots
 * there. Beyond it (a log written by an older engine or offline, or a projection whose version
 * changed) a rebuild of everything in one read is cheaper than folding each projection on its own.
 */
const SEAL_SPAN = 50_000;

export interface SealOptions {
  /**
   * When the snapshots are too far behind, rebuild every projection (folded on a worker thread
   * for a long log); otherwise, or when false, seal nothing then. A stop does not wait for that.
   */
  rebuild?: boolean;
  /** Stops a rebuild under way; the snapshots it wrote stay. */
  signal?: AbortSignal;
}

/** Whether the snapshots are too far behind the head for snapshotAtHead (a full rebuild is due). */
export async function snapshotsBehind(log: EventLog): Promise<boolean> {
  if (!hasSnapshots(log) || log.headSeq === 0) return false;
  const last = await log.nearestSnapshot(catalogProjection.name, catalogProjection.version, log.headSeq);
  return log.headSeq - (last?.seq ?? 0) > SEAL_SPAN;
}

/**
 * Seals every projection's state at the head into the log store — every few thousand entries and
 * at a clean shutdown — when the log keeps snapshots. Answers how many projections were sealed.
 */
export async function sealProjections(log: EventLog, options: SealOptions = {}): Promise<number> {
  if (!hasSnapshots(log) || log.headSeq === 0) return 0;
  if (await snapshotsBehind(log)) {
    if (!options.rebuild) return 0;
    const r = await rebuildAll(log, { signal: options.signal });
    // Catalog, audit and runs, and every session, each at the head.
    return 3 + r.sessions;
  }
  return snapshotAtHead(log);
}
