import { resolve } from 'node:path';
import type { CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { DEFAULT_PORT, ImageServer } from '../../image/server/server.js';

function intOption(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} needs a whole number ≥ ${min}, got "${String(raw)}"`);
  return n;
}

export const run: CommandRun = async (ctx, values) => {
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
};
