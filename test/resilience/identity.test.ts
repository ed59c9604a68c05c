/**
 * Identity change: the image at the registered address is restarted without its --state, so a
 * different image (new imageId) answers there. Its sessions are orphaned (identity_changed), never
 * silently attached; nothing is re-run until `stui rehydrate` asks, which re-runs, in order, the
 * evaluations that defined workspace variables, in a new session on the new image.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enterPrivateNetwork } from './netns.js';
import { EngineHome, kill9, serve, sleep, until, type Image } from './support.js';
import { stui } from '../support/cli.js';

await enterPrivateNetwork(import.meta.url);

const h = new EngineHome('stui-res-identity-');
let image: Image;

test.after(async () => {
  await kill9(image);
  await h.stop();
});

async function json<T>(args: string[]): Promise<T> {
  const r = await stui([...args, '--json'], { home: h.home });
  if (r.code !== 0) throw new Error(`stui ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

test('another image at the address: orphaned (identity_changed); rehydrate re-runs the variable definitions on request only', async () => {
  image = await serve('idimg');
  await h.start();
  await h.call('image.add', { name: 'idimg', address: image.address });
  const codes = ['x := 3 + 4', "Transcript show: 'hello'", 'y := x * 2', '| t | t := 5. t + 1', 'z := 1 / 0', 'Smalltalk at: #G put: 1', "s := 'a := b' , 'c'"];
  const old = (await h.eval(codes[0]!)).session;
  for (const c of codes.slice(1)) await h.eval(c, { session: old }).catch(() => undefined);
  const oldId = image.imageId;

  await kill9(image);
  image = await serve('idimg', { port: image.port }); // no --state: a new image
  assert.is.not(image.imageId, oldId);
  await until(async () => (await h.log({ type: 'session.orphaned' })).length === 1, 15_000, 'the session to be orphaned');

  const sessions = await json<Array<{ id: string; state: string; imageId: string }>>(['sessions']);
  assert.equal(sessions.map((s) => [s.id, s.state, s.imageId]), [[old, 'orphaned', oldId]]);
  const text = await stui(['sessions'], { home: h.home });
  assert.match(text.stdout, new RegExp(`orphaned \\(identity_changed\\): ${old}.*stui rehydrate --session ${old}`));
  const orphans = await json<Array<{ session?: string; id?: string; reason: string }>>(['orphans']);
  assert.is(orphans.length, 1);
  assert.is(orphans[0]!.reason, 'identity_changed');
  const changed = await h.log({ type: 'image.identity_changed' });
  assert.equal([changed[0]!.data.previousImageId, changed[0]!.data.imageId], [oldId, image.imageId]);

  // Never automatically: nothing is requested on the new image by itself.
  const headBefore = (await h.call<{ headSeq: number }>('engine.status')).headSeq;
  await sleep(1500);
  assert.equal(await h.log({ from: headBefore + 1, type: 'eval.requested' }), []);
  const usage = await stui(['rehydrate'], { home: h.home });
  assert.is(usage.code, 2, usage.stderr);

  const r = await json<{
    session: string;
    image: string;
    from: string;
    evaluations: Array<{ code: string; outcome: string; result?: string; rehydrates: string }>;
  }>(['rehydrate', '--session', old]);
  assert.is(r.from, old);
  assert.is(r.image, 'idimg');
  assert.is.not(r.session, old);
  // Only completed evaluations whose code assigned a workspace variable, in their original order.
  assert.equal(r.evaluations.map((e) => e.code), ['x := 3 + 4', 'y := x * 2', "s := 'a := b' , 'c'"]);
  assert.equal(r.evaluations.map((e) => [e.outcome, e.result]), [['completed', '7'], ['completed', '14'], ['completed', "'a := bc'"]]);

  const restored = await json<{ variables: Record<string, string>; history: Array<{ code: string }> }>(['restore', '--session', r.session]);
  assert.equal(restored.variables, { x: '7', y: '14', s: "'a := bc'" });
  assert.equal(restored.history.map((e) => e.code), r.evaluations.map((e) => e.code));
  const created = (await h.log({ type: 'session.created' })).find((e) => e.stream === r.session)!;
  assert.is(created.data.rehydratedFrom, old);
  assert.is(created.data.imageId, image.imageId);
  const requested = (await h.log({ type: 'eval.requested' })).filter((e) => e.stream === r.session);
  assert.ok(requested.every((e) => typeof e.data.rehydrates === 'string'));
  // The old session keeps its history and stays orphaned; a live session cannot be re-hydrated.
  const still = await json<Array<{ id: string; state: string }>>(['sessions']);
  assert.equal(still.map((s) => [s.id, s.state]), [[old, 'orphaned'], [r.session, 'active']]);
  const refused = await stui(['rehydrate', '--session', r.session], { home: h.home });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /still live/);
});

test.run();
