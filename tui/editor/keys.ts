/**
 * Editing actions on the model: which model call each workspace key makes. Pure (no screen, no
 * engine): it returns the edits to record, or that only the caret moved.
 */
import type { Action } from '../keymap.js';
import type { EditorModel, Motion, RangeEdit } from './model.js';

export type EditResult = { kind: 'edits'; edits: RangeEdit[] } | { kind: 'moved' } | { kind: 'none' };

const MOTIONS: Partial<Record<Action, [Motion, boolean]>> = {
  left: ['left', false], right: ['right', false], up: ['up', false], down: ['down', false],
  lineStart: ['lineStart', false], lineEnd: ['lineEnd', false], docStart: ['docStart', false], docEnd: ['docEnd', false],
  wordLeft: ['wordLeft', false], wordRight: ['wordRight', false], pageUp: ['pageUp', false], pageDown: ['pageDown', false],
  selLeft: ['left', true], selRight: ['right', true], selUp: ['up', true], selDown: ['down', true],
  selLineStart: ['lineStart', true], selLineEnd: ['lineEnd', true],
};

/** Applies an editing action; `clipboard` is read for paste and written for copy and cut. */
export function applyEditAction(m: EditorModel, action: Action, page: number, clipboard: { text: string }): EditResult {
  const motion = MOTIONS[action];
  if (motion) {
    m.move(motion[0], motion[1], page);
    return { kind: 'moved' };
  }
  const edits = (e: RangeEdit[]): EditResult => (e.length ? { kind: 'edits', edits: e } : { kind: 'none' });
  switch (action) {
    case 'newline':
      return edits(m.insert('\n'));
    case 'backspace':
      return edits(m.backspace());
    case 'delete':
      return edits(m.deleteForward());
    case 'undo':
      return edits(m.undo());
    case 'redo':
      return edits(m.redo());
    case 'selectAll':
      m.selectAll();
      return { kind: 'moved' };
    case 'copy':
      if (m.selection) clipboard.text = m.selectedText();
      return { kind: 'none' };
    case 'cut':
      if (!m.selection) return { kind: 'none' };
      clipboard.text = m.selectedText();
      return edits(m.backspace());
    case 'paste':
      return clipboard.text === '' ? { kind: 'none' } : edits(m.insert(clipboard.text));
    default:
      return { kind: 'none' };
  }
}

/** Typed text: inserted over the selection. */
export function typeText(m: EditorModel, text: string): EditResult {
  return { kind: 'edits', edits: m.insert(text) };
}
