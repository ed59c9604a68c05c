/**
 * The give-up window against a real image: unreachable past giveUpAfterMs, the connection writes
 * connection.lost{giveUp} once, shows `lost` and retries slowly — and when the image comes back the
 * probe still reconnects it at once, without waiting out the slow retry.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createImageConnection, type ConnectionTiming } from '../../engine/connection/index.js';
import { tempDir } from '../support/cli.js';
import { killAll, killImage, Recorder, serveImage, sleep } from './image.js';

const timing: Partial<ConnectionTiming> = {
  heartbeatIntervalMs: 500,
  heartbeatMissLimit: 3,
  connectTimeoutMs: 1000,
  backoffInitialMs: 100,
  backoffMaxMs: 400,
  giveUpAfterMs: 1500,
  slowRetryMs: 20_000,
};

test.after(() => killAll());

test('unreachable past the window: lost{giveUp} once, state lost, slow retries; the probe still heals at once', async () => {
  const state = tempDir('stui-conn-giveup-');
  try {
    const img = await serveImage({ name: 'omega', state: state.dir });
    const rec = new Recorder();
    const conn = createImageConnection({ name: 'omega', address: img.address, expectedImageId: img.imageId, timing, emit: rec.emit });
    conn.start();
    await conn.whenConnected(5000);
    await killImage(img);
    const lost = await rec.next('connection.lost', 15_000);
    assert.is(rec.data(lost)['giveUp'], undefined, 'the loss itself is not a give-up');
    const gaveUp = await rec.next('connection.lost', 20_000, rec.entries.indexOf(lost) + 1);
    const d = rec.data(gaveUp);
    assert.is(d['giveUp'], true);
    assert.is(d['reason'], 'refused');
    assert.ok((d['unreachableMs'] as number) >= 1500, `unreachable ${d['unreachableMs']} ms`);
    await sleep(100);
    assert.is(conn.status.state, 'lost');
    const last = rec.entries[rec.entries.length - 1]!;
    assert.is(last.event.type, 'connection.reconnect_scheduled');
    const delay = rec.data(last)['delayMs'] as number;
    assert.ok(delay >= 16_000 && delay <= 24_000, `slow retry ${delay} ms`);

    const img2 = await serveImage({ name: 'omega', port: img.port, state: state.dir });
    await conn.whenConnected(5000);
    // The probe healed it: connected before the slow retry was even due.
    const healedAt = rec.of('connection.connected')[1]!.at;
    assert.ok(healedAt < last.at + delay, `reconnected ${healedAt - img2.listeningAt} ms after the image was back; the slow retry was due ${delay} ms after ${last.at}`);
    assert.is(rec.of('connection.lost').filter((r) => rec.data(r)['giveUp'] === true).length, 1);
    assert.equal(rec.types.slice(-2), ['connection.connected', 'connection.restored']);
    assert.is(conn.status.state, 'connected');
    await conn.stop();
    await killImage(img2);
  } finally {
    state.cleanup();
  }
});

test.run();
