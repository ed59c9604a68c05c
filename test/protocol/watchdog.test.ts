import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImageLink, ImageProtocolError, newRequestId } from '../../protocol/index.js';
import { ImageServer } from '../../image/server/server.js';

// The reference VM stops overlong evaluations itself; this checks the server's backstop for an
// evaluator that does not (or dies), using a deliberately misbehaving VM in the real server.
const vmModule = new URL('../support/stubbornVm.js', import.meta.url).href;

let server: ImageServer;
let link: ImageLink;
const logged: string[] = [];

async function count(): Promise<string> {
  const r = await link.request({ type: 'evaluate', id: newRequestId(), session: 'w', code: 'count' });
  return r.ok ? r.value.printString : 'error';
}

test.before(async () => {
  server = await ImageServer.start({ name: 'wd', port: 0, vmModule, evalTimeoutMs: 300, graceMs: 200, heartbeatMs: 100, log: (l) => logged.push(l) });
  link = ImageLink.connect(server.address, { requestTimeoutMs: 5000 });
  await link.request({ type: 'session.open', id: newRequestId(), session: 'w' });
});

test.after(async () => {
  link.close();
  await server.close();
});

test('an evaluator that ignores the time limit is replaced; the request gets a timeout error; state is kept', async () => {
  assert.is(await count(), '1');
  assert.is(await count(), '2');
  const t = Date.now();
  let answered = false;
  const spinning = link
    .request({ type: 'evaluate', id: newRequestId(), session: 'w', code: 'spin' })
    .catch((e: unknown) => e)
    .finally(() => (answered = true));
  // Pings are answered while the evaluator spins: they never wait behind it.
  let pongsWhileSpinning = 0;
  while (!answered && pongsWhileSpinning < 3) {
    await link.request({ type: 'ping', id: newRequestId() });
    if (!answered) pongsWhileSpinning++;
  }
  assert.ok(pongsWhileSpinning >= 1, `only ${pongsWhileSpinning} pings answered while the evaluator spun`);
  const err = await spinning;
  const ms = Date.now() - t;
  // The image's own timeout (not the link's, 5 s, which is another error), never before limit + grace.
  assert.instance(err, ImageProtocolError);
  assert.is((err as ImageProtocolError).wireCode, 'timeout');
  assert.ok(ms >= 450, `answered after ${ms} ms (limit 300 + grace 200)`);
  assert.is(await count(), '3', 'the world restarted from the snapshot after the last good request');
  assert.ok(logged.some((l) => /restarted/.test(l)));
});

test('an evaluator thread that dies answers internal, and the next request is served', async () => {
  const id = newRequestId();
  const err = await link.request({ type: 'evaluate', id, session: 'w', code: 'die' }).catch((e: unknown) => e);
  assert.instance(err, ImageProtocolError);
  assert.is((err as ImageProtocolError).wireCode, 'internal');
  // The failure is recorded: resending the same request does not run it again.
  const again = await link.request({ type: 'evaluate', id, session: 'w', code: 'die' }).catch((e: unknown) => e);
  assert.is((again as ImageProtocolError).reply.fromRecord, true);
  assert.is(await count(), '4');
});

test.run();
