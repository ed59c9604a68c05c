import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImageLink, ImageProtocolError, newRequestId } from '../../protocol/index.js';
import type { EvaluatedReply } from '../../protocol/index.js';
import { startImage, type ImageProcess } from '../support/image.js';
import { RawDealer } from '../support/rawDealer.js';

const LIMIT = 4096;
const EVAL_LIMIT_MS = 1500;

let image: ImageProcess;
let link: ImageLink;

function printString(r: EvaluatedReply): string {
  if (!r.ok) throw new Error(`evaluation failed: ${r.error.errorClass}: ${r.error.messageText}`);
  return r.value.printString;
}

async function stillServes(l: ImageLink = link): Promise<void> {
  const r = await l.request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: '3 + 4' }, { timeoutMs: 5000 });
  assert.is(printString(r), '7');
}

test.before(async () => {
  image = await startImage(['--name', 'bad', '--max-message-bytes', String(LIMIT), '--eval-timeout', String(EVAL_LIMIT_MS), '--heartbeat-ms', '200']);
  link = ImageLink.connect(image.address, { requestTimeoutMs: 10_000 });
  await link.hello();
  await link.request({ type: 'session.open', id: newRequestId(), session: 'bad' });
});

test.after(async () => {
  link.close();
  await image.stop();
});

test('malformed frames get an error reply with a stable code; the image keeps serving', async () => {
  const raw = new RawDealer(image.address);
  try {
    const cases: Array<{ frames: Array<Buffer | string>; code: string; id?: string | null }> = [
      { frames: ['not json at all'], code: 'malformed', id: null },
      { frames: [Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80])], code: 'malformed', id: null },
      { frames: [Buffer.alloc(0)], code: 'malformed', id: null },
      { frames: ['{"type":"ping","id":"a"}', '{"type":"ping","id":"b"}'], code: 'malformed', id: null },
      { frames: ['[1,2,3]'], code: 'malformed', id: null },
      { frames: ['"evaluate"'], code: 'malformed', id: null },
      { frames: ['{"type":"evaluate"}'], code: 'invalid', id: null },
      { frames: ['{"type":"evaluate","id":"v1","session":"bad"}'], code: 'invalid', id: 'v1' },
      { frames: ['{"type":"inspect","id":"v2","session":"bad","oid":"12"}'], code: 'invalid', id: 'v2' },
      { frames: ['{"type":"frobnicate","id":"u1"}'], code: 'unknown_type', id: 'u1' },
      { frames: ['{"type":"hello","id":"h1","versions":"1"}'], code: 'invalid', id: 'h1' },
    ];
    for (const c of cases) {
      await raw.send(c.frames);
      const reply = await raw.receiveReply();
      assert.ok(reply, `no reply to ${JSON.stringify(c.frames)}`);
      assert.is(reply!.type, 'error', JSON.stringify(c.frames));
      assert.is(reply!.code, c.code, JSON.stringify(c.frames));
      assert.is(reply!.id, c.id, JSON.stringify(c.frames));
      assert.type(reply!.message, 'string');
    }
    await stillServes();
  } finally {
    raw.close();
  }
});

test('a message over the limit is refused with too_large; far over it the connection is cut; the image lives', async () => {
  const raw = new RawDealer(image.address);
  try {
    const over = JSON.stringify({ type: 'evaluate', id: 'big1', session: 'bad', code: `'${'x'.repeat(LIMIT)}' size` });
    await raw.send([over]);
    const reply = await raw.receiveReply();
    assert.is(reply?.type, 'error');
    assert.is(reply?.code, 'too_large');
    // Far over the limit ZeroMQ drops the message (and the connection) before it is read.
    const huge = JSON.stringify({ type: 'evaluate', id: 'big2', session: 'bad', code: 'x'.repeat(LIMIT * 50) });
    await raw.send([huge]);
    assert.is(await raw.receiveReply(700), undefined);
    // The offending client reconnects on its own and is served again.
    const deadline = Date.now() + 5000;
    let pong: Record<string, unknown> | undefined;
    while (!pong && Date.now() < deadline) {
      await raw.sendJson({ type: 'ping', id: 'after' });
      pong = await raw.receiveReply(500);
    }
    assert.is(pong?.type, 'pong');
    // A message just within the limit is still accepted.
    const within = `'${'y'.repeat(LIMIT - 200)}' size`;
    const r = await link.request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: within });
    assert.is(printString(r), String(LIMIT - 200));
    await stillServes();
  } finally {
    raw.close();
  }
});

test('the image never sends more than its limit: long transcripts are shortened, oversized replies refused', async () => {
  const chatty = await link.request({
    type: 'evaluate',
    id: newRequestId(),
    session: 'bad',
    code: "1 to: 600 do: [:i | Transcript show: 'abcdefghij']. 42",
  });
  assert.is(printString(chatty), '42', 'the value survives a transcript over the limit');
  assert.ok(chatty.transcript.length < LIMIT, `transcript of ${chatty.transcript.length} characters was sent`);
  assert.match(chatty.transcript, /not sent: over the message limit/);
  const id = newRequestId();
  const huge = await link.request({ type: 'evaluate', id, session: 'bad', code: '(1 to: 3000) asArray' }).catch((e: unknown) => e);
  assert.instance(huge, ImageProtocolError);
  assert.is((huge as ImageProtocolError).wireCode, 'too_large');
  assert.is((huge as ImageProtocolError).reply.id, id);
  await stillServes();
});

test('an evaluation that never ends is stopped at the limit while a second client keeps being answered', async () => {
  await link.request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: 'keep := 5' });
  const started = Date.now();
  let loopAnswered = false;
  const looping = link
    .request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: '[true] whileTrue' }, { timeoutMs: 20_000 })
    .then((r) => ({ r, ms: Date.now() - started }))
    .catch((err: unknown) => ({ err, ms: Date.now() - started }))
    .finally(() => (loopAnswered = true));

  const second = ImageLink.connect(image.address, { requestTimeoutMs: 2000 });
  try {
    assert.is((await second.hello()).imageId, image.imageId);
    // Meanwhile a second session's evaluation queues behind the loop and is answered after it.
    const bystander = second.request({ type: 'session.open', id: newRequestId(), session: 'bystander' }, { timeoutMs: 20_000 });
    // Pings are answered while the loop still runs: none waits behind the evaluation.
    let pongsDuringLoop = 0;
    while (!loopAnswered && pongsDuringLoop < 3) {
      const p = await second.request({ type: 'ping', id: newRequestId() });
      assert.is(p.type, 'pong');
      if (!loopAnswered) pongsDuringLoop++;
    }
    assert.ok(pongsDuringLoop >= 3, `only ${pongsDuringLoop} pings answered before the loop was stopped`);

    const done = await looping;
    assert.ok(done.ms >= EVAL_LIMIT_MS - 100, `stopped too early (${done.ms} ms)`);
    // Stopped by the image, well before the client would have given up (20 s).
    assert.ok(done.ms < 15_000, `stopped too late (${done.ms} ms)`);
    if ('err' in done) {
      assert.instance(done.err, ImageProtocolError);
      assert.is((done.err as ImageProtocolError).wireCode, 'timeout');
    } else {
      assert.is(done.r.ok, false, 'an endless loop answered a value');
      if (!done.r.ok) assert.match(`${done.r.error.errorClass} ${done.r.error.messageText}`, /time|limit|interrupt/i);
    }
    assert.is((await bystander).session, 'bystander');
    // The world is intact: the variable set before the loop is still there.
    const keep = await link.request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: 'keep' });
    assert.is(printString(keep), '5');
    await stillServes(second);
  } finally {
    second.close();
  }
});

test('a request can ask for a tighter time limit than the image allows', async () => {
  const t = Date.now();
  const r = await link
    .request({ type: 'evaluate', id: newRequestId(), session: 'bad', code: '[true] whileTrue', timeoutMs: 300 }, { timeoutMs: 10_000 })
    .catch((err: unknown) => err);
  const ms = Date.now() - t;
  if (r instanceof ImageProtocolError) {
    assert.is(r.wireCode, 'timeout');
    assert.ok(ms < EVAL_LIMIT_MS, `the request's own limit was ignored (${ms} ms)`);
  } else {
    const reply = r as EvaluatedReply;
    assert.is(reply.ok, false);
    // The interrupted evaluation names the limit it was stopped at: the request's, not the image's.
    if (!reply.ok) assert.match(reply.error.messageText, /\b300 ms\b/);
  }
  await stillServes();
});

test.run();
