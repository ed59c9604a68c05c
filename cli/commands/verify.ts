import type { CommandContext, CommandRun } from '../command.js';
import { StuiError } from '../../engine/errors.js';
import { verifyLog, type VerifyResult } from '../../engine/log/index.js';
import { progressLine } from '../progress.js';
import { checkKey, verifyViaEngine } from '../../engine/client/index.js';
import { readThroughOwner } from './logReader.js';

/** The engine walks the chain of its open log while it runs; otherwise this process opens it. */
function walk(ctx: CommandContext, onProgress: (checked: number, total: number) => void): Promise<VerifyResult> {
  return readThroughOwner(
    ctx,
    (engine) => {
      // The key is checked here first so a wrong passphrase is refused whoever holds the store.
      checkKey(ctx.home, ctx.env);
      return verifyViaEngine(engine, { onProgress });
    },
    () => verifyLog({ home: ctx.home, passphrase: ctx.env.STUI_PASSPHRASE, onProgress }),
  );
}

export const run: CommandRun = async (ctx) => {
  const progress = progressLine(ctx.stderr, 'verify', 'entries');
  let result: VerifyResult;
  try {
    result = await walk(ctx, (checked, total) => progress.update(checked, total));
  } finally {
    progress.end();
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
