/**
 * The workspace editor, pure: a text buffer with a cursor, a selection and undo. Every change is
 * one range edit {from, to, insert} on the text before the change — exactly what the engine's
 * `workspace.edit` records — so what the screen shows and what the log holds cannot drift apart.
 * No terminal, no engine: the keymap drives it and the tests call it directly.
 */

export interface RangeEdit {
  from: number;
  to: number;
  insert: string;
}

export type Motion =
  | 'left' | 'right' | 'up' | 'down'
  | 'lineStart' | 'lineEnd' | 'docStart' | 'docEnd'
  | 'wordLeft' | 'wordRight' | 'pageUp' | 'pageDown';

interface UndoStep {
  /** The edit as applied, and what it replaced. */
  edit: RangeEdit;
  removed: string;
  cursorBefore: number;
  /** Typing keeps extending one step until the caret moves by other means. */
  typing: boolean;
}

const UNDO_LIMIT = 1_000;

export class EditorModel {
  private t: string;
  private c: number;
  /** The other end of the selection; null when nothing is selected. */
  private a: number | null = null;
  /** The column up/down try to keep across short lines. */
  private goal: number | null = null;
  private undos: UndoStep[] = [];
  private redos: UndoStep[] = [];
  private typingRun = false;
  /** First line shown; the view keeps it so the caret stays visible. */
  scroll: number;
  /** Counts every change of text, caret or selection: "has the user done anything since?" */
  version = 0;

  constructor(text = '', cursor = 0, scroll = 0) {
    this.t = text;
    this.c = clamp(cursor, 0, text.length);
    this.scroll = Math.max(0, scroll);
  }

  get text(): string {
    return this.t;
  }

  get cursor(): number {
    return this.c;
  }

  /** The selected range, ordered; null when empty. */
  get selection(): { from: number; to: number } | null {
    if (this.a === null || this.a === this.c) return null;
    return { from: Math.min(this.a, this.c), to: Math.max(this.a, this.c) };
  }

  selectedText(): string {
    const s = this.selection;
    return s ? this.t.slice(s.from, s.to) : '';
  }

  get canUndo(): boolean {
    return this.undos.length > 0;
  }

  /** Line and column (0-based) of a position. */
  lineCol(pos: number = this.c): { line: number; col: number } {
    let line = 0;
    let start = 0;
    for (let i = this.t.indexOf('\n'); i !== -1 && i < pos; i = this.t.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, col: pos - start };
  }

  lines(): string[] {
    return this.t.split('\n');
  }

  /** The position of (line, col), clamped to the text. */
  posOf(line: number, col: number): number {
    const ls = this.lines();
    const l = clamp(line, 0, ls.length - 1);
    let pos = 0;
    for (let i = 0; i < l; i++) pos += ls[i]!.length + 1;
    return pos + clamp(col, 0, ls[l]!.length);
  }

  // ---- changes (each returns the edits to record, in order) ----

  /** Types or pastes `s` over the selection. */
  insert(s: string): RangeEdit[] {
    const sel = this.selection;
    const from = sel ? sel.from : this.c;
    const to = sel ? sel.to : this.c;
    return [this.apply({ from, to, insert: s }, from + s.length, sel === null)];
  }

  backspace(): RangeEdit[] {
    const sel = this.selection;
    if (sel) return [this.apply({ from: sel.from, to: sel.to, insert: '' }, sel.from, false)];
    if (this.c === 0) return [];
    return [this.apply({ from: this.c - 1, to: this.c, insert: '' }, this.c - 1, false)];
  }

  deleteForward(): RangeEdit[] {
    const sel = this.selection;
    if (sel) return [this.apply({ from: sel.from, to: sel.to, insert: '' }, sel.from, false)];
    if (this.c >= this.t.length) return [];
    return [this.apply({ from: this.c, to: this.c + 1, insert: '' }, this.c, false)];
  }

  /** Replaces [from, to) and selects the new text (print it selects the result it inserts). */
  replaceAndSelect(from: number, to: number, insert: string): RangeEdit[] {
    const edit = this.apply({ from, to, insert }, from + insert.length, false);
    this.a = from;
    return [edit];
  }

  /**
   * Inserts at `pos` without taking the caret along (an answer arriving while the user works
   * elsewhere): the caret and selection keep their place in the text around them.
   */
  insertAt(pos: number, insert: string): RangeEdit[] {
    const shift = (p: number): number => (p >= pos ? p + insert.length : p);
    const cursor = shift(this.c);
    const anchor = this.a === null ? null : shift(this.a);
    const edit = this.apply({ from: pos, to: pos, insert }, cursor, false);
    this.a = anchor;
    return [edit];
  }

  undo(): RangeEdit[] {
    const step = this.undos.pop();
    if (!step) return [];
    const inverse: RangeEdit = { from: step.edit.from, to: step.edit.from + step.edit.insert.length, insert: step.removed };
    this.t = splice(this.t, inverse);
    this.c = step.cursorBefore;
    this.a = null;
    this.redos.push(step);
    this.endRun();
    return [inverse];
  }

  redo(): RangeEdit[] {
    const step = this.redos.pop();
    if (!step) return [];
    this.t = splice(this.t, step.edit);
    this.c = step.edit.from + step.edit.insert.length;
    this.a = null;
    this.undos.push(step);
    this.endRun();
    return [step.edit];
  }

  // ---- caret and selection ----

  move(motion: Motion, extend = false, page = 10): void {
    if (extend && this.a === null) this.a = this.c;
    const sel = this.selection;
    if (!extend && sel && (motion === 'left' || motion === 'right')) {
      // Arrows on a selection land on its edge, as in Pharo.
      this.c = motion === 'left' ? sel.from : sel.to;
    } else {
      this.c = this.target(motion, page);
    }
    if (!extend) this.a = null;
    if (motion !== 'up' && motion !== 'down' && motion !== 'pageUp' && motion !== 'pageDown') this.goal = null;
    this.endRun();
  }

  setCursor(pos: number): void {
    this.c = clamp(pos, 0, this.t.length);
    this.a = null;
    this.goal = null;
    this.endRun();
  }

  select(from: number, to: number): void {
    this.a = clamp(from, 0, this.t.length);
    this.c = clamp(to, 0, this.t.length);
    this.endRun();
  }

  selectAll(): void {
    this.select(0, this.t.length);
  }

  /** What do it / print it / inspect it evaluate: the selection, else the caret's line. */
  expression(): { from: number; to: number; code: string } {
    const sel = this.selection;
    if (sel) return { ...sel, code: this.t.slice(sel.from, sel.to) };
    const from = this.t.lastIndexOf('\n', this.c - 1) + 1;
    const nl = this.t.indexOf('\n', this.c);
    const to = nl === -1 ? this.t.length : nl;
    return { from, to, code: this.t.slice(from, to) };
  }

  /** Replaces the whole buffer (a restore); forgets undo, which belonged to the old text. */
  reset(text: string, cursor: number, scroll: number): void {
    this.t = text;
    this.c = clamp(cursor, 0, text.length);
    this.a = null;
    this.scroll = Math.max(0, scroll);
    this.undos = [];
    this.redos = [];
    this.endRun();
  }

  /** Keeps the caret's line within `height` lines from `scroll`; true when scroll changed. */
  keepVisible(height: number): boolean {
    const { line } = this.lineCol();
    const before = this.scroll;
    if (line < this.scroll) this.scroll = line;
    else if (line >= this.scroll + height) this.scroll = line - height + 1;
    this.scroll = Math.max(0, this.scroll);
    return this.scroll !== before;
  }

  private apply(edit: RangeEdit, cursorAfter: number, typing: boolean): RangeEdit {
    this.version++;
    const removed = this.t.slice(edit.from, edit.to);
    const cursorBefore = this.c;
    this.t = splice(this.t, edit);
    this.c = cursorAfter;
    this.a = null;
    this.goal = null;
    this.redos = [];
    const last = this.undos[this.undos.length - 1];
    if (typing && this.typingRun && last && last.typing && edit.from === edit.to && last.edit.from + last.edit.insert.length === edit.from) {
      last.edit = { from: last.edit.from, to: last.edit.to, insert: last.edit.insert + edit.insert };
    } else {
      this.undos.push({ edit, removed, cursorBefore, typing });
      if (this.undos.length > UNDO_LIMIT) this.undos.shift();
    }
    // Typing continues a run; a newline or any other edit ends it (undo then goes line by line).
    this.typingRun = typing && !edit.insert.includes('\n');
    return edit;
  }

  /** Every caret move and undo passes here: it ends a typing run and is a change of state. */
  private endRun(): void {
    this.typingRun = false;
    this.version++;
  }

  private target(motion: Motion, page: number): number {
    const t = this.t;
    const c = this.c;
    switch (motion) {
      case 'left':
        return Math.max(0, c - 1);
      case 'right':
        return Math.min(t.length, c + 1);
      case 'lineStart':
        return t.lastIndexOf('\n', c - 1) + 1;
      case 'lineEnd': {
        const nl = t.indexOf('\n', c);
        return nl === -1 ? t.length : nl;
      }
      case 'docStart':
        return 0;
      case 'docEnd':
        return t.length;
      case 'wordLeft': {
        let i = c;
        while (i > 0 && !isWord(t[i - 1]!)) i--;
        while (i > 0 && isWord(t[i - 1]!)) i--;
        return i;
      }
      case 'wordRight': {
        let i = c;
        while (i < t.length && !isWord(t[i]!)) i++;
        while (i < t.length && isWord(t[i]!)) i++;
        return i;
      }
      case 'up':
      case 'down':
      case 'pageUp':
      case 'pageDown': {
        const { line, col } = this.lineCol();
        this.goal ??= col;
        const delta = motion === 'up' ? -1 : motion === 'down' ? 1 : motion === 'pageUp' ? -page : page;
        const last = this.lines().length - 1;
        const to = line + delta;
        if (to < 0) return 0;
        if (to > last) return t.length;
        return this.posOf(to, this.goal);
      }
    }
  }
}

/** Applies a range edit to a text (positions already valid for it). */
export function splice(text: string, e: RangeEdit): string {
  return text.slice(0, e.from) + e.insert + text.slice(e.to);
}

function isWord(ch: string): boolean {
  return /[A-Za-z0-9_:]/.test(ch);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
