import type { CommandRun } from '../command.js';
import { StuiError } from '../../engine/errors.js';
import { verifyLog } from '../../engine/log/index.js';
import { checkKey, runningEngine, verifyViaEngine } from '../../engine/client/index.js';

export const run: CommandRun = async (ctx) => {
  const engine = await runningEngine(ctx.home);
  let result;
  if (engine) {
    // The engine owns the store while it runs; it walks the chain of its open log. The key is
    // checked here first so a wrong passphrase is refused whoever holds the store.
    try {
      checkKey(ctx.home, ctx.env);
      result = await verifyViaEngine(engine);
    } finally {
      engine.close();
    }
  } else {
    result = await verifyLog({ home: ctx.home, passphrase: ctx.env.STUI_PASSPHRASE });
  }
  if (!result.ok) {
    // Thrown so the exit code comes from the one mapping in engine/errors.ts (4 for integrity).
    const code = result.code === 'E_CORRUPT_ENTRY' ? 'E_CORRUPT_ENTRY' : 'E_TAMPERED';
    throw new StuiError(code, `verify failed at entry ${result.seq}: ${result.what}`, {
      seq: result.seq,
      what: result.what,
      entriesChecked: result.entriesChecked,
    });
  }
  ctx.stdout.write(`ok ${result.entries} entries head ${Buffer.from(result.head).toString('hex')}\n`);
  return 0;
};
