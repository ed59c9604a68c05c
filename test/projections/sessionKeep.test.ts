/**
 * A session state keeps a bounded tail of its past: the last SESSION_KEEP.history evaluations and
 * the transcript's last SESSION_KEEP.transcript characters, with the totals, so its size follows
 * what the session holds now. Folded keeping everything, the same entries give the whole past,
 * and the bounded fold is exactly its tail.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fold, KEEP_ALL, SESSION_KEEP, sessionStateProjection, stepSummary } from '../../projections/index.js';
import { LogBuilder, json } from './entries.js';

/** Session s1 with `evals` evaluations, each followed by a transcript line of `line` characters. */
function busy(evals: number, line: number): LogBuilder {
  const log = new LogBuilder();
  log.register('dev');
  log.session('s1', 'dev', null);
  for (let i = 1; i <= evals; i++) {
    log.evalOk('s1', `r${i}`, `${i} squared`, String(i * i), { x: String(i) });
    log.add('transcript.appended', 's1', { text: `${String(i).padStart(line - 1, '.')}\n` });
  }
  return log;
}

test('given more evaluations and transcript than a state keeps, when folded, then it holds their tails and totals, exactly the tail of the whole', () => {
  const log = busy(SESSION_KEEP.history + 57, 300);
  const whole = fold(sessionStateProjection('s1', KEEP_ALL), log.entries);
  const kept = fold(sessionStateProjection('s1'), log.entries);
  assert.is(whole.history.length, SESSION_KEEP.history + 57);
  assert.equal(json(kept.history), json(whole.history.slice(-SESSION_KEEP.history)));
  assert.is(kept.historyCount, whole.history.length);
  const all = whole.transcript.join('');
  assert.ok(all.length > SESSION_KEEP.transcript);
  assert.is(kept.transcript.join(''), all.slice(-SESSION_KEEP.transcript));
  assert.is(kept.transcriptChars, all.length);
  assert.equal(json(kept.variables), { x: String(SESSION_KEEP.history + 57) });
  // replay's summary counts everything, not what is kept
  assert.equal(stepSummary(kept), stepSummary(whole));
});

test('given one transcript chunk longer than the tail, when folded, then only its end is kept', () => {
  const log = busy(1, 1);
  log.add('transcript.appended', 's1', { text: 'y'.repeat(SESSION_KEEP.transcript + 10) + 'END' });
  const kept = fold(sessionStateProjection('s1'), log.entries);
  const text = kept.transcript.join('');
  assert.is(text.length, SESSION_KEEP.transcript);
  assert.ok(text.endsWith('yEND'));
  assert.is(kept.transcriptChars, SESSION_KEEP.transcript + 10 + 3 + 2);
});

test('given a short session, when folded, then nothing is cut', () => {
  const log = busy(12, 20);
  const kept = fold(sessionStateProjection('s1'), log.entries);
  const whole = fold(sessionStateProjection('s1', KEEP_ALL), log.entries);
  assert.equal(json(kept), json(whole));
});

test('the sealed shape is versioned: bounded states are not read as the old whole-history ones', () => {
  assert.ok(sessionStateProjection('s1').version >= 2);
});

test.run();
