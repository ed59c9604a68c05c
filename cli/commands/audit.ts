import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { auditProjection, auditRows, renderAudit, restoreAt } from '../../projections/index.js';
import { withLog } from './readLog.js';

export const run: CommandRun = async (ctx, values) => {
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
};
