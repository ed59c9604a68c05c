import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeEntry, fold, lastCrash, runWindow, runsProjection } from '../../projections/index.js';
import { LogBuilder } from './entries.js';

test('runs: a run ends stopped, crashed (restarted without a stop) or is still running', () => {
  const log = new LogBuilder();
  log.add('engine.started', 'engine', { pid: 10, version: '0.1.0' });
  log.add('engine.stopped', 'engine', { pid: 10, reason: 'command' });
  const crashStart = log.add('engine.started', 'engine', { pid: 11, version: '0.1.0' });
  log.add('eval.requested', 's1', { request: 'r1', image: 'dev', code: 'Smalltalk crash' });
  const lastBeforeCrash = log.add('transcript.appended', 's1', { text: 'boom' });
  log.add('engine.started', 'engine', { pid: 12, version: '0.1.0' });
  log.add('transcript.appended', 's1', { text: 'after' });
  const state = fold(runsProjection, log.entries);
  assert.equal(state.runs.map((r) => [r.pid, r.end]), [[10, 'stopped'], [11, 'crashed'], [12, 'running']]);
  const crash = lastCrash(state);
  assert.ok(crash);
  assert.equal(runWindow(crash), { from: crashStart.seq, until: lastBeforeCrash.seq });
});

test('runs: no crash when every run stopped cleanly', () => {
  const log = new LogBuilder();
  log.add('engine.started', 'engine', { pid: 10, version: '0.1.0' });
  log.add('engine.stopped', 'engine', { pid: 10, reason: 'signal' });
  log.add('engine.started', 'engine', { pid: 11, version: '0.1.0' });
  assert.is(lastCrash(fold(runsProjection, log.entries)), null);
});

test('describeEntry: one line with seq, time, stream, type and the gist', () => {
  const log = new LogBuilder();
  const e = log.add('eval.requested', 's1', { request: 'r1', image: 'dev', code: '3 +\n4' });
  assert.is(describeEntry(e), '#1 2026-11-25T12:00:00.000Z s1 eval.requested 3 + ⏎ 4');
  const edit = log.add('workspace.edited', 's1', { workspace: 'w', from: 2, to: null, insert: 'x' });
  assert.match(describeEntry(edit), /workspace\.edited \[2, end\) <- "x"$/);
  assert.match(describeEntry(log.raw('odd', 'engine', null)), /engine odd$/);
});

test.run();
