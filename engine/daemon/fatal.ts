/**
 * How the background engine reports why it could not start: one `fatal: {json}` line on stderr
 * (which is `<home>/engine.log`). The CLI that spawned it reads that line back and rethrows the
 * same StuiError, so a refusal exits with the same code whether it happened in the CLI or here.
 */
import { StuiError, isStuiError, type ErrorCode } from '../errors.js';

const PREFIX = 'fatal: ';

export function fatalLine(err: unknown): string {
  const body = isStuiError(err)
    ? { code: err.code, message: err.message, detail: err.detail }
    : { code: 'E_FAILED', message: `the engine crashed while starting: ${(err as Error)?.message ?? String(err)}`, detail: {} };
  return `${PREFIX}${JSON.stringify(body)}\n`;
}

/** The last fatal report in a chunk of engine.log, as the error it stands for. */
export function parseFatal(text: string): StuiError | null {
  const lines = text.split('\n').filter((l) => l.startsWith(PREFIX));
  const last = lines[lines.length - 1];
  if (!last) return null;
  try {
    const v = JSON.parse(last.slice(PREFIX.length)) as { code: ErrorCode; message: string; detail?: Record<string, unknown> };
    return new StuiError(v.code, v.message, v.detail ?? {});
  } catch {
    return null;
  }
}
