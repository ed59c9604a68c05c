import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../protocol/index.js';
import { DEFAULT_EVAL_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_PORT, ImageServer } from '../../image/server/server.js';

function intOption(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} needs a whole number ≥ ${min}, got "${String(raw)}"`);
  return n;
}

export const imageServe: Command = {
  name: ['image', 'serve'],
  summary: 'run a reference Smalltalk image in the foreground, serving the STUI protocol',
  usage:
    'image serve --name N [--host H] [--port P] [--state DIR] [--curve] [--max-message-bytes B] [--eval-timeout MS] [--heartbeat-ms MS]',
  help: [
    `Listens on tcp://H:P (default host 127.0.0.1, default port ${DEFAULT_PORT}; --port 0 picks a free port).`,
    'The first line on stdout is exactly: listening tcp://H:P image=<imageId>',
    'With --curve the next line is: curve-public-key <z85 key> (clients need it to connect).',
    '--state DIR keeps identity, globals, workspaces, reply records and the CURVE key across restarts;',
    'without it every start is a fresh image with a new imageId.',
    `Limits: --max-message-bytes (default ${DEFAULT_MAX_MESSAGE_BYTES}), --eval-timeout in ms (default ${DEFAULT_EVAL_TIMEOUT_MS}),`,
    `--heartbeat-ms (default ${DEFAULT_HEARTBEAT_MS}). SIGTERM or SIGINT stops the image cleanly.`,
  ].join('\n'),
  options: {
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    state: { type: 'string' },
    curve: { type: 'boolean' },
    'max-message-bytes': { type: 'string' },
    'eval-timeout': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
  },
  async run(ctx, values) {
    const port = intOption(values, 'port', 0) ?? DEFAULT_PORT;
    if (port > 65535) throw new UsageError(`--port must be 0..65535, got ${port}`);
    // Signal handlers go in first: whoever reads the first line may signal at once.
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((done) => {
      stop = (): void => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        done();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    let server: ImageServer;
    try {
      server = await ImageServer.start({
        name: values.name as string | undefined,
        host: (values.host as string | undefined) ?? '127.0.0.1',
        port,
        stateDir: values.state ? resolve(values.state as string) : undefined,
        curve: values.curve === true,
        maxMessageBytes: intOption(values, 'max-message-bytes', 256),
        evalTimeoutMs: intOption(values, 'eval-timeout', 1),
        heartbeatMs: intOption(values, 'heartbeat-ms', 50),
        log: (line) => ctx.stderr.write(`stui image: ${line}\n`),
      });
    } catch (err) {
      stop();
      throw err;
    }
    ctx.stdout.write(`listening ${server.address} image=${server.identity.imageId}\n`);
    if (server.curvePublicKey) ctx.stdout.write(`curve-public-key ${server.curvePublicKey}\n`);
    await stopped;
    await server.close();
    return 0;
  },
};
