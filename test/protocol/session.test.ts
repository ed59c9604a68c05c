import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImageLink, ImageProtocolError, newRequestId } from '../../protocol/index.js';
import type { EvaluatedReply, Inspection, TranscriptPush } from '../../protocol/index.js';
import { startImage, type ImageProcess } from '../support/image.js';

let image: ImageProcess;
let link: ImageLink;

const evaluate = (session: string, code: string): Promise<EvaluatedReply> =>
  link.request({ type: 'evaluate', id: newRequestId(), session, code });

async function inspect(session: string, oid: number): Promise<Inspection> {
  const r = await link.request({ type: 'inspect', id: newRequestId(), session, oid });
  if (!r.ok) throw new Error(`inspect failed: ${r.error.errorClass} ${r.error.messageText}`);
  return r.inspection;
}

function value(r: EvaluatedReply): { oid: number; className: string; printString: string } {
  if (!r.ok) throw new Error(`evaluation failed: ${r.error.errorClass}: ${r.error.messageText}`);
  return r.value;
}

test.before(async () => {
  image = await startImage(['--name', 'sess']);
  link = ImageLink.connect(image.address, { requestTimeoutMs: 10_000 });
  await link.hello();
});

test.after(async () => {
  link.close();
  await image.stop();
});

test('session.open creates a session, and resumes it with its variables', async () => {
  const first = await link.request({ type: 'session.open', id: newRequestId(), session: 'open-1' });
  assert.is(first.type, 'session.opened');
  assert.is(first.session, 'open-1');
  assert.is(first.resumed, false);
  assert.equal(first.variables, {});
  value(await evaluate('open-1', 'x := 6 * 7'));
  const again = await link.request({ type: 'session.open', id: newRequestId(), session: 'open-1' });
  assert.is(again.resumed, true);
  assert.is(again.variables.x, '42');
});

test('evaluate 3 + 4 answers an ObjectRef with printString 7, echoing id and session', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'ev' });
  const id = newRequestId();
  const r = await link.request({ type: 'evaluate', id, session: 'ev', code: '3 + 4' });
  assert.is(r.id, id);
  assert.is(r.session, 'ev');
  const v = value(r);
  assert.is(v.printString, '7');
  assert.is(v.className, 'SmallInteger');
  assert.type(v.oid, 'number');
});

test('workspace variables persist per session and do not leak into another session', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'wa' });
  await link.request({ type: 'session.open', id: newRequestId(), session: 'wb' });
  value(await evaluate('wa', 'total := 10'));
  value(await evaluate('wa', 'total := total + 5'));
  assert.is(value(await evaluate('wa', 'total')).printString, '15');
  value(await evaluate('wb', 'total := 1'));
  assert.is(value(await evaluate('wa', 'total')).printString, '15');
  const a = await link.request({ type: 'session.open', id: newRequestId(), session: 'wa' });
  const b = await link.request({ type: 'session.open', id: newRequestId(), session: 'wb' });
  assert.is(a.variables.total, '15');
  assert.is(b.variables.total, '1');
});

test('deep but finite recursion runs in the image (a roomy evaluator stack)', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'deep' });
  const r = await evaluate('deep', 'sum := nil. sum := [:n | n = 0 ifTrue: [0] ifFalse: [n + (sum value: n - 1)]]. sum value: 5000');
  assert.is(value(r).printString, '12502500');
});

test('every evaluated answer carries the variables it left, long printStrings cut', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'vars' });
  const r = await evaluate('vars', "big := String new: 3000 withAll: $a. n := 6 * 7");
  assert.is(r.variables.n, '42');
  assert.is(r.variables.big!.length, 1000 + '...etc...'.length);
  assert.ok(r.variables.big!.startsWith("'aaa"));
  assert.ok(r.variables.big!.endsWith('...etc...'));
  const failed = await evaluate('vars', 'n := n + 1. 1 / 0');
  assert.is(failed.ok, false);
  assert.is(failed.variables.n, '43', 'an assignment before the error is reported too');
});

test('a Smalltalk error is a structured reply, not a protocol error', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'err' });
  const r = await evaluate('err', '1 / 0');
  assert.is(r.type, 'evaluated');
  assert.is(r.ok, false);
  if (r.ok) return;
  assert.is(r.error.errorClass, 'ZeroDivide');
  assert.type(r.error.messageText, 'string');
  assert.ok(Array.isArray(r.error.stack) && r.error.stack.length > 0, 'the error carries a stack');
  assert.ok(r.error.stack.every((s) => typeof s === 'string'));
  const dnu = await evaluate('err', 'nil fooBarBaz');
  assert.is(dnu.ok, false);
  if (!dnu.ok) assert.is(dnu.error.errorClass, 'MessageNotUnderstood');
  // The session still works afterwards.
  assert.is(value(await evaluate('err', '1 + 1')).printString, '2');
});

test('evaluate and inspect on a session never opened answer unknown_session', async () => {
  for (const req of [
    { type: 'evaluate' as const, id: newRequestId(), session: 'never-opened', code: '1' },
    { type: 'inspect' as const, id: newRequestId(), session: 'never-opened', oid: 1 },
  ]) {
    try {
      await link.request(req);
      assert.unreachable('a request for an unknown session was served');
    } catch (err) {
      assert.instance(err, ImageProtocolError);
      assert.is((err as ImageProtocolError).wireCode, 'unknown_session');
      assert.is((err as ImageProtocolError).code, 'E_SESSION_UNKNOWN');
    }
  }
  try {
    await link.request({ type: 'session.open', id: newRequestId(), session: 'never-opened', mustExist: true });
    assert.unreachable('mustExist created a session');
  } catch (err) {
    assert.is((err as ImageProtocolError).wireCode, 'unknown_session');
  }
});

test('session.close forgets the workspace', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'gone' });
  value(await evaluate('gone', 'y := 1'));
  const c = await link.request({ type: 'session.close', id: newRequestId(), session: 'gone' });
  assert.is(c.existed, true);
  const again = await link.request({ type: 'session.open', id: newRequestId(), session: 'gone' });
  assert.is(again.resumed, false);
  assert.equal(again.variables, {});
});

test('inspect drills down three levels: Array → Array → Point with named slots', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'insp' });
  const top = value(await evaluate('insp', 'Array with: (Array with: 3 @ 4 with: 5) with: 99'));
  const l1 = await inspect('insp', top.oid);
  assert.is(l1.object.className, 'Array');
  assert.is(l1.indexedSize, 2);
  assert.is(l1.indexed[0]!.index, 1);
  assert.is(l1.indexed[1]!.value.printString, '99');
  const l2 = await inspect('insp', l1.indexed[0]!.value.oid);
  assert.is(l2.object.className, 'Array');
  assert.is(l2.indexedSize, 2);
  assert.is(l2.indexed[1]!.value.printString, '5');
  const l3 = await inspect('insp', l2.indexed[0]!.value.oid);
  assert.is(l3.object.className, 'Point');
  assert.match(l3.object.printString, /^\(?3@4\)?$/);
  const named = Object.fromEntries(l3.named.map((s) => [s.name, s.value.printString]));
  assert.equal(named, { x: '3', y: '4' });
  // An oid the session never received is a Smalltalk-level failure, not a crash.
  const bad = await link.request({ type: 'inspect', id: newRequestId(), session: 'insp', oid: 987654321 });
  assert.is(bad.ok, false);
});

test('Transcript output is pushed to the client and also carried in the reply', async () => {
  await link.request({ type: 'session.open', id: newRequestId(), session: 'tr' });
  const pushes: TranscriptPush[] = [];
  const off = link.onPush((m) => {
    if (m.type === 'transcript') pushes.push(m);
  });
  const id = newRequestId();
  const r = await link.request({ type: 'evaluate', id, session: 'tr', code: "Transcript show: 'hello'; cr. Transcript show: 'world'. 7" });
  off();
  assert.is(value(r).printString, '7');
  const pushed = pushes.map((p) => p.text).join('');
  assert.match(pushed, /hello\r?\n?world/);
  assert.ok(pushes.every((p) => p.session === 'tr' && p.requestId === id));
  assert.is(r.transcript, pushed);
});

test.run();
