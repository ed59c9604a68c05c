/** The orphans view: sessions whose image is gone, and archiving them (after a confirmation). */
import type { OrphanRow } from '../../projections/index.js';
import { tagged } from '../panes/text.js';

export function orphanLines(rows: readonly OrphanRow[] | null, width: number, confirming: boolean, done: string | null): string[] {
  if (rows === null) return ['loading…'];
  const out: string[] = [];
  if (rows.length === 0) out.push('No orphaned sessions: every session has its image.');
  for (const r of rows) {
    out.push(
      tagged(
        [{ text: '✕ ', style: ['magenta-fg'] }, { text: r.session, style: ['bold'] }, { text: `  image ${r.image}  ${r.reason}  since ${r.since.replace('T', ' ').slice(0, 19)}${r.recorded ? '' : '  (not yet recorded)'}` }],
        width,
      ),
    );
  }
  out.push('');
  if (confirming) {
    out.push(tagged([{ text: `Archive ${rows.length} orphaned session(s)? Their history stays readable (stui restore).  y = yes, n = no`, style: ['yellow-fg', 'bold'] }], width));
  } else if (rows.length > 0) {
    out.push(tagged([{ text: 'a  archive them all (asks first)', style: ['gray-fg'] }], width));
  }
  if (done) out.push(tagged([{ text: done, style: ['green-fg'] }], width));
  return out;
}
