import type { CommandContext, CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { logExists, openLog, type Entry, type ReadOptions } from '../../engine/log/index.js';
import { checkKey, readLogViaEngine, runningEngine } from '../../engine/client/index.js';

/** A positive integer flag value, or a usage error that names the flag. */
export function parseSeqFlag(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < 1) {
    throw new UsageError(`--${name} takes a log position (a whole number from 1), not "${s}"`);
  }
  return Number(s);
}

/** JSON for any decoded CBOR: bytes as hex, big integers as strings, Maps as objects. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Map) return Object.fromEntries(value);
  if (value === undefined) return null;
  return value;
}

function toJson(e: Entry): Record<string, unknown> {
  return {
    seq: e.seq,
    ts: new Date(e.ts).toISOString(),
    type: e.type,
    v: e.v,
    stream: e.stream,
    data: e.data === undefined ? null : e.data,
    prev: Buffer.from(e.prev).toString('hex'),
  };
}

function line(e: Entry): string {
  return `${e.seq}  ${new Date(e.ts).toISOString()}  ${e.type}  ${e.stream}  ${JSON.stringify(e.data ?? null, jsonSafe)}`;
}

export const run: CommandRun = async (ctx: CommandContext, values) => {
  const from = parseSeqFlag('from', values.from);
  const to = parseSeqFlag('to', values.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new UsageError(`--from ${from} is after --to ${to}; give --from SEQ no greater than --to SEQ`);
  }
  const type = values.type === undefined ? undefined : String(values.type);
  const json = values.json === true;
  if (!logExists(ctx.home)) {
    // Nothing recorded yet is not an error; opening would create a key and a log as a side effect.
    if (json) ctx.stdout.write('[]\n');
    else ctx.stderr.write(`stui: no log in ${ctx.home} yet\n`);
    return 0;
  }
  const options: ReadOptions = { from, to, type };
  // The key is checked here even when an engine serves the home: a wrong passphrase reads nothing.
  checkKey(ctx.home, ctx.env);
  // While an engine runs it owns the store; it answers from its open log, page by page.
  const engine = await runningEngine(ctx.home);
  const log = engine ? null : await openLog({ home: ctx.home, passphrase: ctx.env.STUI_PASSPHRASE, readOnly: true });
  const entries = engine ? readLogViaEngine(engine, options) : log!.read(options);
  try {
    let first = true;
    if (json) ctx.stdout.write('[');
    for await (const e of entries) {
      if (json) {
        ctx.stdout.write((first ? '\n' : ',\n') + JSON.stringify(toJson(e), jsonSafe));
        first = false;
      } else {
        ctx.stdout.write(line(e) + '\n');
      }
    }
    if (json) ctx.stdout.write(first ? ']\n' : '\n]\n');
  } finally {
    engine?.close();
    await log?.close();
  }
  return 0;
};
