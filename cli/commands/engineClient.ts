import type { CommandContext } from '../command.js';
import { ensureEngine, type EngineClient } from '../../engine/client/index.js';

/**
 * Runs `fn` with a client of the home's engine, starting the engine in the background if none
 * runs (the way every client after the first attaches to the one engine, as with tmux).
 */
export async function withEngine<T>(ctx: CommandContext, fn: (client: EngineClient) => Promise<T>): Promise<T> {
  const client = await ensureEngine(ctx.home, ctx.env);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value) + '\n');
}
