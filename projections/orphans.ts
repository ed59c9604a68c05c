/**
 * Orphaned sessions (`stui orphans`): a session is orphaned when its image was removed, answers
 * with another identity, or has been unreachable for longer than the grace period. The first two
 * are facts in the log; the third needs a clock reading, which is passed in so this stays pure.
 * `decideOrphans` and `decideCleanup` turn what is found into the events the engine records.
 */
import type { TypedEvent } from '../engine/events.js';
import { UsageError } from '../engine/errors.js';
import type { Catalog } from './catalog.js';
import { iso, table } from './format.js';
import { sessionList, sessionStatus, type Clock, type OrphanReason } from './sessions.js';

export const DEFAULT_ORPHAN_AFTER_SECONDS = 3600;

/** One `stui orphans --json` row. */
export interface OrphanRow {
  session: string;
  image: string;
  imageId: string | null;
  reason: OrphanReason;
  /** When the session lost its image. */
  since: string;
  /** Whether a session.orphaned entry already records it. */
  recorded: boolean;
}

/** The grace period from the value of STUI_ORPHAN_AFTER (seconds; unset or empty: the default). */
export function orphanGraceMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_ORPHAN_AFTER_SECONDS * 1000;
  const seconds = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !Number.isFinite(seconds)) {
    throw new UsageError(`STUI_ORPHAN_AFTER="${value}" is not a number of seconds (e.g. 3600)`);
  }
  return Math.round(seconds * 1000);
}

/** Sessions orphaned at `nowMs`, archived ones excepted, in creation order. */
export function orphansAt(catalog: Catalog, nowMs: number, graceMs: number): OrphanRow[] {
  const clock: Clock = { nowMs, graceMs };
  const rows: OrphanRow[] = [];
  for (const s of sessionList(catalog.sessions)) {
    const st = sessionStatus(s, catalog.images, clock);
    if (st.state !== 'orphaned' || st.orphanReason === null) continue;
    rows.push({
      session: s.id,
      image: s.image,
      imageId: s.imageId,
      reason: st.orphanReason,
      since: iso(st.orphanSince ?? s.lastTs),
      recorded: s.orphan?.recorded === true,
    });
  }
  return rows;
}

/** session.orphaned events for the orphans not yet recorded (never twice for one session). */
export function decideOrphans(catalog: Catalog, nowMs: number, graceMs: number): TypedEvent<'session.orphaned'>[] {
  return orphansAt(catalog, nowMs, graceMs)
    .filter((o) => !o.recorded)
    .map((o) => ({
      type: 'session.orphaned' as const,
      stream: o.session,
      data: { session: o.session, image: o.image, reason: o.reason },
    }));
}

/**
 * session.archived events for `stui orphans --cleanup`: every orphaned session, its history kept.
 * Without a clock only orphans known from the log are archived (recorded ones, removed images,
 * changed identities); with one, those unreachable past the grace period too.
 */
export function decideCleanup(catalog: Catalog, clock?: Clock): TypedEvent<'session.archived'>[] {
  const events: TypedEvent<'session.archived'>[] = [];
  for (const s of sessionList(catalog.sessions)) {
    if (sessionStatus(s, catalog.images, clock).state !== 'orphaned') continue;
    events.push({ type: 'session.archived', stream: s.id, data: { session: s.id, image: s.image } });
  }
  return events;
}

export function renderOrphans(rows: readonly OrphanRow[]): string {
  if (rows.length === 0) return 'no orphaned sessions';
  return table(
    ['session', 'image', 'image id', 'reason', 'since', 'recorded'],
    rows.map((r) => [r.session, r.image, r.imageId ?? '-', r.reason, r.since, r.recorded ? 'yes' : 'no']),
  );
}
