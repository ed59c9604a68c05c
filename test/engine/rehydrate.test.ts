/**
 * Re-hydration's rules, pure: which recorded evaluations count as defining workspace variables,
 * and what `session.rehydrate` records (or why it refuses).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TypedEvent } from '../../engine/events.js';
import { StuiError } from '../../engine/errors.js';
import { decide } from '../../engine/session/decide.js';
import { assignedNames, variableDefiningEvals } from '../../engine/session/rehydrate.js';
import { emptyState, evolve, type EngineState } from '../../engine/session/state.js';

function given(events: TypedEvent[]): EngineState {
  const state = emptyState();
  events.forEach((e, i) => evolve(state, { seq: i + 1, type: e.type, stream: e.stream, data: e.data }));
  return state;
}

const req = (request: string, code: string): { type: string; data: unknown } => ({ type: 'eval.requested', data: { request, image: 'a', code } });
const done = (request: string, variables: Record<string, string>): { type: string; data: unknown } => ({
  type: 'eval.completed',
  data: { request, result: 'x', className: 'X', oid: 1, durationMs: 1, variables },
});
const failed = (request: string): { type: string; data: unknown } => ({
  type: 'eval.failed',
  data: { request, errorClass: 'ZeroDivide', messageText: '', stack: [], kind: 'smalltalk' },
});

test('assignedNames: := outside strings, comments and character literals', () => {
  assert.equal([...assignedNames('x := 3. y:=x+1')], ['x', 'y']);
  assert.equal([...assignedNames("s := 'a := b'. \"c := d\" $' . e := 2")], ['s', 'e']);
  assert.equal([...assignedNames("'it''s := no'")], []);
  assert.equal([...assignedNames('a := b := 1')], ['a', 'b']);
  assert.equal([...assignedNames('Smalltalk at: #G put: 1')], []);
});

test('variableDefiningEvals: completed, assigning a reported workspace variable, in request order', () => {
  const evals = variableDefiningEvals([
    req('r1', 'x := 7'),
    req('r2', '| t | t := 5. t'),
    req('r3', 'y := 1 / 0'),
    req('r4', 'x printString'),
    req('r5', 'z := x * 2'),
    // Answers may be recorded out of request order; the re-run keeps the order of the requests.
    done('r5', { x: '7', z: '14' }),
    done('r1', { x: '7' }),
    done('r2', { x: '7' }),
    failed('r3'),
    done('r4', { x: '7' }),
    req('r6', 'w := 1'), // never answered (it was cancelled or is still pending)
  ]);
  assert.equal(evals, [{ request: 'r1', code: 'x := 7' }, { request: 'r5', code: 'z := x * 2' }]);
});

const image: TypedEvent = { type: 'image.registered', stream: 'image:a', data: { name: 'a', address: 'tcp://127.0.0.1:1' } };
const conn = (imageId: string): TypedEvent => ({
  type: 'connection.connected',
  stream: 'image:a',
  data: { name: 'a', address: 'tcp://127.0.0.1:1', imageId, imageName: 'a', dialect: 'x', version: '1', protocol: 1, latencyMs: 1 },
});
const session: TypedEvent = { type: 'session.created', stream: 's1', data: { session: 's1', image: 'a', imageId: 'OLD' } };
const orphaned: TypedEvent = { type: 'session.orphaned', stream: 's1', data: { session: 's1', image: 'a', reason: 'identity_changed' } };

test('decide session.rehydrate: a new session on the image, then the evaluations in order, each naming its original', () => {
  const state = given([image, conn('OLD'), session, conn('NEW'), orphaned]);
  const events = decide(
    { cmd: 'session.rehydrate', from: 's1', image: 'a', newSession: 's2', evals: [{ request: 'n1', code: 'x := 7', rehydrates: 'r1' }, { request: 'n2', code: 'z := x * 2', rehydrates: 'r5' }] },
    state,
  );
  assert.equal(events, [
    { type: 'session.created', stream: 's2', data: { session: 's2', image: 'a', imageId: 'NEW', rehydratedFrom: 's1' } },
    { type: 'eval.requested', stream: 's2', data: { request: 'n1', image: 'a', code: 'x := 7', rehydrates: 'r1' } },
    { type: 'eval.requested', stream: 's2', data: { request: 'n2', image: 'a', code: 'z := x * 2', rehydrates: 'r5' } },
  ]);
});

test('decide session.rehydrate: refuses a live session, an unknown one, an unknown image', () => {
  const code = (events: TypedEvent[], from: string, img = 'a'): string => {
    try {
      decide({ cmd: 'session.rehydrate', from, image: img, newSession: 's2', evals: [] }, given(events));
    } catch (err) {
      assert.instance(err, StuiError);
      return (err as StuiError).code;
    }
    return 'accepted';
  };
  assert.is(code([image, session], 's1'), 'E_FAILED');
  assert.is(code([image, session, orphaned], 'nope'), 'E_SESSION_UNKNOWN');
  assert.is(code([image, session, orphaned], 's1', 'b'), 'E_IMAGE_UNKNOWN');
  assert.is(code([image, session, orphaned], 's1'), 'accepted');
});

test.run();
