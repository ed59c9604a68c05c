/**
 * "Retry now": given an image that keeps refusing, so its backoff has grown to seconds, when a
 * client sends image.retry, then the engine dials again at once instead of waiting out the delay.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { ensureEngine, type EngineClient } from '../../engine/client/index.js';
import { stopEngine, waitUntil } from './harness.js';

const tmp = tempDir('stui-engine-retry-');
const home = join(tmp.dir, 'home');
let client: EngineClient;

test.after(async () => {
  client?.close();
  await stopEngine(home);
  tmp.cleanup();
});

interface Row {
  seq: number;
  ts: number;
  type: string;
  data: { delayMs?: number };
}

test('image.retry dials a refusing image at once, not after its grown backoff', async () => {
  client = await ensureEngine(home, process.env);
  const port = await freePort();
  await client.call('image.add', { name: 'away', address: `tcp://127.0.0.1:${port}` });
  const rows = async (): Promise<Row[]> => client.call<Row[]>('log.read', { stream: 'image:away' });
  await waitUntil(async () => (await rows()).some((r) => r.type === 'connection.reconnect_scheduled' && (r.data.delayMs ?? 0) >= 4_000), 60_000, 'a backoff of 4 s or more');
  // Right after a long delay was scheduled: the next dial is seconds away.
  const scheduled = (await rows()).filter((r) => r.type === 'connection.reconnect_scheduled').at(-1)!;
  const asked = Date.now();
  const r = await client.call<{ name: string; state: string }>('image.retry', { name: 'away' });
  assert.is(r.name, 'away');
  await waitUntil(async () => (await rows()).some((e) => e.seq > scheduled.seq && e.type === 'connection.connecting'), 30_000, 'a dial after retry');
  const dial = (await rows()).find((e) => e.seq > scheduled.seq && e.type === 'connection.connecting')!;
  // The backoff would have dialled at scheduled.ts + delayMs (log times); the retry dialled well
  // before that (the margin covers the time this test took to notice the schedule and ask).
  assert.ok(
    dial.ts < scheduled.ts + scheduled.data.delayMs! - 1_500,
    `dialled ${dial.ts - asked} ms after the request; the backoff of ${scheduled.data.delayMs} ms was due ${scheduled.ts + scheduled.data.delayMs! - asked} ms after it`,
  );

  const unknown = await client.call('image.retry', { name: 'nope' }).then(
    () => null,
    (err: { code?: string; message: string }) => err,
  );
  assert.ok(unknown, 'an unknown image is an error');
  assert.is(unknown!.code, 'E_IMAGE_UNKNOWN');
  assert.match(unknown!.message, /stui image list/);
});

test.run();
