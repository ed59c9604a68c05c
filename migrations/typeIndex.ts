import { registerStoreMigration } from './storeFormat.js';
import type { BatchOp } from '../engine/log/store.js';

/**
 * Format 2 could find a stream's entries through its index but a type's only by decrypting the
 * whole log (`stui log --type engine` read a million entries to show a few hundred). Format 3 adds
 * the keyed per-type index, `'t' tag(type) firstSeq` listing that type's seqs, and the sealed
 * list of the types the log holds, which a prefix is matched against.
 */
registerStoreMigration({
  id: 'type-index',
  from: 2,
  to: 3,
  summary: 'build the keyed per-type index',
  async run(ctx) {
    const types = new Set<string>();
    for await (const block of ctx.entryBlocks()) {
      for (const e of block) types.add(e.type);
      const ops: BatchOp[] = ctx.typeIndexRecords(block).map((r) => ({ type: 'put', key: r.key, value: r.value }));
      if (ops.length > 0) await ctx.db.batch(ops);
    }
    // The format bump that follows is written with sync, which makes these durable too.
    await ctx.db.batch([ctx.typeListOp(types)]);
  },
});
