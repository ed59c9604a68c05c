/**
 * What the keys do in the workspace: evaluate, manage workspaces, edit. Every change is handed to
 * the workspace's batcher, which records it through the engine within milliseconds.
 */
import type { EditResult } from './editor/keys.js';
import { applyEditAction, typeText } from './editor/keys.js';
import { evaluate } from './evaluate.js';
import type { Action } from './keymap.js';
import type { PaneEnv } from './paneActions.js';
import type { Frame } from './panes/frame.js';
import { textHeight, workspaceNotice } from './panes/workspace.js';
import { currentWorkspace, type AppState, type WorkspaceTab } from './state.js';

export function workspaceAction(env: PaneEnv, frame: Frame, clipboard: { text: string }, action: Action): void {
  const { ctl } = env;
  const ws = currentWorkspace(ctl.state);
  if (!ws) return;
  if (action === 'printIt' || action === 'doIt' || action === 'inspectIt') {
    const kind = action === 'printIt' ? 'print' : action === 'doIt' ? 'do' : 'inspect';
    return env.task(() => evaluate(ctl, kind));
  }
  if (action === 'newWorkspace') return env.task(() => ctl.newWorkspace());
  if (action === 'closeWorkspace') return env.task(() => ctl.closeWorkspace());
  if (action === 'nextWorkspace') return ctl.selectWorkspace(ctl.state.current + 1);
  const page = Math.max(1, frame.inner.height - 1);
  record(ctl.state, frame, ws, applyEditAction(ws.model, action, page, clipboard));
}

/** Keeps the caret in view and hands the change to the batcher. */
export function record(s: AppState, frame: Frame, ws: WorkspaceTab, r: EditResult): void {
  if (r.kind === 'none') return;
  const m = ws.model;
  m.keepVisible(textHeight(frame, workspaceNotice(s)));
  if (r.kind === 'edits') {
    // Typing answers an error or a remark; a pending evaluation's notice stays until it answers.
    if (ws.notice && ws.notice.level !== 'pending' && ws.notice.level !== 'busy') ws.notice = null;
    ws.batcher.edits(r.edits, m.cursor, m.scroll);
  } else {
    ws.batcher.moved(m.cursor, m.scroll);
  }
}

/** History's copy: old text inserted at the caret of the present workspace (undoable). */
export function pasteIntoPresent(s: AppState, frame: Frame, text: string): void {
  const ws = currentWorkspace(s);
  if (!ws) return;
  s.focus = 'workspace';
  record(s, frame, ws, typeText(ws.model, text));
  ws.notice = { text: `copied ${text.length} characters from the past (Ctrl-Z undoes)`, level: 'info' };
}
