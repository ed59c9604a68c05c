/**
 * The committed format-2 fixture (test/fixtures/store-format2, see its make.mjs) holds session
 * snapshots as the format-2 build sealed them: the whole history and transcript in each. Opened
 * by this build, they become bounded tails, and what restore and replay answer stays what the
 * format-2 build answered (test/fixtures/store-format2/expected, recorded with that build), except
 * that restore shows the last 200 evaluations and the transcript's last 32 KiB unless asked for
 * more: `--history all` gives the format-2 answer exactly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLog, verifyLog, type Entry } from '../../engine/log/index.js';
import { CURRENT_FORMAT } from '../../migrations/index.js';
import { FROM_FORMAT, TO_FORMAT } from '../../migrations/sessionSnapshotTails.js';
import {
  fold,
  restoreSession,
  SESSION_KEEP,
  SESSION_STATE_VERSION,
  sessionStateProjection,
  toRestoreJson,
  type RestoreJson,
  type SessionState,
} from '../../projections/index.js';
import { repoRoot, stui, tempDir } from '../support/cli.js';
import { collect, copyFixture, fingerprint } from './support.js';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'store-format2');
/** The fixture's last entry: engines started on a copy append after it. */
const HEAD = 1009;
const EVALS = 250;

function expected<T = RestoreJson>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE, 'expected', name), 'utf8')) as T;
}

/** As JSON has it: a fold's records have no prototype, a parsed answer's do. */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x)) as unknown;
}

/** What the format-2 answer becomes with the default history and transcript. */
function trimmed(r: RestoreJson): RestoreJson {
  return { ...r, history: r.history.slice(-SESSION_KEEP.history), transcript: r.transcript.slice(-SESSION_KEEP.transcript) };
}

async function withFixture(fn: (home: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir('stui-format2-');
  const home = copyFixture('store-format2', join(dir, 'home'));
  try {
    await fn(home);
  } finally {
    await stui(['engine', 'stop'], { home });
    cleanup();
  }
}

test('given the format-2 fixture, when opened, then its version-1 session snapshots are rewritten as bounded version-2 ones, once, and the log verifies', async () => {
  const before = fingerprint(join(FIXTURE, 'home'));
  await withFixture(async (home) => {
    const log = await openLog({ home });
    try {
      const info = await log.storeInfo();
      assert.is(info.format, CURRENT_FORMAT);
      const step = info.migrations.find((m) => m.id === 'session-snapshot-tails');
      assert.ok(step, 'the migration is on record');
      assert.equal([step.from, step.to], [FROM_FORMAT, TO_FORMAT]);
      assert.equal(await log.snapshotSeqs('session:s-1', 1), [], 'no version-1 session snapshot is left');
      const seqs = await log.snapshotSeqs('session:s-1', SESSION_STATE_VERSION);
      assert.is(seqs.length, 2);
      assert.is(seqs[1], HEAD);
      const snap = await log.nearestSnapshot('session:s-1', SESSION_STATE_VERSION, HEAD);
      const state = snap!.state as SessionState;
      assert.is(state.history.length, SESSION_KEEP.history);
      assert.is(state.historyCount, EVALS);
      assert.is(state.transcript.join('').length, SESSION_KEEP.transcript);
      assert.ok(state.transcriptChars > SESSION_KEEP.transcript, `transcript of ${state.transcriptChars} characters`);

      // The migrated snapshot is what this build's own fold of the log gives.
      const entries: Entry[] = await collect(log.read({ to: HEAD }));
      const folded = plain(toRestoreJson(fold(sessionStateProjection('s-1'), entries)));
      assert.equal(plain(toRestoreJson(await restoreSession(log, 's-1', { to: HEAD }))), folded);
      assert.equal(folded, trimmed(expected('s-1-at-1009.json')));
    } finally {
      await log.close();
    }
    const again = await openLog({ home });
    const ran = (await again.storeInfo()).migrations.filter((m) => m.id === 'session-snapshot-tails');
    await again.close();
    assert.is(ran.length, 1, 'a migrated store is not migrated again');
    const v = await verifyLog({ home });
    assert.ok(v.ok && v.entries === HEAD, 'the entries are untouched');
  });
  assert.equal(fingerprint(join(FIXTURE, 'home')), before, 'the fixture itself is untouched');
});

test('given the format-2 fixture, when restored through the engine, then the answers are the format-2 build\'s, history and transcript cut to their default tails', async () => {
  await withFixture(async (home) => {
    for (const [at, file] of [
      [String(HEAD), 's-1-at-1009.json'],
      ['800', 's-1-at-800.json'],
    ] as const) {
      const r = await stui(['restore', '--session', 's-1', '--at', at, '--json'], { home });
      assert.is(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout), trimmed(expected(file)), `restore --at ${at}`);
      const all = await stui(['restore', '--session', 's-1', '--at', at, '--history', 'all', '--json'], { home });
      assert.is(all.code, 0, all.stderr);
      assert.equal(JSON.parse(all.stdout), expected(file), `restore --at ${at} --history all`);
    }
    const some = await stui(['restore', '--session', 's-1', '--at', String(HEAD), '--history', '230', '--json'], { home });
    const want = expected('s-1-at-1009.json');
    assert.equal(JSON.parse(some.stdout), { ...want, history: want.history.slice(-230), transcript: want.transcript.slice(-SESSION_KEEP.transcript) });
    const few = await stui(['restore', '--session', 's-1', '--at', String(HEAD), '--history', '3', '--json'], { home });
    assert.equal((JSON.parse(few.stdout) as RestoreJson).history, want.history.slice(-3));

    const text = await stui(['restore', '--session', 's-1', '--at', String(HEAD), '--history', 'all'], { home });
    assert.is(text.stdout, readFileSync(join(FIXTURE, 'expected', 's-1-at-1009.txt'), 'utf8'));
    const short = await stui(['restore', '--session', 's-2', '--at', String(HEAD), '--json'], { home });
    assert.equal(JSON.parse(short.stdout), expected('s-2-at-1009.json'), 'a short session is shown whole');
    const replay = await stui(['replay', '--session', 's-1', '--from', '1000', '--until', String(HEAD), '--json'], { home });
    assert.is(replay.code, 0, replay.stderr);
    assert.equal(JSON.parse(replay.stdout), expected<unknown>('s-1-replay-1000-1009.json'), 'replay counts every evaluation and character');
  });
});

test.run();
