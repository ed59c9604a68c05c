/**
 * What a home's store holds, in bytes of keys and values per key family (the one-byte prefixes of
 * engine/log/layout.ts and engine/log/snapshots.ts), read raw from a store no process holds.
 * Only the prefixes are relied on, so a change of snapshot contents or format is measured, not
 * broken: an unknown prefix is shown as its own family.
 */
import { Level } from 'level';
import { join } from 'node:path';

const FAMILIES: Record<string, string> = { e: 'entries', p: 'snapshots', s: 'stream index', m: 'meta' };

export type StoreBytes = Map<string, { bytes: number; records: number }>;

export async function storeBytes(home: string): Promise<StoreBytes> {
  const db = new Level<Buffer, Buffer>(join(home, 'log'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  const out: StoreBytes = new Map();
  try {
    const it = db.iterator({ highWaterMarkBytes: 4 * 2 ** 20 });
    for (let chunk = await it.nextv(1024); chunk.length > 0; chunk = await it.nextv(1024)) {
      for (const [k, v] of chunk) {
        const prefix = String.fromCharCode(k[0] ?? 0);
        const family = FAMILIES[prefix] ?? `other '${prefix}'`;
        const f = out.get(family) ?? { bytes: 0, records: 0 };
        f.bytes += k.length + v.length;
        f.records++;
        out.set(family, f);
      }
    }
    await it.close();
  } finally {
    await db.close();
  }
  return out;
}
