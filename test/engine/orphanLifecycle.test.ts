/**
 * An image that dies for good, end to end with the real engine: given a session with history on
 * an image that is then killed, when the grace period (STUI_ORPHAN_AFTER=2) passes, then the
 * session is listed as orphaned; `--cleanup` archives it; its history stays readable in
 * `stui log`; and a clean engine stop seals the projections into the log store.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { catalogProjection } from '../../projections/index.js';
import { openLog } from '../../engine/log/index.js';
import { ok, serveImage, stopEngine, stuiJson, waitUntil, type LogEntryJson } from './harness.js';

const tmp = tempDir('stui-engine-orphan-');
const home = join(tmp.dir, 'home');
const env = { STUI_ORPHAN_AFTER: '2' };

test.after(async () => {
  await stopEngine(home);
  tmp.cleanup();
});

interface OrphanRow {
  session: string;
  image: string;
  reason: string;
}

test('an image killed for good: orphaned after the grace period, archived by cleanup, history kept', async () => {
  const img = await serveImage({ name: 'doomed' });
  ok(await stui(['image', 'add', 'doomed', img.address], { home, env }), 'image add');
  ok(await stui(['eval', 'answer := 6 * 7'], { home, env }), 'eval');
  const [session] = await stuiJson<Array<{ id: string; state: string }>>(home, ['sessions'], env);
  assert.ok(session, 'one session');
  assert.is(session!.state, 'active');

  img.proc.kill('SIGKILL');
  const killedAt = Date.now();
  await waitUntil(async () => (await stuiJson<Array<{ state: string }>>(home, ['sessions'], env))[0]?.state === 'disconnected', 5_000, 'session disconnected');
  // Inside the grace period the session is not orphaned yet.
  if (Date.now() - killedAt < 1_500) assert.equal(await stuiJson<OrphanRow[]>(home, ['orphans'], env), []);
  await waitUntil(async () => (await stuiJson<OrphanRow[]>(home, ['orphans'], env)).length === 1, 10_000, 'orphaned');
  assert.ok(Date.now() - killedAt >= 2_000, 'not before the grace period');
  const [orphan] = await stuiJson<OrphanRow[]>(home, ['orphans'], env);
  assert.is(orphan!.session, session!.id);
  assert.is(orphan!.reason, 'unreachable');

  const archived = await stuiJson<Array<{ session: string; archived: boolean }>>(home, ['orphans', '--cleanup'], env);
  assert.equal(archived.map((r) => [r.session, r.archived]), [[session!.id, true]]);
  const after = await stuiJson<Array<{ id: string; state: string }>>(home, ['sessions'], env);
  assert.is(after.find((s) => s.id === session!.id)?.state, 'archived');
  assert.equal(await stuiJson<OrphanRow[]>(home, ['orphans'], env), []);

  const entries = await stuiJson<LogEntryJson[]>(home, ['log'], env);
  const own = entries.filter((e) => e.stream === session!.id).map((e) => e.type);
  assert.ok(own.includes('eval.requested') && own.includes('eval.completed'), 'the history is still in the log');
  assert.ok(own.includes('session.orphaned') && own.includes('session.archived'), 'orphaning and archiving are recorded');
});

test('a clean engine stop seals the projections at the head into the log store', async () => {
  ok(await stui(['engine', 'stop'], { home, env }), 'engine stop');
  const log = await openLog({ home });
  try {
    const snap = await log.nearestSnapshot(catalogProjection.name, catalogProjection.version, log.headSeq);
    assert.ok(snap, 'a catalog snapshot exists');
    assert.is(snap!.seq, log.headSeq, 'taken at the head, after engine.stopped');
  } finally {
    await log.close();
  }
});

test.run();
