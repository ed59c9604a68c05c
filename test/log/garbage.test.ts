import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Encoder } from 'cbor-x';
import { openLog, verifyLog } from '../../engine/log/index.js';
import { META_HEAD } from '../../engine/log/layout.js';
import { stui, tempDir } from '../support/cli.js';
import { events, getEntry, putEntry, sealEntry, sealRaw, withRawDb } from './support.js';
import type { Level } from 'level';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: true });

async function threeEntryLog(): Promise<{ home: string; cleanup: () => void }> {
  const { dir: home, cleanup } = tempDir();
  const log = await openLog({ home });
  await log.append(events(3));
  await log.close();
  return { home, cleanup };
}

interface Case {
  name: string;
  value: (db: Level<Buffer, Buffer>, home: string) => Promise<Buffer> | Buffer;
  code: string;
  what: RegExp;
}

const validEntry2 = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  seq: 2, ts: Date.now(), type: 'eval.requested', v: 1, stream: 's', data: {}, prev: new Uint8Array(32), ...overrides,
});

const cases: Case[] = [
  { name: 'a value cut to 10 bytes', value: () => Buffer.from('0123456789'), code: 'E_CORRUPT_ENTRY', what: /truncated/ },
  { name: 'a value with its tail cut off', value: async (db) => (await getEntry(db, 2)).subarray(0, 60), code: 'E_TAMPERED', what: /seal does not open/ },
  { name: 'a value that decrypts but is not CBOR', value: (_db, home) => sealRaw(home, Buffer.from('{"not": "cbor"} trailing')), code: 'E_CORRUPT_ENTRY', what: /not CBOR/ },
  { name: 'CBOR that is not a map', value: (_db, home) => sealRaw(home, cbor.encode([2, 'eval.requested'])), code: 'E_CORRUPT_ENTRY', what: /not a map/ },
  { name: 'a CBOR map with ts of the wrong type', value: (_db, home) => sealRaw(home, cbor.encode(validEntry2({ ts: 'yesterday' }))), code: 'E_CORRUPT_ENTRY', what: /"ts"/ },
  { name: 'a CBOR map without data', value: (_db, home) => { const e = validEntry2({}); delete e.data; return sealRaw(home, cbor.encode(e)); }, code: 'E_CORRUPT_ENTRY', what: /"data"/ },
  { name: 'a CBOR map with a short prev', value: (_db, home) => sealRaw(home, cbor.encode(validEntry2({ prev: new Uint8Array(5) }))), code: 'E_CORRUPT_ENTRY', what: /"prev"/ },
];

for (const c of cases) {
  test(`given ${c.name} at entry 2, then reading fails with ${c.code} naming entry 2 after yielding entry 1, verify names it, and stui log exits 4`, async () => {
    const { home, cleanup } = await threeEntryLog();
    try {
      await withRawDb(home, async (db) => putEntry(db, 2, await c.value(db, home)));
      const log = await openLog({ home });
      const seen: number[] = [];
      try {
        for await (const e of log.read()) seen.push(e.seq);
        assert.unreachable('read should fail');
      } catch (err) {
        const e = err as { code?: string; detail?: { seq?: number }; message: string };
        assert.is(e.code, c.code, e.message);
        assert.is(e.detail?.seq, 2);
        assert.match(e.message, c.what);
      }
      assert.equal(seen, [1]);
      await log.close();
      const v = await verifyLog({ home });
      assert.is(v.ok, false);
      if (!v.ok) {
        assert.is(v.seq, 2);
        assert.is(v.code, c.code);
      }
      const r = await stui(['log'], { home });
      assert.is(r.code, 4, r.stderr);
      assert.match(r.stderr, /entry 2: /);
      assert.match(r.stdout, /^1 {2}/);
    } finally {
      cleanup();
    }
  });
}

test('given an entry whose version is newer than any upcaster knows, then reading fails with E_UNKNOWN_VERSION naming it and stui log exits 1', async () => {
  const { home, cleanup } = await threeEntryLog();
  try {
    await withRawDb(home, (db) =>
      putEntry(db, 2, sealEntry(home, { seq: 2, ts: Date.now(), type: 'workspace.edited', v: 7, stream: 's', data: { ops: [] }, prev: new Uint8Array(32) })),
    );
    const log = await openLog({ home });
    const seen: number[] = [];
    try {
      for await (const e of log.read()) seen.push(e.seq);
      assert.unreachable('read should fail');
    } catch (err) {
      const e = err as { code?: string; detail?: { seq?: number; v?: number }; message: string };
      assert.is(e.code, 'E_UNKNOWN_VERSION');
      assert.is(e.detail?.seq, 2);
      assert.is(e.detail?.v, 7);
      assert.match(e.message, /upgrade STUI Sessions/);
    }
    assert.equal(seen, [1]);
    await log.close();
    const r = await stui(['log'], { home });
    assert.is(r.code, 1);
    assert.match(r.stderr, /entry 2: workspace\.edited v7/);
  } finally {
    cleanup();
  }
});

test('given a v1 workspace.edited whose data has the wrong shape, then the upcaster reports E_CORRUPT_ENTRY naming it', async () => {
  const { home, cleanup } = await threeEntryLog();
  try {
    await withRawDb(home, (db) =>
      putEntry(db, 2, sealEntry(home, { seq: 2, ts: Date.now(), type: 'workspace.edited', v: 1, stream: 's', data: { workspace: 'w' }, prev: new Uint8Array(32) })),
    );
    const log = await openLog({ home });
    try {
      // A whole read: the substituted entry is not in the type index, which only points at what was appended.
      for await (const e of log.read()) void e;
      assert.unreachable('read should fail');
    } catch (err) {
      const e = err as { code?: string; detail?: { seq?: number }; message: string };
      assert.is(e.code, 'E_CORRUPT_ENTRY');
      assert.is(e.detail?.seq, 2);
      assert.match(e.message, /workspace\.edited v1 data is not valid/);
    }
    await log.close();
  } finally {
    cleanup();
  }
});

test('given a garbage head record, then opening fails with E_TAMPERED and verify reports it', async () => {
  const { home, cleanup } = await threeEntryLog();
  try {
    await withRawDb(home, (db) => db.put(META_HEAD, Buffer.from('garbage head record bytes, long enough to look sealed')));
    try {
      await openLog({ home });
      assert.unreachable('open should fail');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'E_TAMPERED');
      assert.match((err as Error).message, /head record/);
    }
    const v = await verifyLog({ home });
    assert.is(v.ok, false);
    if (!v.ok) assert.match(v.what, /head record does not open/);
  } finally {
    cleanup();
  }
});

test.run();
