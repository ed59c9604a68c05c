import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EditorModel, splice, type RangeEdit } from '../../tui/editor/model.js';
import { EditBatcher, type RecordedEdit, type Scheduler } from '../../tui/editor/batcher.js';
import { applyEditAction, typeText } from '../../tui/editor/keys.js';

/** Replays recorded edits on the text the engine started from: must give the editor's text. */
const replay = (start: string, edits: readonly RangeEdit[]): string => edits.reduce((t, e) => splice(t, e), start);

test('typing, newline and backspace produce range edits that rebuild the text', () => {
  const m = new EditorModel();
  const log: RangeEdit[] = [];
  for (const ch of '3 + 4') log.push(...m.insert(ch));
  log.push(...m.insert('\n'), ...m.insert('x'), ...m.backspace());
  assert.is(m.text, '3 + 4\n');
  assert.is(m.cursor, 6);
  assert.is(replay('', log), m.text);
});

test('typing over a selection replaces it with one edit', () => {
  const m = new EditorModel('hello world', 0);
  m.select(6, 11);
  assert.is(m.selectedText(), 'world');
  const edits = m.insert('there');
  assert.equal(edits, [{ from: 6, to: 11, insert: 'there' }]);
  assert.is(m.text, 'hello there');
  assert.is(m.selection, null);
});

test('undo undoes a whole typing run, redo brings it back, both as edits', () => {
  const m = new EditorModel('a');
  m.setCursor(1);
  const log: RangeEdit[] = [];
  for (const ch of 'bcd') log.push(...m.insert(ch));
  m.move('left');
  log.push(...m.insert('X'));
  assert.is(m.text, 'abcXd');
  log.push(...m.undo());
  assert.is(m.text, 'abcd');
  log.push(...m.undo());
  assert.is(m.text, 'a');
  assert.is(m.cursor, 1);
  log.push(...m.redo());
  assert.is(m.text, 'abcd');
  assert.is(replay('a', log), m.text);
  assert.equal(m.undo().length, 1);
  assert.is(m.text, 'a');
  assert.equal(m.undo(), [], 'nothing left to undo (the X is on the redo side)');
});

test('the expression is the selection, else the caret line', () => {
  const m = new EditorModel('x := 3.\n3 + 4\nlast', 9);
  assert.equal(m.expression(), { from: 8, to: 13, code: '3 + 4' });
  m.setCursor(13);
  assert.equal(m.expression().code, '3 + 4', 'caret at the end of the line');
  m.select(0, 6);
  assert.equal(m.expression(), { from: 0, to: 6, code: 'x := 3' });
  m.setCursor(m.text.length);
  assert.is(m.expression().code, 'last');
});

test('print it: the result goes after the expression and is selected', () => {
  const m = new EditorModel('3 + 4', 5);
  const expr = m.expression();
  const edits = m.replaceAndSelect(expr.to, expr.to, ' 7');
  m.select(expr.to + 1, expr.to + 2);
  assert.equal(edits, [{ from: 5, to: 5, insert: ' 7' }]);
  assert.is(m.text, '3 + 4 7');
  assert.is(m.selectedText(), '7');
});

test('a late answer is inserted without moving the caret or the selection', () => {
  const m = new EditorModel('3 + 4\nabc', 9);
  m.select(6, 8);
  const before = m.version;
  const edits = m.insertAt(5, ' 7');
  assert.ok(m.version > before);
  assert.equal(edits, [{ from: 5, to: 5, insert: ' 7' }]);
  assert.is(m.text, '3 + 4 7\nabc');
  assert.is(m.selectedText(), 'ab', 'the selection moved with its text');
  assert.is(m.cursor, 10);
});

test('up and down keep the column across short lines; shift extends the selection', () => {
  const m = new EditorModel('abcdef\nab\nabcdef', 5);
  m.move('down');
  assert.equal(m.lineCol(), { line: 1, col: 2 });
  m.move('down');
  assert.equal(m.lineCol(), { line: 2, col: 5 });
  m.move('lineStart', true);
  assert.is(m.selectedText(), 'abcde');
  m.move('left');
  assert.is(m.selection, null);
  assert.equal(m.lineCol(), { line: 2, col: 0 }, 'left on a selection lands on its start');
});

test('keepVisible scrolls just enough to show the caret', () => {
  const m = new EditorModel(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'), 0);
  m.move('pageDown', false, 20);
  assert.ok(m.keepVisible(10));
  assert.is(m.scroll, 11);
  m.move('docStart');
  m.keepVisible(10);
  assert.is(m.scroll, 0);
});

test('editing keys: cut, paste, select all, word moves', () => {
  const m = new EditorModel('foo bar', 7);
  const clip = { text: '' };
  applyEditAction(m, 'wordLeft', 10, clip);
  assert.is(m.cursor, 4);
  applyEditAction(m, 'selectAll', 10, clip);
  const cut = applyEditAction(m, 'cut', 10, clip);
  assert.is(clip.text, 'foo bar');
  assert.equal(cut, { kind: 'edits', edits: [{ from: 0, to: 7, insert: '' }] });
  applyEditAction(m, 'paste', 10, clip);
  applyEditAction(m, 'paste', 10, clip);
  assert.is(m.text, 'foo barfoo bar');
  assert.equal(typeText(m, '!'), { kind: 'edits', edits: [{ from: 14, to: 14, insert: '!' }] });
  assert.equal(applyEditAction(m, 'backspace', 10, clip).kind, 'edits');
  assert.equal(applyEditAction(new EditorModel(), 'backspace', 10, clip), { kind: 'none' });
});

/** A scheduler the test advances by hand. */
function manualTimers(): Scheduler & { fire(): void; count(): number } {
  let pending: Array<() => void> = [];
  return {
    set: (fn) => {
      pending.push(fn);
      return fn;
    },
    clear: (h) => {
      pending = pending.filter((f) => f !== h);
    },
    fire: () => {
      const now = pending;
      pending = [];
      for (const f of now) f();
    },
    count: () => pending.length,
  };
}

test('the batcher folds keys that arrive together into one edit, backspaces included', () => {
  const sent: RecordedEdit[] = [];
  const timers = manualTimers();
  const b = new EditBatcher((e) => sent.push(e), timers);
  const m = new EditorModel();
  for (const ch of 'hello') b.edits(m.insert(ch), m.cursor, 0);
  b.edits(m.backspace(), m.cursor, 0);
  assert.is(sent.length, 0, 'nothing is sent before the timer');
  timers.fire();
  assert.equal(sent, [{ from: 0, to: 0, insert: 'hell', cursor: 4, scroll: 0 }]);
});

test('the batcher keeps edits at different places in order and replays to the same text', () => {
  const sent: RecordedEdit[] = [];
  const timers = manualTimers();
  const b = new EditBatcher((e) => sent.push(e), timers);
  const m = new EditorModel('abc def', 0);
  b.edits(m.insert('X'), m.cursor, 0);
  m.move('docEnd');
  b.moved(m.cursor, 0);
  b.edits(m.insert('Y'), m.cursor, 0);
  b.flush();
  assert.is(sent.length, 2);
  assert.is(replay('abc def', sent), m.text);
  assert.is(sent[1]!.cursor, m.cursor);
  assert.is(timers.count(), 0, 'flush cancels the timer');
});

test('a caret move alone is sent as an empty edit carrying the caret', () => {
  const sent: RecordedEdit[] = [];
  const timers = manualTimers();
  const b = new EditBatcher((e) => sent.push(e), timers);
  b.moved(3, 1);
  timers.fire();
  assert.equal(sent, [{ from: 0, to: 0, insert: '', cursor: 3, scroll: 1 }]);
  b.flush();
  assert.is(sent.length, 1, 'nothing twice');
});

test.run();
