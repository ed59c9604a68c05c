/**
 * Hard loss: the image is killed with SIGKILL and restarted from its --state on the same port.
 * Work done meanwhile (an evaluation, a workspace edit) is accepted, durable and shown as pending;
 * once the image is back the evaluation runs exactly once and the session resumes on the same
 * identity. Also: a kill while an evaluation runs (its result never saved) re-runs it once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { enterPrivateNetwork } from './netns.js';
import { busyCode, EngineHome, INCREMENT, RESET, imageState, kill9, serve, sleep, until, type Image } from './support.js';

await enterPrivateNetwork(import.meta.url);

const h = new EngineHome('stui-res-restart-');
const state = join(h.dir, 'image-state');
let image: Image;

test.after(async () => {
  await kill9(image);
  await h.stop();
});

interface Restored {
  variables: Record<string, string>;
  pending: Array<{ request: string; code: string }>;
  workspaces: Array<{ id?: string; workspace?: string; text: string }>;
}

test('kill -9 + restart from --state: offline work is pending, then runs once on the same identity', async () => {
  image = await serve('hard', { state });
  await h.start();
  await h.call('image.add', { name: 'hard', address: image.address });
  const first = await h.eval(RESET);
  const session = first.session;
  assert.is((await h.eval('x := 41', { session })).result, '41');
  const { workspace } = await h.call<{ workspace: string }>('workspace.open', { session, title: 'scratch' });

  await kill9(image);
  await until(async () => (await imageState(h, 'hard')) !== 'connected', 15_000, 'the loss to be noticed');
  // Offline: both are accepted and durable; the evaluation waits, shown as pending.
  const head = (await h.call<{ headSeq: number }>('engine.status')).headSeq;
  const pending = h.eval(INCREMENT, { session, timeoutMs: 30_000 });
  pending.catch(() => undefined);
  await h.call('workspace.edit', { session, workspace, from: 0, to: null, insert: 'x + 1' });
  await until(async () => (await h.log({ from: head + 1, type: 'eval.requested' })).length === 1, 15_000, 'the request to be recorded');
  const offline = await h.call<Restored>('restore', { session });
  assert.equal(offline.pending.map((p) => p.code), [INCREMENT]);
  const listed = await h.call<string>('sessions', { text: true });
  assert.match(listed, new RegExp(`pending: ${session} has 1 evaluation\\(s\\) waiting for image hard`));
  await sleep(1000);

  const before = image.imageId;
  image = await serve('hard', { state, port: image.port });
  assert.is(image.imageId, before, 'same --state, same identity');
  const reply = await pending;
  assert.is(reply.result, '1');
  assert.is((await h.eval('Smalltalk at: #N', { session })).result, '1', 'ran exactly once');
  assert.is((await h.eval('x', { session })).result, '41', 'the workspace variables survived');

  const after = await h.call<Restored>('restore', { session });
  assert.equal(after.pending, []);
  assert.is(after.variables.x, '41');
  const log = await h.log({ from: head + 1 });
  assert.not.ok(log.some((e) => e.type === 'image.identity_changed' || e.type === 'session.orphaned'));
  // A killed image's port refuses: the attempts while it was down say so.
  const reasons = log.filter((e) => e.type === 'connection.reconnect_scheduled').map((e) => e.data.reason);
  assert.ok(reasons.includes('refused'), reasons.join(', '));
  const resumed = log.filter((e) => e.type === 'session.resumed');
  assert.ok(resumed.length >= 1);
  assert.is(resumed[resumed.length - 1]!.data.imageId, before);
  const sessions = await h.call<Array<{ id: string; state: string; imageId: string }>>('sessions');
  assert.equal(sessions.map((s) => [s.id, s.state, s.imageId]), [[session, 'active', before]]);
  const outcomes = log.filter((e) => (e.type === 'eval.completed' || e.type === 'eval.failed') && e.data.request === reply.request);
  assert.is(outcomes.length, 1);
});

test('kill -9 while an evaluation runs: its effect was never saved, the resend runs it once', async () => {
  const busy = `${await busyCode(h, 1500)}. ${INCREMENT}`;
  const head = (await h.call<{ headSeq: number }>('engine.status')).headSeq;
  const pending = h.eval(busy, { timeoutMs: 30_000 });
  pending.catch(() => undefined);
  await until(async () => (await h.log({ from: head + 1, type: 'eval.requested' })).length === 1, 15_000, 'the request to be recorded');
  await sleep(300); // running (for ~1.5 s): killed before it can finish or be saved
  await kill9(image);
  await sleep(500);
  image = await serve('hard', { state, port: image.port });
  const reply = await pending;
  assert.is(reply.result, '2');
  assert.is((await h.eval('Smalltalk at: #N')).result, '2');
});

test.run();
