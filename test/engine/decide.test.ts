/**
 * The engine's rules, pure: given these events, when this command, then these events (or this
 * refusal). No processes, no sockets.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TypedEvent } from '../../engine/events.js';
import type { EngineCommand } from '../../engine/session/commands.js';
import { decide, onIdentityChanged } from '../../engine/session/decide.js';
import { emptyState, evolve, type EngineState } from '../../engine/session/state.js';
import { StuiError } from '../../engine/errors.js';

function given(events: TypedEvent[]): EngineState {
  const state = emptyState();
  events.forEach((e, i) => evolve(state, { seq: i + 1, type: e.type, stream: e.stream, data: e.data }));
  return state;
}

function refused(events: TypedEvent[], command: EngineCommand): StuiError {
  try {
    decide(command, given(events));
  } catch (err) {
    assert.instance(err, StuiError);
    return err as StuiError;
  }
  throw new Error('expected the command to be refused');
}

const registered = (name: string, port = 5555): TypedEvent => ({
  type: 'image.registered',
  stream: `image:${name}`,
  data: { name, address: `tcp://127.0.0.1:${port}` },
});
const connected = (name: string, imageId: string): TypedEvent => ({
  type: 'connection.connected',
  stream: `image:${name}`,
  data: { name, address: 'tcp://127.0.0.1:5555', imageId, imageName: name, dialect: 'x', version: '1', protocol: 1, latencyMs: 1 },
});
const created = (session: string, image: string, imageId: string | null = null): TypedEvent => ({
  type: 'session.created',
  stream: session,
  data: { session, image, imageId },
});
const requested = (session: string, request: string, image = 'a'): TypedEvent => ({
  type: 'eval.requested',
  stream: session,
  data: { request, image, code: '1' },
});
const evalCmd = (extra: Partial<Extract<EngineCommand, { cmd: 'eval' }>> = {}): EngineCommand => ({
  cmd: 'eval',
  code: '3 + 4',
  request: 'r1',
  newSession: 's-new',
  ...extra,
});

test('image.add records image.registered; a duplicate name is refused (exit 1), a bad address is a usage error', () => {
  assert.equal(decide({ cmd: 'image.add', name: 'a', address: 'tcp://127.0.0.1:5555' }, given([])), [registered('a')]);
  assert.is(refused([registered('a')], { cmd: 'image.add', name: 'a', address: 'tcp://127.0.0.1:1' }).code, 'E_IMAGE_EXISTS');
  for (const address of ['127.0.0.1:5555', 'tcp://127.0.0.1', 'tcp://127.0.0.1:0', 'tcp://127.0.0.1:70000', 'http://127.0.0.1:80']) {
    assert.is(refused([], { cmd: 'image.add', name: 'a', address }).code, 'E_USAGE', address);
  }
});

test('the first eval on an image creates its default session, then writes eval.requested (write-ahead)', () => {
  const events = decide(evalCmd(), given([registered('a'), connected('a', 'ID-A')]));
  assert.equal(events, [
    { type: 'session.created', stream: 's-new', data: { session: 's-new', image: 'a', imageId: 'ID-A' } },
    { type: 'eval.requested', stream: 's-new', data: { request: 'r1', image: 'a', code: '3 + 4' } },
  ]);
});

test('later evals reuse the default session; --session picks or creates another', () => {
  const history = [registered('a'), created('s1', 'a')];
  assert.equal(decide(evalCmd(), given(history)), [{ type: 'eval.requested', stream: 's1', data: { request: 'r1', image: 'a', code: '3 + 4' } }]);
  const other = decide(evalCmd({ session: 'mine' }), given(history));
  assert.equal(other.map((e) => [e.type, e.stream]), [['session.created', 'mine'], ['eval.requested', 'mine']]);
});

test('without --image: one image is implied, several is a usage error naming them, none says how to add one', () => {
  assert.is(refused([registered('a'), registered('b', 6000)], evalCmd()).code, 'E_USAGE');
  assert.match(refused([registered('a'), registered('b', 6000)], evalCmd()).message, /a, b.*--image/);
  const none = refused([], evalCmd());
  assert.is(none.code, 'E_IMAGE_UNKNOWN');
  assert.match(none.message, /stui image add/);
  assert.match(none.message, /stui image serve/);
  assert.is(refused([registered('a')], evalCmd({ image: 'zz' })).code, 'E_IMAGE_UNKNOWN');
});

test('a session of one image cannot be used with --image of another', () => {
  const err = refused([registered('a'), registered('b', 6000), created('s1', 'a')], evalCmd({ session: 's1', image: 'b' }));
  assert.is(err.code, 'E_USAGE');
});

test('image.remove orphans its live sessions and closes their unanswered evaluations', () => {
  const events = decide({ cmd: 'image.remove', name: 'a' }, given([registered('a'), created('s1', 'a'), requested('s1', 'r9')]));
  assert.equal(events.map((e) => e.type), ['eval.failed', 'session.orphaned', 'image.removed']);
  assert.is((events[0]!.data as { kind: string }).kind, 'cancelled');
  assert.is(refused([], { cmd: 'image.remove', name: 'a' }).code, 'E_IMAGE_UNKNOWN');
});

test('an evaluation completed or failed is no longer pending', () => {
  const state = given([
    registered('a'),
    created('s1', 'a'),
    requested('s1', 'r1'),
    requested('s1', 'r2'),
    { type: 'eval.completed', stream: 's1', data: { request: 'r1', result: '1', className: 'X', oid: 1, durationMs: 1, variables: {} } },
  ]);
  assert.equal([...state.pending.keys()], ['r2']);
});

test('workspace edits need an open workspace; edits are recorded as v2 replace-range events', () => {
  const base = [registered('a'), created('s1', 'a')];
  assert.is(refused(base, { cmd: 'workspace.edit', session: 's1', workspace: 'w1', from: 0, to: null, insert: 'x' }).code, 'E_FAILED');
  const opened: TypedEvent = { type: 'workspace.opened', stream: 's1', data: { workspace: 'w1', title: 'W' } };
  const events = decide({ cmd: 'workspace.edit', session: 's1', workspace: 'w1', from: 0, to: null, insert: 'x' }, given([...base, opened]));
  assert.equal(events, [{ type: 'workspace.edited', v: 2, stream: 's1', data: { workspace: 'w1', from: 0, to: null, insert: 'x' } }]);
  assert.is(refused([...base, opened], { cmd: 'workspace.edit', session: 's1', workspace: 'w1', from: 5, to: 2, insert: '' }).code, 'E_USAGE');
});

test('inspector back/close record on the inspector\'s session; unknown inspectors are refused', () => {
  const base = [
    registered('a'),
    created('s1', 'a'),
    { type: 'inspector.opened', stream: 's1', data: { inspector: 'i1', oid: 1, className: 'X', printString: 'x' } } as TypedEvent,
  ];
  assert.equal(decide({ cmd: 'inspector.back', inspector: 'i1' }, given(base)), [
    { type: 'inspector.navigated', stream: 's1', data: { inspector: 'i1', back: true } },
  ]);
  assert.is(refused(base, { cmd: 'inspector.close', inspector: 'nope' }).code, 'E_FAILED');
});

test('another image at the address orphans the sessions of the old one (not sessions never connected)', () => {
  const state = given([registered('a'), created('s1', 'a', 'OLD'), created('s2', 'a', null), requested('s1', 'r1')]);
  const events = onIdentityChanged(state, 'a', 'NEW');
  assert.equal(events.map((e) => [e.type, e.stream]), [['eval.failed', 's1'], ['session.orphaned', 's1']]);
});

test('an orphaned or archived session cannot take new evaluations', () => {
  const base = [registered('a'), created('s1', 'a'), { type: 'session.archived', stream: 's1', data: { session: 's1', image: 'a' } } as TypedEvent];
  assert.is(refused(base, evalCmd({ session: 's1' })).code, 'E_SESSION_UNKNOWN');
  // The default session of the image is then a new one.
  assert.equal(decide(evalCmd(), given(base)).map((e) => e.type), ['session.created', 'eval.requested']);
});

test.run();
