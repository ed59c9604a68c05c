import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TypedEvent } from '../../engine/events.js';
import { UsageError } from '../../engine/errors.js';
import {
  catalogProjection,
  decideCleanup,
  decideOrphans,
  fold,
  iso,
  orphanGraceMs,
  orphansAt,
  renderOrphans,
  sessionRows,
} from '../../projections/index.js';
import { LogBuilder } from './entries.js';

const GRACE = 2000;

/** Images a, b, c, each connected with one session: s-a, s-b, s-c. */
function threeImages(): LogBuilder {
  const log = new LogBuilder();
  for (const name of ['a', 'b', 'c']) {
    log.register(name);
    log.connect(name, `img-${name}`);
    log.session(`s-${name}`, name, `img-${name}`);
  }
  return log;
}

/** Appends what the engine would append, the way the log would, and folds again. */
function record(log: LogBuilder, events: TypedEvent[]): void {
  for (const e of events) log.raw(e.type, e.stream, e.data);
}

test('orphaned: the image was removed', () => {
  const log = threeImages();
  const removed = log.add('image.removed', 'image:a', { name: 'a' });
  const rows = orphansAt(fold(catalogProjection, log.entries), log.ts, GRACE);
  assert.equal(rows, [{ session: 's-a', image: 'a', imageId: 'img-a', reason: 'removed', since: iso(removed.ts), recorded: false }]);
});

test('orphaned: the image answers with another identity', () => {
  const log = threeImages();
  log.add('image.identity_changed', 'image:b', { name: 'b', address: 'tcp://127.0.0.1:1', previousImageId: 'img-b', imageId: 'img-B2' });
  log.add('session.created', 's-b2', { session: 's-b2', image: 'b', imageId: 'img-B2' });
  const rows = orphansAt(fold(catalogProjection, log.entries), log.ts, GRACE);
  assert.equal(rows.map((r) => [r.session, r.reason]), [['s-b', 'identity_changed']], 'a session made on the new identity is fine');
});

test('orphaned: a connection that reports another identity counts as a changed identity too', () => {
  const log = threeImages();
  log.lose('c', 'closed');
  log.restore('c', 'img-c-rebuilt');
  const rows = orphansAt(fold(catalogProjection, log.entries), log.ts, GRACE);
  assert.equal(rows.map((r) => [r.session, r.reason]), [['s-c', 'identity_changed']]);
});

test('orphaned: unreachable for longer than the grace period, judged at the time passed in', () => {
  const log = threeImages();
  const lost = log.lose('c', 'refused');
  log.add('connection.reconnect_scheduled', 'image:c', { name: 'c', attempt: 1, delayMs: 500, reason: 'refused' });
  log.lose('c', 'refused');
  const catalog = fold(catalogProjection, log.entries);
  assert.equal(orphansAt(catalog, lost.ts + GRACE, GRACE), [], 'exactly the grace period is not longer than it');
  assert.equal(orphansAt(catalog, lost.ts + GRACE + 1, GRACE), [
    { session: 's-c', image: 'c', imageId: 'img-c', reason: 'unreachable', since: iso(lost.ts), recorded: false },
  ]);
  assert.is(sessionRows(catalog)[2]!.state, 'disconnected', 'without a clock only recorded facts count');
  assert.is(sessionRows(catalog, { nowMs: lost.ts + 5000, graceMs: GRACE })[2]!.state, 'orphaned');
});

test('a connection back within the grace period orphans nothing; a stopped engine does not start the clock', () => {
  const log = threeImages();
  log.lose('a', 'silent');
  log.restore('a', 'img-a');
  log.lose('b', 'engine_stopped');
  log.add('engine.stopped', 'engine', { pid: 1, reason: 'command' });
  log.wait(86_400_000);
  const catalog = fold(catalogProjection, log.entries);
  assert.equal(orphansAt(catalog, log.ts, GRACE), []);
});

test('decideOrphans records each orphan once; decideCleanup archives them, history kept', () => {
  const log = threeImages();
  log.add('image.removed', 'image:a', { name: 'a' });
  log.add('transcript.appended', 's-a', { text: 'kept' });
  log.lose('c', 'timed_out');
  log.wait(10_000);
  const now = (): number => log.ts;

  const decided = decideOrphans(fold(catalogProjection, log.entries), now(), GRACE);
  assert.equal(decided, [
    { type: 'session.orphaned', stream: 's-a', data: { session: 's-a', image: 'a', reason: 'removed' } },
    { type: 'session.orphaned', stream: 's-c', data: { session: 's-c', image: 'c', reason: 'unreachable' } },
  ]);
  record(log, decided);
  const after = fold(catalogProjection, log.entries);
  assert.equal(decideOrphans(after, now(), GRACE), [], 'not recorded twice');
  assert.ok(orphansAt(after, now(), GRACE).every((o) => o.recorded));
  assert.equal(sessionRows(after).map((r) => r.state), ['orphaned', 'active', 'orphaned'], 'recorded: orphaned without a clock');

  const cleanup = decideCleanup(after);
  assert.equal(cleanup, [
    { type: 'session.archived', stream: 's-a', data: { session: 's-a', image: 'a' } },
    { type: 'session.archived', stream: 's-c', data: { session: 's-c', image: 'c' } },
  ]);
  record(log, cleanup);
  const cleaned = fold(catalogProjection, log.entries);
  assert.equal(sessionRows(cleaned).map((r) => r.state), ['archived', 'active', 'archived']);
  assert.equal(orphansAt(cleaned, now(), GRACE), []);
  assert.equal(decideCleanup(cleaned), [], 'archiving is not repeated');
});

test('decideCleanup with a clock also archives the long unreachable that were never recorded', () => {
  const log = threeImages();
  const lost = log.lose('b', 'silent');
  const catalog = fold(catalogProjection, log.entries);
  assert.equal(decideCleanup(catalog), []);
  assert.equal(decideCleanup(catalog, { nowMs: lost.ts + 60_000, graceMs: GRACE }).map((e) => e.stream), ['s-b']);
});

test('STUI_ORPHAN_AFTER: seconds, default an hour, anything else a usage error', () => {
  assert.is(orphanGraceMs(undefined), 3_600_000);
  assert.is(orphanGraceMs(''), 3_600_000);
  assert.is(orphanGraceMs('2'), 2000);
  assert.is(orphanGraceMs('0.5'), 500);
  for (const bad of ['soon', '-1', '1e3', '2s']) {
    assert.throws(() => orphanGraceMs(bad), (err: unknown) => err instanceof UsageError && /STUI_ORPHAN_AFTER/.test(err.message), bad);
  }
});

test('the orphans text table names each session and why', () => {
  const log = threeImages();
  log.add('image.removed', 'image:a', { name: 'a' });
  const text = renderOrphans(orphansAt(fold(catalogProjection, log.entries), log.ts, GRACE));
  assert.match(text, /^SESSION\s+IMAGE\s+IMAGE ID\s+REASON\s+SINCE\s+RECORDED\ns-a\s+a\s+img-a\s+removed\s+\S+\s+no$/);
  assert.is(renderOrphans([]), 'no orphaned sessions');
});

test.run();
