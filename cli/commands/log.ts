import type { CommandContext, CommandRun } from '../command.js';
import { UsageError } from '../../engine/errors.js';
import { jsonSafe, logExists, type Entry, type ReadOptions } from '../../engine/log/index.js';
import { checkKey, readLogViaEngine } from '../../engine/client/index.js';
import { readHistory } from './logReader.js';
import { parseSeqFlag } from './seqFlag.js';

/** As jsonSafe, with a missing value as null: a field of an entry is never left out. */
const entryJsonSafe = (key: string, value: unknown): unknown => (value === undefined ? null : jsonSafe(key, value));

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
  return `${e.seq}  ${new Date(e.ts).toISOString()}  ${e.type}  ${e.stream}  ${JSON.stringify(e.data ?? null, entryJsonSafe)}`;
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
  const print = async (entries: AsyncIterable<Entry>): Promise<void> => {
    let first = true;
    if (json) ctx.stdout.write('[');
    for await (const e of entries) {
      if (json) {
        ctx.stdout.write((first ? '\n' : ',\n') + JSON.stringify(toJson(e), entryJsonSafe));
        first = false;
      } else {
        ctx.stdout.write(line(e) + '\n');
      }
    }
    if (json) ctx.stdout.write(first ? ']\n' : '\n]\n');
  };
  // While an engine runs it owns the store; it answers from its open log, page by page.
  await readHistory(
    ctx,
    undefined,
    (engine) => print(readLogViaEngine(engine, options)),
    (log) => print(log.read(options)),
  );
  return 0;
};
