/** The images pane: every image with its status, its sessions grouped under it. */
import { imageBadge, sessionBadge, type Badge } from '../status.js';
import type { AppState } from '../state.js';
import type { Frame } from './frame.js';
import { tagged, type Seg } from './text.js';

export type ListRow = { kind: 'image'; image: string } | { kind: 'session'; image: string; session: string };

/** The rows of the pane, in order: each image, then its sessions (orphaned and archived last). */
export function listRows(s: AppState): ListRow[] {
  const rows: ListRow[] = [];
  const names = new Set(s.images.map((i) => i.name));
  const order = { active: 0, disconnected: 0, orphaned: 1, archived: 2 } as const;
  const byImage = (image: string) =>
    s.sessions.filter((r) => r.image === image).sort((a, b) => order[a.state] - order[b.state] || b.lastSeq - a.lastSeq);
  for (const img of s.images) {
    rows.push({ kind: 'image', image: img.name });
    for (const r of byImage(img.name)) rows.push({ kind: 'session', image: img.name, session: r.id });
  }
  // Sessions of images no longer registered stay listed (their history is still there).
  for (const image of new Set(s.sessions.map((r) => r.image))) {
    if (names.has(image)) continue;
    rows.push({ kind: 'image', image });
    for (const r of byImage(image)) rows.push({ kind: 'session', image, session: r.id });
  }
  return rows;
}

export function renderImages(frame: Frame, s: AppState, focused: boolean, nowMs: number): void {
  const { width, height } = frame.inner;
  const rows = listRows(s);
  const out: string[] = [];
  // Keep the selected row in view.
  const first = Math.max(0, Math.min(s.listCursor - height + 1, rows.length - height));
  rows.slice(Math.max(0, first), Math.max(0, first) + height).forEach((row, i) => {
    const selected = focused && Math.max(0, first) + i === s.listCursor;
    out.push(rowLine(s, row, width, selected, nowMs));
  });
  if (rows.length === 0) out.push(tagged([{ text: s.ready ? 'no images' : 'connecting…', style: ['gray-fg'] }], width));
  frame.setContent(out.join('\n'));
}

function rowLine(s: AppState, row: ListRow, width: number, selected: boolean, nowMs: number): string {
  const view = s.images.find((i) => i.name === row.image);
  const imgBadge: Badge | null = view ? imageBadge(view, nowMs) : null;
  let segs: Seg[];
  if (row.kind === 'image') {
    const b = imgBadge ?? { glyph: '✕', colour: 'magenta' as const, text: 'removed', brief: 'removed' };
    segs = [{ text: `${b.glyph} `, style: [`${b.colour}-fg`] }, { text: row.image, style: ['bold'] }, { text: ` ${b.brief}`, style: ['gray-fg'] }];
  } else {
    const rec = s.sessions.find((r) => r.id === row.session)!;
    const b = sessionBadge(rec.state, imgBadge);
    const here = row.session === s.session;
    segs = [
      { text: here ? ' ▸' : '  ' },
      { text: `${b.glyph} `, style: [`${b.colour}-fg`] },
      { text: shortId(row.session), ...(here ? { style: ['bold'] } : {}) },
      // The glyph already says "as its image"; only the states of its own are spelled out.
      { text: rec.state === 'orphaned' || rec.state === 'archived' ? ` ${rec.state}` : '', style: ['gray-fg'] },
    ];
  }
  if (selected) segs = segs.map((g) => ({ text: g.text, style: ['inverse'] }));
  return tagged(segs, width);
}

/** Session ids are long; their start tells them apart. */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}
