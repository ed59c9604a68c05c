import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { checkAddress } from '../../engine/session/decide.js';
import { printJson, withEngine } from './engineClient.js';

export const imageAdd: CommandRun = async (ctx, values, positionals) => {
  if (positionals.length !== 2) throw new UsageError('usage: stui image add NAME tcp://HOST:PORT [--server-key KEY]');
  const [name, address] = positionals as [string, string];
  checkAddress(address);
  const args: Record<string, unknown> = { name, address };
  if (typeof values['server-key'] === 'string') args.serverKey = values['server-key'];
  const r = await withEngine(ctx, (c) => c.call<{ seq: number }>('image.add', args));
  ctx.stdout.write(`registered image ${name} at ${address} (seq ${r.seq})\n`);
};

export const imageRemove: CommandRun = async (ctx, _values, positionals) => {
  if (positionals.length !== 1) throw new UsageError('usage: stui image remove NAME');
  const name = positionals[0]!;
  const r = await withEngine(ctx, (c) => c.call<{ seq: number }>('image.remove', { name }));
  ctx.stdout.write(`removed image ${name} (seq ${r.seq})\n`);
};

export const imageList: CommandRun = async (ctx, values) => {
  const json = values.json === true;
  const out = await withEngine(ctx, (c) => c.call<unknown>('image.list', { text: !json }));
  if (json) printJson(ctx, out);
  else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
};
