/** The workspace pane: the editor's visible window, with caret, selection and a notice line. */
import type { EditorModel } from '../editor/model.js';
import { currentWorkspace, type AppState, type Notice } from '../state.js';
import type { Frame } from './frame.js';
import { tagged, type Seg } from './text.js';

/** Lines of the pane the text may use (the last is the notice's when there is one). */
export function textHeight(frame: Frame, notice: Notice | null): number {
  return Math.max(1, frame.inner.height - (notice ? 1 : 0));
}

export function workspaceNotice(s: AppState): Notice | null {
  return currentWorkspace(s)?.notice ?? (s.ready ? null : s.startup);
}

export function renderWorkspace(frame: Frame, s: AppState, focused: boolean): void {
  const ws = currentWorkspace(s);
  const { width, height } = frame.inner;
  const n = s.workspaces.length;
  frame.setTitle(ws ? `${ws.title}${n > 1 ? ` ${s.current + 1}/${n}` : ''}` : 'Workspace');
  const notice = workspaceNotice(s);
  const rows = textHeight(frame, notice);
  const out: string[] = ws ? editorLines(ws.model, width, rows, focused) : [];
  while (out.length < rows) out.push('');
  if (notice && height > 0) out.push(noticeLine(notice, width));
  frame.setContent(out.slice(0, height).join('\n'));
}

export function noticeLine(n: Notice, width: number): string {
  const style = n.level === 'error' ? ['red-fg'] : n.level === 'pending' ? ['yellow-fg'] : n.level === 'busy' ? ['cyan-fg'] : ['gray-fg'];
  const mark = n.level === 'error' ? '✗ ' : n.level === 'pending' ? '⋯ ' : n.level === 'busy' ? '◴ ' : '· ';
  return tagged([{ text: mark + n.text, style }], width);
}

/** The text from the model's scroll line on, cut to the pane, caret and selection marked. */
export function editorLines(m: EditorModel, width: number, height: number, showCaret: boolean): string[] {
  const lines = m.lines();
  const { line: caretLine, col } = m.lineCol();
  // The view slides right as far as the caret needs; every line slides together.
  const hoff = col >= width ? col - width + 1 : 0;
  const sel = m.selection;
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < lines.length && out.length < height; i++) {
    const text = lines[i]!;
    if (i >= m.scroll) {
      const caret = showCaret && i === caretLine ? m.cursor : null;
      out.push(lineSegs(text, start, hoff, width, caret, sel));
    }
    start += text.length + 1;
  }
  return out;
}

function lineSegs(text: string, start: number, hoff: number, width: number, caret: number | null, sel: { from: number; to: number } | null): string {
  const segs: Seg[] = [];
  const push = (ch: string, style: string[] | undefined): void => {
    const last = segs[segs.length - 1];
    if (last && (last.style?.join() ?? '') === (style?.join() ?? '')) last.text += ch;
    else segs.push(style ? { text: ch, style } : { text: ch });
  };
  const end = Math.min(text.length, hoff + width);
  for (let i = hoff; i < end; i++) {
    const pos = start + i;
    const style = pos === caret ? ['inverse'] : sel && pos >= sel.from && pos < sel.to ? ['blue-bg'] : undefined;
    push(text[i]!, style);
  }
  if (caret !== null && caret === start + text.length && text.length - hoff < width) push(' ', ['inverse']);
  return tagged(segs, width);
}
