import { StuiError } from '../errors.js';
import { openEntry } from './codec.js';
import { ENTRY_END, ENTRY_FIRST, ZERO_HASH, hash32, seqOfEntryKey } from './layout.js';
import { readHead, type Db } from './store.js';
import type { Entry } from './types.js';

/**
 * Walks the whole chain: every entry must open, decode, carry its own seq, follow its predecessor
 * without a gap, name the hash of its predecessor's sealed value as `prev`, and not go back in
 * time; the head record must name the newest entry and its hash. The first violation is reported.
 */

export type VerifyResult =
  | { ok: true; entries: number; head: Uint8Array }
  | { ok: false; seq: number; code: string; what: string; entriesChecked: number };

const CHUNK = 256;

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export async function walkChain(db: Db, key: Uint8Array): Promise<VerifyResult> {
  let expected = 1;
  let prevHash: Uint8Array = ZERO_HASH;
  let lastTs = 0;
  const bad = (seq: number, code: string, what: string): VerifyResult => ({ ok: false, seq, code, what, entriesChecked: expected - 1 });

  const it = db.iterator({ gte: ENTRY_FIRST, lt: ENTRY_END });
  try {
    for (;;) {
      const chunk = await it.nextv(CHUNK);
      if (chunk.length === 0) break;
      for (const [k, value] of chunk) {
        const seq = seqOfEntryKey(k);
        if (seq === undefined) return bad(expected, 'E_TAMPERED', `a stored key after entry ${expected - 1} is not an entry key`);
        if (seq !== expected) return bad(expected, 'E_TAMPERED', `entry ${expected} is missing (the next stored entry is ${seq})`);
        let entry: Entry;
        try {
          entry = openEntry(key, seq, value);
        } catch (err) {
          if (err instanceof StuiError) return bad(seq, err.code, String(err.detail.what ?? err.message));
          throw err;
        }
        if (!Buffer.from(entry.prev).equals(prevHash)) {
          return bad(seq, 'E_TAMPERED', seq === 1
            ? 'the first entry does not start the chain (prev is not zero): entries before it were removed or it was replaced'
            : `the chain is broken: prev does not match the hash of entry ${seq - 1} (entry ${seq - 1} or ${seq} was replaced)`);
        }
        if (entry.ts < lastTs) return bad(seq, 'E_TAMPERED', `its time goes back before entry ${seq - 1}'s`);
        prevHash = hash32(value);
        lastTs = entry.ts;
        expected++;
      }
    }
  } finally {
    await it.close();
  }

  const count = expected - 1;
  const head = await readHead(db, key);
  if (head.state === 'absent') {
    if (count === 0) return { ok: true, entries: 0, head: ZERO_HASH };
    return bad(count, 'E_TAMPERED', 'the head record is missing');
  }
  if (head.state === 'unreadable') return bad(Math.max(count, 1), 'E_TAMPERED', 'the head record does not open');
  const h = head.head;
  if (h.seq > count) {
    return bad(count + 1, 'E_TAMPERED', `entry ${count + 1} is missing: the head record says the log ends at entry ${h.seq}, the newest stored entry is ${count}`);
  }
  if (h.seq < count) return bad(h.seq + 1, 'E_TAMPERED', `entry ${h.seq + 1} was added outside the log: the head record says the log ends at entry ${h.seq}`);
  if (!Buffer.from(h.hash).equals(prevHash)) {
    return bad(count, 'E_TAMPERED', `the newest entry does not match the head record (head hash ${hex(h.hash).slice(0, 16)}…)`);
  }
  return { ok: true, entries: count, head: prevHash };
}
