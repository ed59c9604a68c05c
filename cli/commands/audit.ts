import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { auditAtHead, auditRows, renderAudit } from '../../projections/index.js';
import { printJson } from './engineClient.js';
import { readHistory } from './logReader.js';

export const run: CommandRun = async (ctx, values) => {
  if (values.image !== undefined && String(values.image) === '') throw new UsageError('--image needs an image name (see stui image list)');
  const filter = values.image === undefined ? {} : { image: String(values.image) };
  const json = values.json === true;
  const out = await readHistory<unknown>(
    ctx,
    json ? [] : 'no connection history yet',
    (engine) => engine.call('audit', { ...filter, text: !json }),
    async (log) => {
      const state = await auditAtHead(log, true);
      return json ? auditRows(state, filter) : renderAudit(state, { ...filter, nowMs: Date.now() });
    },
  );
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
  return 0;
};
