import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLog, verifyLog } from '../../engine/log/index.js';
import { entryKey } from '../../engine/log/layout.js';
import { stui, tempDir } from '../support/cli.js';
import { collect, events, getEntry, putEntry, sealEntry, withRawDb } from './support.js';
import type { Level } from 'level';

type Db = Level<Buffer, Buffer>;

/** A closed six-entry log in a fresh home. */
async function sixEntryLog(): Promise<{ home: string; cleanup: () => void }> {
  const { dir: home, cleanup } = tempDir();
  const log = await openLog({ home });
  for (let i = 0; i < 6; i++) await log.append(events(1, `s${i % 2}`));
  await log.close();
  return { home, cleanup };
}

interface Case {
  name: string;
  damage: (db: Db, home: string) => Promise<void>;
  seq: number;
  what: RegExp;
}

const cases: Case[] = [
  {
    name: 'a byte of entry 3 is flipped',
    damage: async (db) => {
      const v = Buffer.from(await getEntry(db, 3));
      v[v.length - 7] ^= 0x01;
      await putEntry(db, 3, v);
    },
    seq: 3,
    what: /seal does not open/,
  },
  {
    name: 'entry 3 is removed',
    damage: (db) => db.del(entryKey(3)),
    seq: 3,
    what: /entry 3 is missing/,
  },
  {
    name: 'the newest entry (6) is removed',
    damage: (db) => db.del(entryKey(6)),
    seq: 6,
    what: /entry 6 is missing.*head record/,
  },
  {
    name: 'entries 3 and 4 are swapped',
    damage: async (db) => {
      const [a, b] = [await getEntry(db, 3), await getEntry(db, 4)];
      await putEntry(db, 3, b);
      await putEntry(db, 4, a);
    },
    seq: 3,
    what: /stored as entry 3 is entry 4/,
  },
  {
    name: 'old entry 2 is replayed in place of entry 5',
    damage: async (db) => putEntry(db, 5, await getEntry(db, 2)),
    seq: 5,
    what: /stored as entry 5 is entry 2/,
  },
  {
    name: 'entry 4 is replaced by a validly sealed forgery',
    damage: async (db, home) => {
      const forged = sealEntry(home, { seq: 4, ts: Date.now(), type: 'eval.requested', v: 1, stream: 's1', data: { forged: true }, prev: new Uint8Array(32) });
      await putEntry(db, 4, forged);
    },
    seq: 4,
    what: /chain is broken/,
  },
];

for (const c of cases) {
  test(`given ${c.name}, when verifying through the API and the CLI, then entry ${c.seq} is named and stui verify exits 4`, async () => {
    const { home, cleanup } = await sixEntryLog();
    try {
      await withRawDb(home, (db) => c.damage(db, home));
      const result = await verifyLog({ home });
      assert.is(result.ok, false);
      if (result.ok) return;
      assert.is(result.seq, c.seq);
      assert.match(result.what, c.what);
      const r = await stui(['verify'], { home });
      assert.is(r.code, 4, r.stderr);
      assert.is(r.stdout, '');
      assert.match(r.stderr, new RegExp(`verify failed at entry ${c.seq}: `));
      assert.match(r.stderr, c.what);
    } finally {
      cleanup();
    }
  });
}

test('given an intact log, then stui verify prints ok with the count and head hash and exits 0', async () => {
  const { home, cleanup } = await sixEntryLog();
  try {
    const head = await withRawDb(home, async (db) => getEntry(db, 6));
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha512').update(head).digest().subarray(0, 32).toString('hex');
    const r = await stui(['verify'], { home });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, `ok 6 entries head ${expected}\n`);
  } finally {
    cleanup();
  }
});

test('given a flipped byte, when reading, then the read stops at that entry with E_TAMPERED instead of skipping it', async () => {
  const { home, cleanup } = await sixEntryLog();
  try {
    await withRawDb(home, async (db) => {
      const v = Buffer.from(await getEntry(db, 3));
      v[30] ^= 0x80;
      await putEntry(db, 3, v);
    });
    const log = await openLog({ home });
    const seen: number[] = [];
    try {
      for await (const e of log.read()) seen.push(e.seq);
      assert.unreachable('read should fail');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'E_TAMPERED');
      assert.is((err as { detail: { seq: number } }).detail.seq, 3);
    }
    assert.equal(seen, [1, 2]);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given a removed middle entry, when reading a range across it, then E_TAMPERED names it', async () => {
  const { home, cleanup } = await sixEntryLog();
  try {
    await withRawDb(home, (db) => db.del(entryKey(4)));
    const log = await openLog({ home });
    try {
      await collect(log.read({ from: 2 }));
      assert.unreachable('read should fail');
    } catch (err) {
      assert.is((err as { detail: { seq: number } }).detail.seq, 4);
    }
    await log.close();
  } finally {
    cleanup();
  }
});

test('given the newest entry removed, when opening the log to append, then it refuses with E_TAMPERED rather than extend a broken chain', async () => {
  const { home, cleanup } = await sixEntryLog();
  try {
    await withRawDb(home, (db) => db.del(entryKey(6)));
    try {
      await openLog({ home });
      assert.unreachable('open should fail');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'E_TAMPERED');
      assert.is((err as { detail: { seq: number } }).detail.seq, 6);
    }
    const r = await stui(['log'], { home });
    assert.is(r.code, 4);
    assert.match(r.stderr, /entry 6/);
  } finally {
    cleanup();
  }
});

test.run();
