/**
 * Waiting for an evaluation's recorded outcome: given callers waiting on requests, when the
 * outcome entry is durable, then every caller of that request gets it and no one else; what
 * `stui eval` answers (or throws) from that entry.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Entry } from '../../engine/log/types.js';
import { StuiError } from '../../engine/errors.js';
import { answerOf, Outcomes, stillWaiting } from '../../engine/session/outcomes.js';

const entry = (seq: number, type: string, data: Record<string, unknown>): Entry => ({
  seq,
  ts: 1_700_000_000_000 + seq,
  type,
  v: 1,
  stream: 's-1',
  data,
  prev: new Uint8Array(32),
});

const pending = <T>(p: Promise<T>): Promise<'pending' | T> => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

test('given two callers on one request and one on another, when its outcome is settled, then both of that request get it and the other waits', async () => {
  const o = new Outcomes();
  const [a1] = o.expect(['r-a']);
  const [a2, b] = o.expect(['r-a', 'r-b']);
  const done = entry(7, 'eval.completed', { request: 'r-a', result: '7', className: 'SmallInteger' });
  o.settle(done);
  assert.is(await a1, done);
  assert.is(await a2, done);
  assert.is(await pending(b!), 'pending');
  // Settled once: a second outcome for the same request reaches no one.
  o.settle(entry(8, 'eval.completed', { request: 'r-a', result: '8', className: 'SmallInteger' }));
});

test('given a forgotten request, when its outcome comes, then no one is left waiting for it; rejectAll rejects the rest with their own error', async () => {
  const o = new Outcomes();
  const [gone, kept] = o.expect(['r-gone', 'r-kept']);
  o.forget(['r-gone']);
  o.settle(entry(3, 'eval.completed', { request: 'r-gone', result: '1', className: 'SmallInteger' }));
  assert.is(await pending(gone!), 'pending');
  o.rejectAll((request) => new StuiError('E_QUEUED', `queued ${request}`));
  try {
    await kept;
    assert.unreachable('rejectAll must reject');
  } catch (err) {
    assert.is((err as StuiError).code, 'E_QUEUED');
    assert.match((err as Error).message, /queued r-kept/);
  }
});

test('answerOf: a completion answers its result; a Smalltalk error, a protocol refusal and a cancellation throw their codes', () => {
  assert.equal(answerOf(entry(9, 'eval.completed', { request: 'r', result: '3/4', className: 'Fraction' }), 'img', 'r'), {
    result: '3/4',
    class: 'Fraction',
    seq: 9,
    session: 's-1',
    image: 'img',
    request: 'r',
  });
  const codeOf = (kind: string): string => {
    try {
      answerOf(entry(10, 'eval.failed', { request: 'r', errorClass: 'ZeroDivide', messageText: 'Division by zero', stack: [], kind }), 'img', 'r');
    } catch (err) {
      assert.is((err as StuiError).detail['seq'], 10);
      return (err as StuiError).code;
    }
    return 'nothing thrown';
  };
  assert.equal(['smalltalk', 'protocol', 'cancelled'].map(codeOf), ['E_SMALLTALK', 'E_PROTOCOL', 'E_FAILED']);
});

test('stillWaiting: E_TIMEOUT while the image is reachable, E_QUEUED when not, both naming the request and seq', () => {
  const requested = entry(12, 'eval.requested', { request: 'r-x', image: 'img', code: '1' });
  const running = stillWaiting(requested, 'img', 'r-x', true, 1500);
  assert.is(running.code, 'E_TIMEOUT');
  assert.match(running.message, /within 1\.5 s.*request r-x, seq 12/);
  const queued = stillWaiting(requested, 'img', 'r-x', false, 1500);
  assert.is(queued.code, 'E_QUEUED');
  assert.match(queued.message, /unreachable.*queued \(request r-x, seq 12\)/);
});

test.run();
