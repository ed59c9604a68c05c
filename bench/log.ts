/**
 * Log throughput, against references measured in the same run:
 *   - sealed, chained, durable appends (group commit, many concurrent appenders)
 *     vs raw synced LevelDB batches of the same value sizes with the same group commit
 *     vs hypercore appends of the same payloads
 *   - sequential decrypt-and-decode reads vs a raw LevelDB iterator over the same store
 * Prints one table. `node dist/bench/log.js [--appends N] [--writers W] [--rounds R]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Level } from 'level';
import Hypercore from 'hypercore';
import { openLog, type NewEvent } from '../engine/log/index.js';
import { encodeEntry } from '../engine/log/codec.js';
import { GroupCommit } from '../engine/log/groupCommit.js';
import { entryKey, ENTRY_END, ENTRY_FIRST } from '../engine/log/layout.js';
import type { BatchOp } from '../engine/log/store.js';
import { invokedDirectly } from './support.js';

interface Options {
  appends: number;
  writers: number;
  rounds: number;
}

/** Realistic events: evaluations with a few lines of code, as the engine records them. */
function makeEvents(n: number): NewEvent[] {
  const snippets = ['3 + 4', 'Smalltalk at: #Foo put: 42', '(1 to: 100) inject: 0 into: [:a :b | a + b]', 'Transcript show: \'hello\'; cr'];
  return Array.from({ length: n }, (_, i) => ({
    type: 'eval.requested',
    stream: `session-${i % 8}`,
    data: { request: `r-${i}`, workspace: `ws-${i % 3}`, code: `${snippets[i % snippets.length]}.\n"${'x'.repeat(60 + (i % 40))}"` },
  }));
}

/** Plaintext sizes of the events as the log would encode them, so references write the same bytes. */
function payloads(events: NewEvent[]): Buffer[] {
  return events.map((e, i) =>
    Buffer.from(encodeEntry({ seq: i + 1, ts: Date.now(), type: e.type, v: 1, stream: e.stream, data: e.data, prev: new Uint8Array(32) })),
  );
}

/** Runs `writers` concurrent appenders, each awaiting its own appends, until `n` are done. */
async function drive(n: number, writers: number, appendOne: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < n; i = next++) await appendOne(i);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function tempHome(label: string): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `stui-bench-${label}-`));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

interface RoundResult {
  sealed: number;
  raw: number;
  hypercore: number;
  read: number;
  rawRead: number;
  batches: number;
}

async function round(events: NewEvent[], bytes: Buffer[], o: Options): Promise<RoundResult> {
  const n = events.length;
  // Sealed log.
  const s = tempHome('sealed');
  const log = await openLog({ home: s.dir });
  const sealedSecs = await drive(n, o.writers, (i) => log.append([events[i]!]));
  const batches = log.stats.batches;
  let t = process.hrtime.bigint();
  let count = 0;
  for await (const e of log.read()) if (e.seq > 0) count++;
  const readSecs = Number(process.hrtime.bigint() - t) / 1e9;
  if (count !== n) throw new Error(`read ${count} of ${n}`);
  await log.close();
  // Raw iterator over the very same store: no unsealing, no decoding.
  const db0 = new Level<Buffer, Buffer>(join(s.dir, 'log'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db0.open();
  t = process.hrtime.bigint();
  const it = db0.iterator({ gte: ENTRY_FIRST, lt: ENTRY_END });
  let rawCount = 0;
  for (let chunk = await it.nextv(256); chunk.length > 0; chunk = await it.nextv(256)) rawCount += chunk.length;
  await it.close();
  const rawReadSecs = Number(process.hrtime.bigint() - t) / 1e9;
  await db0.close();
  if (rawCount !== n) throw new Error(`raw read ${rawCount} of ${n}`);
  s.done();

  // Raw LevelDB: the same group commit, values of the sealed size (plaintext + nonce + MAC).
  const r = tempHome('raw');
  const db = new Level<Buffer, Buffer>(join(r.dir, 'log'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  const commit = new GroupCommit<number>((ops) => db.batch(ops, { sync: true }), () => [], () => undefined);
  const sealedSize = bytes.map((b) => Buffer.alloc(b.length + 40, 7));
  const rawSecs = await drive(n, o.writers, (i) => {
    const ops: BatchOp[] = [{ type: 'put', key: entryKey(i + 1), value: sealedSize[i]! }];
    return commit.enqueue({ ops, result: i });
  });
  await db.close();
  r.done();

  // hypercore: the same plaintext payloads, the same concurrency.
  const h = tempHome('hypercore');
  const core = new Hypercore(join(h.dir, 'core'));
  await core.ready();
  const hcSecs = await drive(n, o.writers, (i) => core.append(bytes[i]!));
  if (core.length !== n) throw new Error(`hypercore holds ${core.length} of ${n}`);
  await core.close();
  h.done();

  return { sealed: n / sealedSecs, raw: n / rawSecs, hypercore: n / hcSecs, read: n / readSecs, rawRead: n / rawReadSecs, batches };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { appends: { type: 'string' }, writers: { type: 'string' }, rounds: { type: 'string' } },
    strict: true,
  });
  const o: Options = {
    appends: Number(values.appends ?? 20000),
    writers: Number(values.writers ?? 64),
    rounds: Number(values.rounds ?? 3),
  };
  const events = makeEvents(o.appends);
  const bytes = payloads(events);
  const avg = bytes.reduce((a, b) => a + b.length, 0) / bytes.length;
  // One small unmeasured round first, so every contender runs JIT-compiled code when measured.
  const warm = Math.min(2000, o.appends);
  await round(events.slice(0, warm), bytes.slice(0, warm), o);
  const results: RoundResult[] = [];
  for (let i = 0; i < o.rounds; i++) results.push(await round(events, bytes, o));
  const m = (k: keyof RoundResult): number => median(results.map((x) => x[k]));
  const sealed = m('sealed');
  const raw = m('raw');
  const hc = m('hypercore');
  const read = m('read');
  const rawRead = m('rawRead');
  const rows: [string, string, string][] = [
    ['sealed+chained durable appends (group commit)', `${fmt(sealed)}/s`, `${fmt(m('batches'))} synced batches`],
    ['raw synced LevelDB batches, same sizes', `${fmt(raw)}/s`, `sealed/raw ${(sealed / raw).toFixed(2)} (aim >= 0.5)`],
    ['hypercore appends, same payloads', `${fmt(hc)}/s`, `sealed/hypercore ${(sealed / hc).toFixed(2)}x (aim >= 2x)`],
    ['sequential decrypt+decode+upcast reads', `${fmt(read)}/s`, ''],
    ['raw LevelDB iterator, same store', `${fmt(rawRead)}/s`, `read/raw ${(read / rawRead).toFixed(2)}`],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`log bench: ${o.appends} appends of ~${Math.round(avg)} B plaintext, ${o.writers} concurrent appenders, median of ${o.rounds} rounds`);
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
