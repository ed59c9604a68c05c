/**
 * The audit view: every image's connection history (outages first, then the events, newest last),
 * folded here from the image and connection entries with the same projection `stui audit` uses.
 */
import type { Entry } from '../../engine/log/index.js';
import { auditProjection, auditRows, outages, type AuditState } from '../../projections/audit.js';
import { start } from '../../projections/projection.js';
import type { EngineBridge, LiveEntry } from '../bridge.js';
import { tagged } from '../panes/text.js';

export async function loadAudit(bridge: EngineBridge): Promise<AuditState> {
  const [conn, img] = await Promise.all([
    bridge.call<LiveEntry[]>('log.read', { type: 'connection.' }, 60_000),
    bridge.call<LiveEntry[]>('log.read', { type: 'image.' }, 60_000),
  ]);
  const state = start(auditProjection);
  for (const e of [...conn, ...img].sort((a, b) => a.seq - b.seq)) {
    // The projection reads seq, ts, type, stream and data; the chain hash plays no part here.
    const entry: Entry = { seq: e.seq, ts: e.ts, type: e.type, v: 1, stream: e.stream, data: e.data, prev: new Uint8Array() };
    auditProjection.evolve(state, entry);
  }
  return state;
}

export function auditLines(state: AuditState, width: number, nowMs: number): string[] {
  const out: string[] = [];
  const list = outages(state);
  out.push(tagged([{ text: `Outages (${list.length})`, style: ['bold'] }], width));
  if (list.length === 0) out.push('  none');
  for (const o of list) {
    const down = o.downtimeMs === null ? `ongoing ${secs(nowMs - o.startMs)}` : `down ${secs(o.downtimeMs)}`;
    const colour = o.end === null ? 'red-fg' : 'yellow-fg';
    out.push(tagged([{ text: `  ${o.image} `, style: ['bold'] }, { text: `${time(o.start)} ${down}`, style: [colour] }, { text: `  ${o.reason}, ${o.attempts} attempt(s)${o.healedBy ? `, healed by ${o.healedBy}` : ''}` }], width));
  }
  out.push('', tagged([{ text: 'Events', style: ['bold'] }], width));
  for (const r of auditRows(state)) {
    const down = r.downtimeMs === undefined ? '' : `  [down ${secs(r.downtimeMs)}]`;
    out.push(tagged([{ text: `  ${String(r.seq).padStart(6)} ${time(r.ts)} `, style: ['gray-fg'] }, { text: `${r.image} ` }, { text: r.event.padEnd(31), style: [eventColour(r.event)] }, { text: ` ${r.detail}${down}` }], width));
  }
  return out;
}

function eventColour(event: string): string {
  if (event === 'connection.connected' || event === 'connection.restored') return 'green-fg';
  if (event === 'connection.lost' || event === 'image.removed') return 'red-fg';
  if (event.startsWith('image.')) return 'cyan-fg';
  return 'yellow-fg';
}

const time = (iso: string): string => iso.replace('T', ' ').slice(5, 19);
const secs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
