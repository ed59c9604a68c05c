import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditProjection, auditRows, fold, iso, outages, renderAudit } from '../../projections/index.js';
import { LogBuilder, T0 } from './entries.js';

/** dev: connected, lost for 2.5 s, restored after 2 attempts; then lost again and still down. prod: quiet. */
function history(): LogBuilder {
  const log = new LogBuilder();
  log.register('dev', 'tcp://127.0.0.1:1');
  log.register('prod', 'tcp://127.0.0.2:2');
  log.connect('dev', 'img-1', 3, 'tcp://127.0.0.1:1');
  log.session('s1', 'dev', 'img-1');
  log.add('connection.heartbeat_missed', 'image:dev', { name: 'dev', missed: 2, silentMs: 1500 });
  log.step = 500;
  log.add('connection.lost', 'image:dev', { name: 'dev', reason: 'silent', detail: 'no heartbeat for 2000 ms' });
  log.add('connection.reconnect_scheduled', 'image:dev', { name: 'dev', attempt: 1, delayMs: 100, reason: 'silent' });
  log.add('connection.connecting', 'image:dev', { name: 'dev', address: 'tcp://127.0.0.1:1', attempt: 1 });
  log.add('connection.lost', 'image:dev', { name: 'dev', reason: 'refused' });
  log.add('connection.connecting', 'image:dev', { name: 'dev', address: 'tcp://127.0.0.1:1', attempt: 2 });
  log.add('connection.restored', 'image:dev', { name: 'dev', imageId: 'img-1', downtimeMs: 2400, attempts: 2 });
  log.step = 1000;
  log.add('transcript.appended', 's1', { text: 'not connection history' });
  log.lose('dev', 'closed');
  return log;
}

test('audit rows: every image.* and connection.* entry with seq, ts, image, event and detail', () => {
  const log = history();
  const rows = auditRows(fold(auditProjection, log.entries));
  assert.is(rows.length, log.entries.filter((e) => e.stream.startsWith('image:')).length);
  assert.equal(rows[0], { seq: 1, ts: iso(T0), image: 'dev', event: 'image.registered', detail: 'at tcp://127.0.0.1:1' });
  const lost = rows.find((r) => r.event === 'connection.lost');
  assert.is(lost?.detail, 'silent: no heartbeat for 2000 ms');
  assert.ok(!rows.some((r) => r.event.startsWith('transcript') || r.event.startsWith('session')));
});

test('audit: an outage runs from the first loss to the restore, with its downtime, reason and attempts', () => {
  const log = history();
  const state = fold(auditProjection, log.entries);
  const [first, second] = outages(state);
  const firstLost = log.entries.find((e) => e.type === 'connection.lost')!;
  const restored = log.entries.find((e) => e.type === 'connection.restored')!;
  assert.equal(first, {
    image: 'dev',
    startSeq: firstLost.seq,
    start: iso(firstLost.ts),
    startMs: firstLost.ts,
    endSeq: restored.seq,
    end: iso(restored.ts),
    downtimeMs: 2500,
    reason: 'silent',
    attempts: 2,
    healedBy: 'connection.restored',
  });
  assert.is(auditRows(state).find((r) => r.seq === restored.seq)?.downtimeMs, 2500, 'the healing row carries the downtime');
  assert.is(second?.end, null, 'the last outage is still going on');
  assert.is(second?.downtimeMs, null);
  assert.is(second?.reason, 'closed');
});

test('audit: an outage healed by a fresh connection, or ended by removing the image', () => {
  const log = new LogBuilder();
  log.register('a');
  log.register('b');
  log.connect('a', 'img-a');
  log.connect('b', 'img-b');
  log.lose('a', 'refused');
  log.lose('b', 'timed_out');
  log.wait(9000);
  log.connect('a', 'img-a');
  log.add('image.removed', 'image:b', { name: 'b' });
  const list = outages(fold(auditProjection, log.entries));
  assert.equal(list.map((o) => [o.image, o.healedBy, o.downtimeMs, o.attempts]), [
    ['a', 'connection.connected', 12_000, 1],
    ['b', 'image.removed', 12_000, 0],
  ]);
});

test('audit --image: only that image', () => {
  const log = history();
  log.connect('prod', 'img-p');
  const state = fold(auditProjection, log.entries);
  assert.ok(auditRows(state, { image: 'prod' }).every((r) => r.image === 'prod'));
  assert.is(auditRows(state, { image: 'prod' }).length, 3);
  assert.equal(outages(state, { image: 'prod' }), []);
  assert.is(outages(state, { image: 'dev' }).length, 2);
});

test('audit text: the history, then each outage with its downtime', () => {
  const state = fold(auditProjection, history().entries);
  const text = renderAudit(state, { nowMs: T0 + 3_600_000 });
  assert.match(text, /^SEQ\s+TIME\s+IMAGE\s+EVENT\s+DETAIL/);
  assert.match(text, /connection\.restored\s+img-1 after 2400 ms, 2 attempt\(s\) \[down 2\.5 s\]/);
  assert.match(text, /Outages \(2\)/);
  assert.match(text, /dev {2}\S+ -> \S+ {2}down 2\.5 s {2}reason silent, 2 attempt\(s\), ended by connection\.restored/);
  assert.match(text, /-> ongoing \(\d+ min \d\d s so far\) {2}reason closed/);
  assert.match(renderAudit(state, { image: 'nope' }), /no connection history for image nope/);
});

test.run();
