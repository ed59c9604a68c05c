import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stui, repoRoot } from '../support/cli.js';

test('--version prints the package version and exits 0', async () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const r = await stui(['--version']);
  assert.is(r.code, 0);
  assert.is(r.stdout.trim(), `stui ${pkg.version}`);
});

test('--help lists the global options and the exit codes', async () => {
  const r = await stui(['--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /--home DIR/);
  assert.match(r.stdout, /2 usage/);
});

test('an unknown command exits 2 and points at help', async () => {
  const r = await stui(['frobnicate']);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /unknown command "frobnicate"; see stui help/);
});

test('an unknown option exits 2', async () => {
  const r = await stui(['--bogus']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown option --bogus/);
});

test('--home without a directory is a usage error', async () => {
  const r = await stui(['--home']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--home needs a directory/);
});

test.run();
