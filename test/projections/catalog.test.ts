import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  catalogProjection,
  fold,
  imageRows,
  imagesToConnect,
  iso,
  renderImages,
  renderSessions,
  sessionRows,
} from '../../projections/index.js';
import { LogBuilder, T0 } from './entries.js';

const catalog = (log: LogBuilder) => fold(catalogProjection, log.entries);

test('sessions: one row per session with id, image, imageId, state, createdAt and lastSeq', () => {
  const log = new LogBuilder();
  log.register('dev');
  log.connect('dev', 'img-1');
  log.register('prod');
  const c1 = log.session('s1', 'dev', 'img-1');
  const c2 = log.session('s2', 'prod', null);
  const last = log.add('transcript.appended', 's1', { text: 'x' });
  log.add('pref.set', 's3-never-created', { key: 'k', value: 1 });
  assert.equal(sessionRows(catalog(log)), [
    { id: 's1', image: 'dev', imageId: 'img-1', state: 'active', createdAt: iso(c1.ts), lastSeq: last.seq },
    { id: 's2', image: 'prod', imageId: null, state: 'disconnected', createdAt: iso(c2.ts), lastSeq: c2.seq },
  ]);
});

test('sessions: state moves with the image connection and the recorded lifecycle', () => {
  const log = new LogBuilder();
  log.register('dev');
  log.session('s1', 'dev', null);
  const state = (): string => sessionRows(catalog(log))[0]!.state;
  assert.is(state(), 'disconnected', 'image never connected');
  log.connect('dev', 'img-1');
  assert.is(state(), 'active');
  assert.is(sessionRows(catalog(log))[0]!.imageId, 'img-1', 'a session not yet bound adopts the identity');
  log.add('connection.heartbeat_missed', 'image:dev', { name: 'dev', missed: 1, silentMs: 1500 });
  assert.is(state(), 'active', 'a missed heartbeat alone does not disconnect');
  log.lose('dev', 'silent');
  assert.is(state(), 'disconnected');
  log.add('connection.reconnect_scheduled', 'image:dev', { name: 'dev', attempt: 1, delayMs: 200, reason: 'silent' });
  assert.is(state(), 'disconnected');
  log.restore('dev', 'img-1');
  assert.is(state(), 'active');
  log.add('engine.stopped', 'engine', { pid: 1, reason: 'command' });
  assert.is(state(), 'disconnected', 'no engine, no connection');
  log.connect('dev', 'img-1');
  log.add('session.resumed', 's1', { session: 's1', image: 'dev', imageId: 'img-1' });
  assert.is(state(), 'active');
  log.add('session.orphaned', 's1', { session: 's1', image: 'dev', reason: 'unreachable' });
  assert.is(state(), 'orphaned');
  log.add('session.resumed', 's1', { session: 's1', image: 'dev', imageId: 'img-1' });
  assert.is(state(), 'active', 'resuming ends an orphaning');
  log.add('session.archived', 's1', { session: 's1', image: 'dev' });
  assert.is(state(), 'archived');
  log.add('session.resumed', 's1', { session: 's1', image: 'dev', imageId: 'img-1' });
  assert.is(state(), 'archived', 'archived is final');
});

test('sessions: the text table has a header and a line per session', () => {
  const log = new LogBuilder();
  log.register('dev');
  log.session('s1', 'dev', null);
  const lines = renderSessions(catalog(log)).split('\n');
  assert.match(lines[0]!, /^SESSION\s+IMAGE\s+IMAGE ID\s+STATE\s+CREATED\s+LAST SEQ$/);
  assert.match(lines[1]!, /^s1\s+dev\s+-\s+disconnected\s+2026-11-25T12:00:01.000Z\s+2$/);
  assert.is(renderSessions(fold(catalogProjection, [])), 'no sessions yet');
});

test('image list: add, connect, lose, remove', () => {
  const log = new LogBuilder();
  log.add('image.registered', 'image:dev', { name: 'dev', address: 'tcp://127.0.0.1:5555', serverKey: 'k1' });
  log.add('image.registered', 'image:old', { name: 'old', address: 'tcp://127.0.0.2:5555' });
  const rows = () => imageRows(catalog(log));
  assert.equal(rows(), [
    { name: 'dev', address: 'tcp://127.0.0.1:5555', imageId: null, state: 'disconnected', latencyMs: null, sessions: 0 },
    { name: 'old', address: 'tcp://127.0.0.2:5555', imageId: null, state: 'disconnected', latencyMs: null, sessions: 0 },
  ]);
  log.add('connection.connecting', 'image:dev', { name: 'dev', address: 'tcp://127.0.0.1:5555', attempt: 1 });
  assert.is(rows()[0]!.state, 'connecting');
  log.connect('dev', 'img-1', 4, 'tcp://127.0.0.1:5555');
  log.session('s1', 'dev', 'img-1');
  log.session('s2', 'dev', 'img-1');
  log.add('session.archived', 's2', { session: 's2', image: 'dev' });
  assert.equal(rows()[0], { name: 'dev', address: 'tcp://127.0.0.1:5555', imageId: 'img-1', state: 'connected', latencyMs: 4, sessions: 1 });
  log.lose('dev', 'refused');
  assert.is(rows()[0]!.state, 'lost');
  assert.is(rows()[0]!.latencyMs, 4, 'the last measured latency is kept');
  log.add('connection.reconnect_scheduled', 'image:dev', { name: 'dev', attempt: 2, delayMs: 400, reason: 'refused' });
  assert.is(rows()[0]!.state, 'reconnecting');
  log.add('image.removed', 'image:old', { name: 'old' });
  log.add('connection.connecting', 'image:old', { name: 'old', address: 'x', attempt: 9 });
  assert.equal(rows().map((r) => r.name), ['dev'], 'removed images are dropped and stay dropped');
  assert.equal(imagesToConnect(catalog(log)), [{ name: 'dev', address: 'tcp://127.0.0.1:5555', imageId: 'img-1', serverKey: 'k1' }]);
});

test('image list: an image registered again after removal starts afresh', () => {
  const log = new LogBuilder();
  log.register('dev', 'tcp://127.0.0.1:1');
  log.connect('dev', 'img-1', 3, 'tcp://127.0.0.1:1');
  log.add('image.removed', 'image:dev', { name: 'dev' });
  log.register('dev', 'tcp://127.0.0.2:2');
  assert.equal(imageRows(catalog(log)), [
    { name: 'dev', address: 'tcp://127.0.0.2:2', imageId: null, state: 'disconnected', latencyMs: null, sessions: 0 },
  ]);
});

test('image list: the text table shows latency in ms and a dash when unknown', () => {
  const log = new LogBuilder();
  log.register('dev', 'tcp://127.0.0.1:1');
  log.connect('dev', 'img-1', 12, 'tcp://127.0.0.1:1');
  log.register('idle', 'tcp://127.0.0.2:2');
  const text = renderImages(catalog(log));
  assert.match(text, /^NAME\s+ADDRESS\s+IMAGE ID\s+STATE\s+LATENCY\s+SESSIONS\n/);
  assert.match(text, /dev\s+tcp:\/\/127\.0\.0\.1:1\s+img-1\s+connected\s+12 ms\s+0/);
  assert.match(text, /idle\s+tcp:\/\/127\.0\.0\.2:2\s+-\s+disconnected\s+-\s+0/);
  assert.match(renderImages(fold(catalogProjection, [])), /stui image add/);
});

test('the catalog keeps the head of the log it folded', () => {
  const log = new LogBuilder();
  log.register('dev');
  log.raw('something.new', 'elsewhere', null);
  const c = catalog(log);
  assert.is(c.headSeq, 2);
  assert.is(c.headTs, T0 + 1000);
});

test.run();
