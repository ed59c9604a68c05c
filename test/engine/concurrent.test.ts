/**
 * Two images at once, one session each, evaluations interleaved from several clients at the same
 * time: each session's history holds exactly its own evaluations, each with its own result.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui, tempDir } from '../support/cli.js';
import { ensureEngine } from '../../engine/client/index.js';
import { ok, serveImage, stopEngine, stuiJson, type ServedImage } from './harness.js';

interface Restore {
  image: string;
  imageId: string;
  history: Array<{ code: string; result: string }>;
}

let a: ServedImage;
let b: ServedImage;
const tmp = tempDir('stui-engine-two-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  [a, b] = await Promise.all([serveImage({ name: 'a' }), serveImage({ name: 'b' })]);
});

test.after(async () => {
  await stopEngine(home);
  await Promise.all([a?.stop(), b?.stop()]);
  tmp.cleanup();
});

test('interleaved evaluations on two images stay in their own sessions', async () => {
  ok(await stui(['image', 'add', 'a', a.address], { home }), 'add a');
  ok(await stui(['image', 'add', 'b', b.address], { home }), 'add b');
  // A few real CLI processes at once …
  const cli = await Promise.all([
    stui(['eval', '--image', 'a', '1000 + 1'], { home }),
    stui(['eval', '--image', 'b', '2000 + 1'], { home }),
    stui(['eval', '--image', 'a', '1000 + 2'], { home }),
    stui(['eval', '--image', 'b', '2000 + 2'], { home }),
  ]);
  assert.equal(cli.map((r) => [r.code, r.stdout.trim()]), [[0, '1001'], [0, '2001'], [0, '1002'], [0, '2002']]);
  // … and many calls in flight at once from one client, alternating images.
  const client = await ensureEngine(home, process.env);
  try {
    const calls = [];
    for (let i = 3; i <= 22; i++) {
      const image = i % 2 === 0 ? 'a' : 'b';
      const base = image === 'a' ? 1000 : 2000;
      calls.push(client.call<{ result: string; image: string }>('eval', { image, code: `${base} + ${i}`, timeoutMs: 20_000 }));
    }
    const results = await Promise.all(calls);
    results.forEach((r, k) => {
      const i = k + 3;
      assert.is(r.result, String((i % 2 === 0 ? 1000 : 2000) + i));
    });
  } finally {
    client.close();
  }

  const sessions = await stuiJson<Array<{ id: string; image: string; imageId: string }>>(home, ['sessions']);
  assert.is(sessions.length, 2);
  for (const s of sessions) {
    const r = await stuiJson<Restore>(home, ['restore', '--session', s.id]);
    const mine = s.image === 'a' ? '1000' : '2000';
    assert.is(r.imageId, s.image === 'a' ? a.imageId : b.imageId);
    const expected = [1, 2, ...Array.from({ length: 20 }, (_, k) => k + 3).filter((i) => (i % 2 === 0) === (s.image === 'a'))];
    // Every evaluation of this session is here, once, with its own result; none of the other's.
    assert.equal(
      r.history.map((h) => h.code).sort(),
      expected.map((i) => `${mine} + ${i}`).sort(),
    );
    for (const h of r.history) {
      const [x, y] = h.code.split(' + ').map(Number);
      assert.is(h.result, String(x! + y!));
    }
  }
});

test.run();
