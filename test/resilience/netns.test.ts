/**
 * A resilience test that cannot get its private network namespace fails, and says why: run without
 * capabilities (setpriv clears the bounding set, so even uid 0 cannot unshare; the files stay
 * readable wherever the checkout lives), a scenario file exits 1 with a clear message before
 * running any test.
 * This file itself needs no namespace.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

test('no namespace (no capabilities): the scenario fails with a clear message, never skips', () => {
  const r = spawnSync('setpriv', ['--bounding-set=-all', '--inh-caps=-all', process.execPath, join(here, 'identity.test.js')], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.not.ok(r.error, `setpriv could not run: ${String(r.error)}`);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /cannot create a private network namespace \(unshare -n\)/);
  assert.match(r.stderr, /must run as root/);
  assert.not.match(r.stdout, /Passed:/);
});

test('inside a namespace the scenario really is isolated: its loopback is not the host one', async () => {
  // The same probe the scenarios use, run under unshare by hand: a fresh namespace has a different id.
  const host = spawnSync('readlink', ['/proc/self/ns/net'], { encoding: 'utf8' }).stdout.trim();
  const inner = spawnSync('unshare', ['-n', 'readlink', '/proc/self/ns/net'], { encoding: 'utf8' });
  assert.is(inner.status, 0, inner.stderr);
  assert.is.not(inner.stdout.trim(), host);
});

test.run();
