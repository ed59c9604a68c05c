/**
 * Engine snapshots make a start faster, never different: folding the log up to any point, taking
 * a snapshot, restoring it and folding the rest gives exactly the state of one full fold; a
 * snapshot that does not match the log's entry at its seq is not used.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Entry } from '../../engine/log/types.js';
import { emptyState, evolve } from '../../engine/session/state.js';
import { matchesLog, restoreSnapshot, takeSnapshot } from '../../engine/session/snapshot.js';
import { catalogProjection, start } from '../../projections/index.js';

function entries(): Entry[] {
  const raw: Array<[string, string, unknown]> = [
    ['engine.started', 'engine', { pid: 1, version: '0' }],
    ['image.registered', 'image:a', { name: 'a', address: 'tcp://127.0.0.1:1' }],
    ['connection.connecting', 'image:a', { name: 'a', address: 'tcp://127.0.0.1:1', attempt: 1 }],
    ['connection.connected', 'image:a', { name: 'a', address: 'tcp://127.0.0.1:1', imageId: 'IA', imageName: 'a', dialect: 'x', version: '1', protocol: 1, latencyMs: 1 }],
    ['session.created', 's1', { session: 's1', image: 'a', imageId: 'IA' }],
    ['workspace.opened', 's1', { workspace: 'w1', title: 'W' }],
    ['eval.requested', 's1', { request: 'r1', image: 'a', code: '1' }],
    ['eval.requested', 's1', { request: 'r2', image: 'a', code: '2' }],
    ['eval.completed', 's1', { request: 'r1', result: '1', className: 'SmallInteger', oid: 1, durationMs: 1, variables: {} }],
    ['inspector.opened', 's1', { inspector: 'i1', oid: 1, className: 'SmallInteger', printString: '1' }],
    ['inspector.navigated', 's1', { inspector: 'i1', via: 1, oid: 2, className: 'X', printString: 'x' }],
    ['image.registered', 'image:b', { name: 'b', address: 'tcp://127.0.0.1:2' }],
    ['session.created', 's2', { session: 's2', image: 'b', imageId: null }],
    ['eval.requested', 's2', { request: 'r3', image: 'b', code: '3' }],
    ['session.orphaned', 's2', { session: 's2', image: 'b', reason: 'removed' }],
    ['image.removed', 'image:b', { name: 'b' }],
    ['engine.started', 'engine', { pid: 2, version: '0' }],
    ['eval.failed', 's1', { request: 'r2', errorClass: 'ZeroDivide', messageText: 'x', stack: [], kind: 'smalltalk' }],
  ];
  return raw.map(([type, stream, data], i) => ({ seq: i + 1, ts: 1_000 + i, type, v: 1, stream, data, prev: new Uint8Array(32) }));
}

function foldAll(list: Entry[]) {
  const state = emptyState();
  const catalog = start(catalogProjection);
  for (const e of list) {
    evolve(state, e);
    catalogProjection.evolve(catalog, e);
  }
  return { state, catalog };
}

test('snapshot at any point + the rest of the log = one full fold', () => {
  const log = entries();
  const full = foldAll(log);
  const expected = JSON.stringify(takeSnapshot(full.state, full.catalog, log[log.length - 1]!));
  for (let k = 1; k < log.length; k++) {
    const part = foldAll(log.slice(0, k));
    const snap = JSON.parse(JSON.stringify(takeSnapshot(part.state, part.catalog, log[k - 1]!)));
    const restored = restoreSnapshot(snap)!;
    assert.ok(restored, `restores at ${k}`);
    for (const e of log.slice(k)) {
      evolve(restored.state, e);
      catalogProjection.evolve(restored.catalog, e);
    }
    assert.is(JSON.stringify(takeSnapshot(restored.state, restored.catalog, log[log.length - 1]!)), expected, `split at ${k}`);
  }
  // Pending evaluations keep their request order through a snapshot.
  assert.equal([...full.state.pending.keys()], ['r3']);
});

test('a snapshot is used only against the very entry it was taken after', () => {
  const log = entries();
  const part = foldAll(log.slice(0, 5));
  const snap = takeSnapshot(part.state, part.catalog, log[4]!);
  assert.ok(matchesLog(snap, log[4]));
  assert.not.ok(matchesLog(snap, { ...log[4]!, ts: log[4]!.ts + 1 }));
  assert.not.ok(matchesLog(snap, { ...log[4]!, type: 'session.archived' }));
  assert.not.ok(matchesLog(snap, undefined));
  assert.is(restoreSnapshot({ ...snap, v: 99 }), null);
});

test.run();
