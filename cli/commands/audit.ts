import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { auditProjection, auditRows, renderAudit, restoreAt } from '../../projections/index.js';
import { withLog } from './readLog.js';

export const auditCommand: Command = {
  name: ['audit'],
  summary: 'connection history per image: seq, ts, image, event, detail; downtime per outage',
  usage: 'audit [--image N] [--json]',
  help:
    'One row per image and connection event, oldest first, then each outage (from connection.lost to\n' +
    'the reconnection that healed it) with its downtime. --image N keeps one image. --json prints a\n' +
    'JSON array of {seq, ts, image, event, detail}; the row that ends an outage also has downtimeMs.',
  options: { image: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
    if (values.image !== undefined && String(values.image) === '') throw new UsageError('--image needs an image name (see stui image list)');
    const filter = values.image === undefined ? {} : { image: String(values.image) };
    const json = values.json === true;
    const state = await withLog(ctx, null, async (log, save) => (await restoreAt(log, auditProjection, {}, { save })).state);
    if (json) {
      ctx.stdout.write(JSON.stringify(state ? auditRows(state, filter) : []) + '\n');
      return 0;
    }
    const text = state ? renderAudit(state, { ...filter, nowMs: Date.now() }) : 'no connection history yet';
    ctx.stdout.write(text + '\n');
    return 0;
  },
};
