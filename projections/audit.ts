/**
 * The connection history of every image (`stui audit`): one row per image.* / connection.* entry,
 * and outages, each from the connection.lost that opened it to the connection.restored or
 * connection.connected that healed it (or the image.removed that ended it).
 */
import type { Entry } from '../engine/log/index.js';
import type { EventData } from '../engine/events.js';
import { dataOf, dict, imageOfStream, type Dict, type Projection } from './projection.js';
import { duration, iso, table } from './format.js';

/** One `stui audit --json` row; the row that ends an outage carries its downtime. */
export interface AuditRow {
  seq: number;
  ts: string;
  image: string;
  event: string;
  detail: string;
  downtimeMs?: number;
}

export interface Outage {
  image: string;
  startSeq: number;
  start: string;
  startMs: number;
  /** Null while the outage goes on. */
  endSeq: number | null;
  end: string | null;
  downtimeMs: number | null;
  reason: string;
  /** Reconnection attempts made: from connection.restored, else the attempts seen. */
  attempts: number;
  healedBy: 'connection.restored' | 'connection.connected' | 'image.removed' | null;
}

export interface AuditState {
  rows: AuditRow[];
  outages: Outage[];
  /** Image name → index in `outages` of its outage still going on. */
  open: Dict<number>;
}

export const auditProjection: Projection<AuditState> = {
  name: 'audit',
  version: 1,
  initial: () => ({ rows: [], outages: [], open: dict() }),
  evolve(state: AuditState, entry: Entry): AuditState {
    const image = imageOfStream(entry.stream);
    if (image === null || !(entry.type.startsWith('connection.') || entry.type.startsWith('image.'))) return state;
    const row: AuditRow = { seq: entry.seq, ts: iso(entry.ts), image, event: entry.type, detail: detailOf(entry) };
    state.rows.push(row);
    trackOutage(state, image, entry, row);
    return state;
  },
};

function trackOutage(state: AuditState, image: string, entry: Entry, row: AuditRow): void {
  const openIndex = state.open[image];
  const outage = openIndex === undefined ? undefined : state.outages[openIndex];
  switch (entry.type) {
    case 'connection.lost': {
      if (outage) return; // already down: the first loss dates the outage
      const d = dataOf<Partial<EventData['connection.lost']>>(entry);
      state.open[image] = state.outages.length;
      state.outages.push({
        image,
        startSeq: entry.seq,
        start: iso(entry.ts),
        startMs: entry.ts,
        endSeq: null,
        end: null,
        downtimeMs: null,
        reason: typeof d?.reason === 'string' ? d.reason : 'unknown',
        attempts: 0,
        healedBy: null,
      });
      return;
    }
    case 'connection.connecting':
      if (outage) outage.attempts++;
      return;
    case 'connection.restored':
    case 'connection.connected':
    case 'image.removed': {
      if (!outage) return;
      const d = dataOf<Partial<EventData['connection.restored']>>(entry);
      if (entry.type === 'connection.restored' && typeof d?.attempts === 'number') outage.attempts = d.attempts;
      outage.endSeq = entry.seq;
      outage.end = iso(entry.ts);
      outage.downtimeMs = entry.ts - outage.startMs;
      outage.healedBy = entry.type;
      row.downtimeMs = outage.downtimeMs;
      delete state.open[image];
      return;
    }
  }
}

function detailOf(entry: Entry): string {
  const d = dataOf<Record<string, unknown>>(entry) ?? {};
  const s = (v: unknown): string => (v === undefined || v === null ? '?' : String(v));
  switch (entry.type) {
    case 'image.registered':
      return `at ${s(d.address)}`;
    case 'image.removed':
      return 'removed from the registry';
    case 'image.identity_changed':
      return `answers as ${s(d.imageId)} (was ${s(d.previousImageId)}) at ${s(d.address)}`;
    case 'connection.connecting':
      return `attempt ${s(d.attempt)} to ${s(d.address)}`;
    case 'connection.connected':
      return `${s(d.imageId)} (${s(d.dialect)} ${s(d.version)}, protocol ${s(d.protocol)}) at ${s(d.address)}, ${s(d.latencyMs)} ms`;
    case 'connection.heartbeat_missed':
      return `${s(d.missed)} heartbeat(s) missed, silent ${s(d.silentMs)} ms`;
    case 'connection.lost':
      return typeof d.detail === 'string' && d.detail !== '' ? `${s(d.reason)}: ${d.detail}` : s(d.reason);
    case 'connection.reconnect_scheduled':
      return `attempt ${s(d.attempt)} in ${s(d.delayMs)} ms (${s(d.reason)})`;
    case 'connection.restored':
      return `${s(d.imageId)} after ${s(d.downtimeMs)} ms, ${s(d.attempts)} attempt(s)`;
    default:
      return '';
  }
}

export function auditRows(state: AuditState, filter: { image?: string } = {}): AuditRow[] {
  return filter.image === undefined ? state.rows : state.rows.filter((r) => r.image === filter.image);
}

export function outages(state: AuditState, filter: { image?: string } = {}): Outage[] {
  return filter.image === undefined ? state.outages : state.outages.filter((o) => o.image === filter.image);
}

/** `stui audit` without --json: the rows, then each outage with its downtime. */
export function renderAudit(state: AuditState, options: { image?: string; nowMs?: number } = {}): string {
  const rows = auditRows(state, options);
  if (rows.length === 0) {
    return options.image === undefined ? 'no connection history yet' : `no connection history for image ${options.image}`;
  }
  const out = [
    table(
      ['seq', 'time', 'image', 'event', 'detail'],
      rows.map((r) => [String(r.seq), r.ts, r.image, r.event, r.detail + (r.downtimeMs === undefined ? '' : ` [down ${duration(r.downtimeMs)}]`)]),
    ),
  ];
  const list = outages(state, options);
  out.push('', `Outages (${list.length})`);
  if (list.length === 0) out.push('  (none)');
  for (const o of list) {
    const span =
      o.end === null
        ? `${o.start} -> ongoing${options.nowMs === undefined ? '' : ` (${duration(options.nowMs - o.startMs)} so far)`}`
        : `${o.start} -> ${o.end}  down ${duration(o.downtimeMs ?? 0)}`;
    const healed = o.healedBy === null ? '' : `, ended by ${o.healedBy}`;
    out.push(`  ${o.image}  ${span}  reason ${o.reason}, ${o.attempts} attempt(s)${healed}`);
  }
  const total = list.reduce((sum, o) => sum + (o.downtimeMs ?? 0), 0);
  if (list.length > 0) out.push(`  total downtime of ended outages: ${duration(total)}`);
  return out.join('\n');
}
