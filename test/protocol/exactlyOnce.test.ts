import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImageLink, newRequestId } from '../../protocol/index.js';
import type { EvaluatedReply } from '../../protocol/index.js';
import { startImage, type ImageProcess } from '../support/image.js';

// A side-effecting evaluation: each run adds 1 to a global, so the global counts executions.
const BUMP = 'Smalltalk at: #Bumps put: (Smalltalk at: #Bumps) + 1';

let image: ImageProcess;
let link: ImageLink;

function printString(r: EvaluatedReply): string {
  if (!r.ok) throw new Error(`evaluation failed: ${r.error.errorClass}: ${r.error.messageText}`);
  return r.value.printString;
}

async function bumps(l: ImageLink = link): Promise<number> {
  return Number(printString(await l.request({ type: 'evaluate', id: newRequestId(), session: 'once', code: 'Smalltalk at: #Bumps' })));
}

test.before(async () => {
  image = await startImage(['--name', 'once']);
  link = ImageLink.connect(image.address, { requestTimeoutMs: 10_000 });
  await link.hello();
  await link.request({ type: 'session.open', id: newRequestId(), session: 'once' });
  await link.request({ type: 'evaluate', id: newRequestId(), session: 'once', code: 'Smalltalk at: #Bumps put: 0' });
});

test.after(async () => {
  link.close();
  await image.stop();
});

test('the same request sent twice is evaluated once; the resend is answered from the record', async () => {
  const before = await bumps();
  const id = newRequestId();
  const first = await link.request({ type: 'evaluate', id, session: 'once', code: BUMP });
  const second = await link.request({ type: 'evaluate', id, session: 'once', code: BUMP });
  assert.is(printString(first), String(before + 1));
  assert.is(printString(second), printString(first));
  if (first.ok && second.ok) assert.is(second.value.oid, first.value.oid);
  assert.not.ok(first.fromRecord);
  assert.is(second.fromRecord, true);
  assert.is(await bumps(), before + 1);
});

test('a resend on a new connection (new DEALER) after a reconnect is answered once, not re-run', async () => {
  const before = await bumps();
  const id = newRequestId();
  const first = await link.request({ type: 'evaluate', id, session: 'once', code: BUMP });
  const other = ImageLink.connect(image.address);
  try {
    const resent = await other.request({ type: 'evaluate', id, session: 'once', code: BUMP });
    assert.is(resent.fromRecord, true);
    assert.is(printString(resent), printString(first));
    assert.is(await bumps(other), before + 1);
  } finally {
    other.close();
  }
});

test('a resend while the first is still running gets one answer when it completes; one execution', async () => {
  const before = await bumps();
  // Slow enough to still be running when the resend arrives (about 600 ms), then bump.
  const loop = (n: number): string => `| t | t := 0. 1 to: ${n} do: [:i | t := t + 1]`;
  const started = Date.now();
  await link.request({ type: 'evaluate', id: newRequestId(), session: 'once', code: loop(50_000) });
  const n = Math.round((50_000 * 600) / Math.max(1, Date.now() - started));
  const slow = `${loop(n)}. ${BUMP}`;
  const id = newRequestId();
  const gone = ImageLink.connect(image.address);
  await gone.hello();
  const lost = gone.request({ type: 'evaluate', id, session: 'once', code: slow }).catch(() => 'closed');
  await new Promise((r) => setTimeout(r, 50));
  // The first connection goes away before the reply (as when a network drops); a new one resends.
  gone.close();
  assert.is(await lost, 'closed');
  const fresh = ImageLink.connect(image.address, { requestTimeoutMs: 20_000 });
  let replies = 0;
  fresh.onMessage((m) => {
    if (m.type !== 'ping' && 'id' in m && m.id === id) replies++;
  });
  try {
    const a = fresh.request({ type: 'evaluate', id, session: 'once', code: slow });
    const b = fresh.request({ type: 'evaluate', id, session: 'once', code: slow });
    const [ra, rb] = await Promise.all([a, b]);
    assert.is(printString(ra), String(before + 1));
    assert.is(printString(rb), printString(ra));
    assert.not.ok(ra.fromRecord, 'the resends arrived while the first was still running');
    await new Promise((r) => setTimeout(r, 200));
    assert.is(replies, 1, 'the running request was answered exactly once');
    assert.is(await bumps(fresh), before + 1);
  } finally {
    fresh.close();
  }
});

test('different ids are different requests: each runs', async () => {
  const before = await bumps();
  await link.request({ type: 'evaluate', id: newRequestId(), session: 'once', code: BUMP });
  await link.request({ type: 'evaluate', id: newRequestId(), session: 'once', code: BUMP });
  assert.is(await bumps(), before + 2);
});

test.run();
