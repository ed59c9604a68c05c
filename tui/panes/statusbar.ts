/**
 * The status bar: image and its connection, session, latency, log position, pending requests,
 * and a progress indicator for anything that has taken longer than half a second.
 */
import { imageBadge } from '../status.js';
import type { AppState } from '../state.js';
import { tagged, type Seg } from './text.js';
import { shortId } from './images.js';

/** Anything slower than this shows progress. */
export const PROGRESS_AFTER_MS = 500;
const SPINNER = '◴◷◶◵';

export interface Progress {
  cmd: string;
  ms: number;
}

export function statusLine(s: AppState, width: number, nowMs: number, headSeq: number, inFlight: number, slow: Progress | null): string {
  const segs: Seg[] = [];
  const view = s.images.find((i) => i.name === s.image);
  if (view) {
    const b = imageBadge(view, nowMs);
    segs.push({ text: ` ${b.glyph} `, style: [`${b.colour}-fg`] }, { text: view.name, style: ['bold'] }, { text: ` ${b.text}` });
  } else {
    segs.push({ text: ' ○ ', style: ['gray-fg'] }, { text: s.ready ? 'no image' : 'starting' });
  }
  segs.push({ text: ' │ ' }, { text: s.session ? `session ${shortId(s.session)}` : 'no session' });
  segs.push({ text: ' │ ' }, { text: `seq ${headSeq}` });
  const pending = s.pending + inFlight;
  segs.push({ text: ' │ ' }, { text: `${pending} pending`, ...(s.pending > 0 ? { style: ['yellow-fg'] } : {}) });
  if (slow && slow.ms >= PROGRESS_AFTER_MS) {
    const spin = SPINNER[Math.floor(nowMs / 150) % SPINNER.length]!;
    segs.push({ text: ' │ ' }, { text: `${spin} ${slow.cmd} ${(slow.ms / 1000).toFixed(1)}s`, style: ['cyan-fg'] });
  }
  const left = segs.reduce((n, g) => n + g.text.length, 0);
  const help = ' F1 help ';
  if (left + help.length < width) segs.push({ text: ' '.repeat(width - left - help.length) }, { text: help, style: ['gray-fg'] });
  return tagged(segs, width);
}
