import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { checkAddress } from '../../engine/session/decide.js';
import { printJson, withEngine } from './engineClient.js';

export const imageAdd: Command = {
  name: ['image', 'add'],
  summary: 'register an image; the engine connects to it now and after every restart',
  usage: 'image add NAME tcp://HOST:PORT [--server-key KEY]',
  help: '--server-key KEY: the image serves CURVE-encrypted (stui image serve --curve); KEY is the\npublic key it printed on its curve-public-key line. The engine\'s own key pair is kept in the home.',
  options: { 'server-key': { type: 'string' } },
  positionals: true,
  async run(ctx, values, positionals) {
    if (positionals.length !== 2) throw new UsageError('usage: stui image add NAME tcp://HOST:PORT [--server-key KEY]');
    const [name, address] = positionals as [string, string];
    checkAddress(address);
    const args: Record<string, unknown> = { name, address };
    if (typeof values['server-key'] === 'string') args.serverKey = values['server-key'];
    const r = await withEngine(ctx, (c) => c.call<{ seq: number }>('image.add', args));
    ctx.stdout.write(`registered image ${name} at ${address} (seq ${r.seq})\n`);
  },
};

export const imageRemove: Command = {
  name: ['image', 'remove'],
  summary: 'unregister an image; its sessions become orphaned (history kept)',
  usage: 'image remove NAME',
  options: {},
  positionals: true,
  async run(ctx, _values, positionals) {
    if (positionals.length !== 1) throw new UsageError('usage: stui image remove NAME');
    const name = positionals[0]!;
    const r = await withEngine(ctx, (c) => c.call<{ seq: number }>('image.remove', { name }));
    ctx.stdout.write(`removed image ${name} (seq ${r.seq})\n`);
  },
};

export const imageList: Command = {
  name: ['image', 'list'],
  summary: 'registered images: name, address, imageId, state, latencyMs, sessions',
  usage: 'image list [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const json = values.json === true;
    const out = await withEngine(ctx, (c) => c.call<unknown>('image.list', { text: !json }));
    if (json) printJson(ctx, out);
    else ctx.stdout.write(String(out).replace(/\n?$/, '\n'));
  },
};
