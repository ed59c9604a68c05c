import { registerStoreMigration } from './storeFormat.js';
import type { BatchOp } from '../engine/log/store.js';
import type { Entry } from '../engine/log/types.js';

/**
 * Format 1 kept entries only, so reading one stream meant decrypting the whole log. Format 2 adds
 * the keyed per-stream index: records `'s' tag(stream) firstSeq` listing that stream's seqs.
 */
const CHUNK = 4096;

registerStoreMigration({
  id: 'stream-index',
  from: 1,
  to: 2,
  summary: 'build the keyed per-stream index',
  async run(ctx) {
    let chunk: Entry[] = [];
    const flush = async (): Promise<void> => {
      const ops: BatchOp[] = ctx.indexRecords(chunk).map((r) => ({ type: 'put', key: r.key, value: r.value }));
      if (ops.length > 0) await ctx.db.batch(ops);
      chunk = [];
    };
    for await (const entry of ctx.entries()) {
      chunk.push(entry);
      if (chunk.length >= CHUNK) await flush();
    }
    // The format bump that follows is written with sync, which makes these durable too.
    await flush();
  },
});
