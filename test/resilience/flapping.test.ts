/**
 * Flapping: 20 outages of varying length (nftables drops of 0.3–3 s and SIGKILL + restarts from
 * --state) with a counting evaluation issued during each. The counter ends at exactly the number
 * issued (0 lost, 0 doubled), every request has exactly one outcome, and every loss is followed by
 * a restoration (100%).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enterPrivateNetwork } from './netns.js';
import { DEFAULT_OUTAGES, runFlapping } from './flapping.js';
import { EngineHome, percentile } from './support.js';

await enterPrivateNetwork(import.meta.url);

const h = new EngineHome('stui-res-flap-');

test.after(async () => {
  await h.stop();
});

test('20 outages: every evaluation runs once, every loss heals', async () => {
  const r = await runFlapping(h, DEFAULT_OUTAGES, (line) => console.log(line));
  assert.is(r.issued, 20);
  assert.equal(r.outages.map((o) => o.result), r.outages.map((_, i) => String(i + 1)), 'each evaluation saw the counter once');
  assert.is(r.counter, 20, 'the image counted every evaluation exactly once');
  assert.equal(r.outcomesPerRequest, Array(20).fill(1));
  assert.ok(r.losses >= 4, `losses ${r.losses}`); // at least the kills, and the long drops
  assert.is(r.restorations, r.losses, 'every loss is followed by a restoration');
  for (const o of r.outages) {
    // A loss is detected within 2 s of the fault, a long-enough drop is always detected.
    if (o.lostMs !== null) assert.ok(o.lostMs < 2000, `${o.kind} ${o.ms} ms: lost after ${o.lostMs} ms`);
    if (o.kind === 'drop' && o.ms >= 2000) assert.ok(o.lostMs !== null, `a ${o.ms} ms drop went unnoticed`);
    if (o.lostMs !== null) assert.is(o.healedBy, 'reconnect');
    // Healing waits on no kernel timer: generous limit here, the aim (< 1 s p95) is measured in bench.
    if (o.healMs !== null) assert.ok(o.healMs < 3000, `${o.kind} ${o.ms} ms: healed ${o.healMs} ms after the path came back`);
  }
  const heals = r.outages.filter((o) => o.healedBy === 'reconnect').map((o) => o.healMs!);
  console.log(`  heal after path back: p50 ${percentile(heals, 50)} ms, p95 ${percentile(heals, 95)} ms, max ${Math.max(...heals)} ms (${heals.length} reconnects)`);
});

test.run();
