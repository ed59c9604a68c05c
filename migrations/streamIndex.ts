import { registerStoreMigration } from './storeFormat.js';
import type { BatchOp } from '../engine/log/store.js';

/**
 * Format 1 kept entries only, so reading one stream meant decrypting the whole log. Format 2 adds
 * the keyed per-stream index: records `'s' tag(stream) firstSeq` listing that stream's seqs.
 */
registerStoreMigration({
  id: 'stream-index',
  from: 1,
  to: 2,
  summary: 'build the keyed per-stream index',
  async run(ctx) {
    for await (const block of ctx.entryBlocks()) {
      const ops: BatchOp[] = ctx.indexRecords(block).map((r) => ({ type: 'put', key: r.key, value: r.value }));
      if (ops.length > 0) await ctx.db.batch(ops);
    }
    // The format bump that follows is written with sync, which makes these durable too.
  },
});
