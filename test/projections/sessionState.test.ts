import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StuiError } from '../../engine/errors.js';
import {
  applyEdit,
  fold,
  foldAsync,
  iso,
  parseAt,
  renderRestore,
  sessionStateProjection,
  toRestoreJson,
} from '../../projections/index.js';
import { LogBuilder, T0, json, stream } from './entries.js';

const s1 = sessionStateProjection('s1');

/** An image 'dev' (img-1), connected, with session s1 on it. */
function started(): LogBuilder {
  const log = new LogBuilder();
  log.register('dev');
  log.connect('dev', 'img-1');
  log.session('s1', 'dev', 'img-1');
  return log;
}

test('range edits: insert, delete, replace, and to:null replaces to the end', () => {
  assert.is(applyEdit('', 0, 0, 'hello'), 'hello');
  assert.is(applyEdit('hello', 5, 5, ' world'), 'hello world');
  assert.is(applyEdit('hello world', 0, 0, '> '), '> hello world');
  assert.is(applyEdit('hello world', 5, 11, ''), 'hello', 'delete');
  assert.is(applyEdit('hello world', 6, 11, 'there'), 'hello there', 'replace');
  assert.is(applyEdit('hello world', 6, null, 'you'), 'hello you', 'to:null');
  assert.is(applyEdit('hello', 0, null, ''), '', 'clear all');
  assert.is(applyEdit('abc', 10, 20, 'd'), 'abcd', 'positions past the end are clamped');
  assert.is(applyEdit('abc', 2, 1, 'X'), 'abXc', 'a to before from deletes nothing');
});

test('a workspace is rebuilt from its edits, with cursor and scroll', () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'Scratch' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 0, insert: '3 + 4' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 5, to: 5, insert: '.\nx := 6 * 7' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 1, insert: '30' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 13, to: null, insert: '9', cursor: 2, scroll: 1 });
  const r = toRestoreJson(fold(s1, log.entries));
  assert.equal(r.workspaces, [{ id: 'w1', title: 'Scratch', text: '30 + 4.\nx := 9', cursor: 2, scroll: 1 }]);
});

test('without a cursor in the edit, the caret lands after the inserted text', () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'W' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 0, insert: 'abcdef' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 1, to: 3, insert: 'XY' });
  assert.is(toRestoreJson(fold(s1, log.entries)).workspaces[0]?.cursor, 3);
});

test('several workspaces keep their own text; closed ones are not restored, reopened ones keep their text', () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'b', title: 'Second' });
  log.add('workspace.opened', 's1', { workspace: 'a', title: 'First' });
  log.add('workspace.edited', 's1', { workspace: 'a', from: 0, to: 0, insert: 'in a' });
  log.add('workspace.edited', 's1', { workspace: 'b', from: 0, to: 0, insert: 'in b' });
  log.add('workspace.closed', 's1', { workspace: 'b' });
  const closed = toRestoreJson(fold(s1, log.entries)).workspaces;
  assert.equal(closed.map((w) => [w.id, w.text]), [['a', 'in a']]);
  log.add('workspace.opened', 's1', { workspace: 'b', title: 'Second again' });
  const reopened = toRestoreJson(fold(s1, log.entries)).workspaces;
  assert.equal(reopened.map((w) => [w.id, w.title, w.text]), [['b', 'Second again', 'in b'], ['a', 'First', 'in a']]);
});

test('variables are those reported by the last completed evaluation', () => {
  const log = started();
  log.evalOk('s1', 'r1', 'x := 3', '3', { x: '3' });
  log.evalOk('s1', 'r2', 'y := x + 1', '4', { x: '3', y: '4' });
  assert.equal(toRestoreJson(fold(s1, log.entries)).variables, { x: '3', y: '4' });
});

test('history lists successes and failures at the seq of their result; pending lists the unanswered', () => {
  const log = started();
  const ok = log.evalOk('s1', 'r1', '3 + 4', '7');
  log.add('eval.requested', 's1', { request: 'r2', image: 'dev', code: '1/0', workspace: 'w1' });
  log.add('eval.requested', 's1', { request: 'r3', image: 'dev', code: 'Delay forSeconds: 9' });
  const failed = log.add('eval.failed', 's1', {
    request: 'r2',
    errorClass: 'ZeroDivide',
    messageText: 'Division by zero',
    stack: ['SmallInteger>>/'],
    kind: 'smalltalk',
  });
  const r = toRestoreJson(fold(s1, log.entries));
  assert.equal(
    r.history.map((h) => ({ seq: h.seq, code: h.code, result: h.result, error: h.error })),
    [
      { seq: ok.seq, code: '3 + 4', result: '7', error: undefined },
      { seq: failed.seq, code: '1/0', result: 'ZeroDivide: Division by zero', error: true },
    ],
  );
  assert.is(r.history[1]?.errorClass, 'ZeroDivide');
  assert.is(r.history[1]?.workspace, 'w1');
  assert.equal(r.pending.map((p) => [p.request, p.code]), [['r3', 'Delay forSeconds: 9']]);
  assert.is(r.pending[0]?.seq, failed.seq - 1);
});

test('an answer delivered twice is recorded once', () => {
  const log = started();
  const done = log.evalOk('s1', 'r1', '3 + 4', '7', { a: '1' });
  log.add('eval.completed', 's1', { ...(done.data as object), variables: { a: 'changed' } } as never);
  const r = toRestoreJson(fold(s1, log.entries));
  assert.is(r.history.length, 1);
  assert.equal(r.variables, { a: '1' });
});

test('inspectors: drill down, go back, close', () => {
  const log = started();
  const open = (id: string): void => {
    log.add('inspector.opened', 's1', { inspector: id, oid: 10, className: 'OrderedCollection', printString: 'an OrderedCollection(3 4)' });
  };
  open('i1');
  open('i2');
  log.add('inspector.navigated', 's1', { inspector: 'i1', via: 1, oid: 11, className: 'SmallInteger', printString: '3' });
  log.add('inspector.navigated', 's1', { inspector: 'i2', via: 'array', oid: 12, className: 'Array', printString: '#(3 4 nil)' });
  log.add('inspector.navigated', 's1', { inspector: 'i2', via: 2, oid: 13, className: 'SmallInteger', printString: '4' });
  log.add('inspector.navigated', 's1', { inspector: 'i2', back: true });
  log.add('inspector.navigated', 's1', { inspector: 'i1', back: true });
  log.add('inspector.navigated', 's1', { inspector: 'i1', back: true });
  const r = toRestoreJson(fold(s1, log.entries));
  assert.equal(r.inspectors.map((i) => [i.id, i.path.map((l) => [l.via, l.printString])]), [
    ['i1', [[null, 'an OrderedCollection(3 4)']]],
    ['i2', [[null, 'an OrderedCollection(3 4)'], ['array', '#(3 4 nil)']]],
  ]);
  log.add('inspector.closed', 's1', { inspector: 'i1' });
  assert.equal(toRestoreJson(fold(s1, log.entries)).inspectors.map((i) => i.id), ['i2']);
});

test('transcript is the concatenation of every append; prefs keep the last value per key', () => {
  const log = started();
  log.add('transcript.appended', 's1', { text: 'hello ' });
  log.add('pref.set', 's1', { key: 'theme', value: 'light' });
  log.add('transcript.appended', 's1', { text: 'world\n' });
  log.add('pref.set', 's1', { key: 'theme', value: 'dark' });
  log.add('pref.set', 's1', { key: 'fontSize', value: 13 });
  const r = toRestoreJson(fold(s1, log.entries));
  assert.is(r.transcript, 'hello world\n');
  assert.equal(r.prefs, { theme: 'dark', fontSize: 13 });
});

test('other sessions never leak into this one', () => {
  const log = started();
  log.session('s2', 'dev', 'img-1');
  log.add('transcript.appended', 's2', { text: 'not mine' });
  log.add('workspace.opened', 's2', { workspace: 'w1', title: 'Theirs' });
  log.evalOk('s2', 'r1', '1', '1', { z: '1' });
  const r = toRestoreJson(fold(s1, log.entries));
  assert.is(r.transcript, '');
  assert.equal(r.workspaces, []);
  assert.equal(r.variables, {});
  assert.equal(r.history, []);
});

test('session state follows its image: active, disconnected, active again, orphaned, archived', () => {
  const log = started();
  const state = (): string => toRestoreJson(fold(s1, log.entries)).state;
  assert.is(state(), 'active');
  log.lose('dev', 'silent');
  assert.is(state(), 'disconnected');
  assert.is(toRestoreJson(fold(s1, log.entries)).connection.state, 'lost');
  log.restore('dev', 'img-1', 1000, 2);
  assert.is(state(), 'active');
  log.add('session.orphaned', 's1', { session: 's1', image: 'dev', reason: 'unreachable' });
  assert.is(state(), 'orphaned');
  log.add('session.archived', 's1', { session: 's1', image: 'dev' });
  assert.is(state(), 'archived');
});

test('the restore object has the documented shape', () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'Scratch' });
  log.evalOk('s1', 'r1', '3 + 4', '7', { x: '7' });
  const r = json(toRestoreJson(fold(s1, log.entries))) as Record<string, unknown>;
  for (const key of ['session', 'image', 'imageId', 'state', 'at', 'ts', 'workspaces', 'variables', 'history', 'pending', 'inspectors', 'transcript', 'prefs']) {
    assert.ok(key in r, key);
  }
  assert.is(r.session, 's1');
  assert.is(r.image, 'dev');
  assert.is(r.imageId, 'img-1');
  assert.is(r.at, log.seq);
  assert.is(r.ts, iso(log.entries[log.seq - 1]!.ts));
  assert.is(typeof r.transcript, 'string');
  assert.ok(Array.isArray(r.pending) && Array.isArray(r.inspectors) && Array.isArray(r.workspaces));
});

test('restore --at SEQ is the state right after that entry', async () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'W' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 0, insert: 'x := 1' });
  const first = log.evalOk('s1', 'r1', 'x := 1', '1', { x: '1' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: null, insert: 'x := 2' });
  log.evalOk('s1', 'r2', 'x := 2', '2', { x: '2' });
  const r = toRestoreJson(await foldAsync(s1, stream(log.entries), parseAt(String(first.seq))));
  assert.is(r.at, first.seq);
  assert.equal(r.variables, { x: '1' });
  assert.equal(r.history.map((h) => h.seq), [first.seq]);
  assert.is(r.workspaces[0]?.text, 'x := 1');
});

test('restore --at ISO-TIME is the state right after the last entry at or before that time', async () => {
  const log = started();
  log.add('transcript.appended', 's1', { text: 'a' });
  const b = log.add('transcript.appended', 's1', { text: 'b' });
  log.wait(60_000);
  log.add('transcript.appended', 's1', { text: 'c' });
  const at = async (when: string): Promise<{ transcript: string; at: number }> =>
    toRestoreJson(await foldAsync(s1, stream(log.entries), parseAt(when)));
  assert.equal(await at(iso(b.ts)), { ...(await at(iso(b.ts))), transcript: 'ab', at: b.seq }, 'exactly at b');
  assert.is((await at(iso(b.ts + 30_000))).transcript, 'ab', 'between b and c');
  assert.is((await at(iso(b.ts - 1))).transcript, 'a', 'just before b');
  assert.is((await at(iso(T0 + 3600_000))).transcript, 'abc', 'after everything');
});

test('restoring a session that does not exist (yet) says so', () => {
  const log = started();
  const before = fold(s1, log.entries, { to: 2 });
  try {
    toRestoreJson(before);
    assert.unreachable('restored a session before it was created');
  } catch (err) {
    assert.instance(err, StuiError);
    assert.is((err as StuiError).code, 'E_SESSION_UNKNOWN');
    assert.match((err as Error).message, /stui sessions/);
  }
});

test('the text rendering has a section for each part of the state', () => {
  const log = started();
  log.add('workspace.opened', 's1', { workspace: 'w1', title: 'Scratch' });
  log.add('workspace.edited', 's1', { workspace: 'w1', from: 0, to: 0, insert: '3 + 4' });
  log.evalOk('s1', 'r1', '3 + 4', '7', { x: '7' });
  log.add('transcript.appended', 's1', { text: 'hi\n' });
  log.add('pref.set', 's1', { key: 'theme', value: 'dark' });
  const text = renderRestore(fold(s1, log.entries));
  for (const part of [/session s1 on image dev/, /Workspaces \(1\)/, /\| 3 \+ 4/, /x = 7/, /3 \+ 4 {2}-> {2}7/, /Pending \(0\)/, /Inspectors \(0\)/, /theme = dark/, /Transcript\n {2}hi/]) {
    assert.match(text, part);
  }
});

test.run();
