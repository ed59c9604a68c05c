import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openLog, verifyLog } from '../../engine/log/index.js';
import { stui, tempDir } from '../support/cli.js';
import { collect, events, fingerprint } from './support.js';

async function passphraseHome(passphrase: string): Promise<{ home: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const home = join(dir, 'home');
  const log = await openLog({ home, passphrase });
  await log.append(events(3));
  await log.close();
  return { home, cleanup };
}

async function expectCode(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await p;
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.is((err as { code?: string }).code, code, (err as Error).message);
    assert.match((err as Error).message, message);
  }
}

test('given a passphrase home, then it has a salt and no key file, and the right passphrase reads it back', async () => {
  const { home, cleanup } = await passphraseHome('correct horse');
  try {
    assert.ok(existsSync(join(home, 'salt')));
    assert.not.ok(existsSync(join(home, 'key')));
    assert.is(statSync(join(home, 'salt')).mode & 0o777, 0o600);
    const log = await openLog({ home, passphrase: 'correct horse' });
    assert.is((await collect(log.read())).length, 3);
    assert.equal(await log.storeInfo().then((i) => i.keyMode), 'passphrase');
    await log.close();
    const r = await stui(['verify'], { home, env: { STUI_PASSPHRASE: 'correct horse' } });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ok 3 entries head [0-9a-f]{64}\n$/);
  } finally {
    cleanup();
  }
});

test('given a wrong passphrase, then stui log and stui verify exit 3 saying what to do, and every file in the home is byte-for-byte unchanged', async () => {
  const { home, cleanup } = await passphraseHome('correct horse');
  try {
    const before = fingerprint(home);
    assert.ok(Object.keys(before).some((p) => p.includes(join('log', 'MANIFEST-'))), 'the fingerprint covers LevelDB files');
    for (const args of [['log'], ['log', '--json'], ['verify']]) {
      const r = await stui(args, { home, env: { STUI_PASSPHRASE: 'battery staple' } });
      assert.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /wrong passphrase.*check STUI_PASSPHRASE.*--home/);
      assert.is(r.stdout, '');
    }
    await expectCode(openLog({ home, passphrase: 'battery staple' }), 'E_WRONG_KEY', /wrong passphrase/);
    assert.equal(fingerprint(home), before);
  } finally {
    cleanup();
  }
});

test('given a passphrase home opened without a passphrase, then E_WRONG_KEY asks for STUI_PASSPHRASE and nothing is written', async () => {
  const { home, cleanup } = await passphraseHome('correct horse');
  try {
    const before = fingerprint(home);
    const r = await stui(['log'], { home, env: { STUI_PASSPHRASE: '' } });
    assert.is(r.code, 3);
    assert.match(r.stderr, /protected by a passphrase; set STUI_PASSPHRASE/);
    await expectCode(openLog({ home }), 'E_WRONG_KEY', /protected by a passphrase/);
    assert.not.ok(existsSync(join(home, 'key')), 'no key file was created for the passphrase home');
    assert.equal(fingerprint(home), before);
  } finally {
    cleanup();
  }
});

test('given a key-file home opened with a passphrase, then E_WRONG_KEY says it uses a key file and nothing is written', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    await log.append(events(1));
    await log.close();
    const before = fingerprint(home);
    const r = await stui(['verify'], { home, env: { STUI_PASSPHRASE: 'anything' } });
    assert.is(r.code, 3);
    assert.match(r.stderr, /protected by the key file .*unset STUI_PASSPHRASE/);
    assert.equal(fingerprint(home), before);
  } finally {
    cleanup();
  }
});

test('given the key file replaced by another key, then E_WRONG_KEY (exit 3) and the home is unchanged', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    await log.append(events(2));
    await log.close();
    writeFileSync(join(home, 'key'), randomBytes(32), { mode: 0o600 });
    const before = fingerprint(home);
    const r = await stui(['log'], { home, env: { STUI_PASSPHRASE: '' } });
    assert.is(r.code, 3);
    assert.match(r.stderr, /does not open the log.*restore the right key file/);
    await expectCode(verifyLog({ home }), 'E_WRONG_KEY', /does not open/);
    assert.equal(fingerprint(home), before);
  } finally {
    cleanup();
  }
});

test('given a log whose key file was deleted, then E_KEY_FILE (exit 3) and no new key is made for it', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    await log.append(events(2));
    await log.close();
    rmSync(join(home, 'key'));
    const r = await stui(['log'], { home, env: { STUI_PASSPHRASE: '' } });
    assert.is(r.code, 3);
    assert.match(r.stderr, /key file .* is missing/);
    await expectCode(openLog({ home }), 'E_KEY_FILE', /restore the key file/);
    assert.not.ok(existsSync(join(home, 'key')));
  } finally {
    cleanup();
  }
});

test('given a truncated key file, then E_KEY_FILE says so', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await (await openLog({ home })).close();
    writeFileSync(join(home, 'key'), readFileSync(join(home, 'key')).subarray(0, 20));
    await expectCode(openLog({ home }), 'E_KEY_FILE', /holds 20 bytes/);
  } finally {
    cleanup();
  }
});

test.run();
