import { registerStoreMigration } from './storeFormat.js';
import type { BatchOp } from '../engine/log/store.js';
import type { Entry } from '../engine/log/types.js';

/**
 * Format 2 could find a stream's entries through its index but a type's only by decrypting the
 * whole log (`stui log --type engine` read a million entries to show a few hundred). Format 3 adds
 * the keyed per-type index, `'t' tag(type) firstSeq` listing that type's seqs, and the sealed
 * list of the types the log holds, which a prefix is matched against.
 */
const BLOCK = 4096;

registerStoreMigration({
  id: 'type-index',
  from: 2,
  to: 3,
  summary: 'build the keyed per-type index',
  async run(ctx) {
    const types = new Set<string>();
    let block: Entry[] = [];
    const flush = async (): Promise<void> => {
      const ops: BatchOp[] = ctx.typeIndexRecords(block).map((r) => ({ type: 'put', key: r.key, value: r.value }));
      if (ops.length > 0) await ctx.db.batch(ops);
      block = [];
    };
    // Records are cut where seqs cross a multiple of BLOCK, never where a read happened to stop:
    // a run cut short and run again writes the same keys, so no two records overlap.
    for await (const chunk of ctx.entryChunks()) {
      for (const e of chunk) {
        types.add(e.type);
        block.push(e);
        if (e.seq % BLOCK === 0) await flush();
      }
    }
    await flush();
    // The format bump that follows is written with sync, which makes these durable too.
    await ctx.db.batch([ctx.typeListOp(types)]);
  },
});
