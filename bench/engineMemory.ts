/**
 * Memory of the real engine process while it restores sessions, read from /proc (Linux only):
 *   - a fresh engine on the home (started as the CLI starts it: ensureEngine), left to go idle;
 *     its idle RSS, then VmHWM reset (`echo 5 > /proc/PID/clear_refs`), then every session
 *     restored at the head and at a middle point through the engine's `restore` call (what
 *     `stui restore --json` sends), then VmHWM (peak) and VmRSS (after) over the idle RSS;
 *   - the reference, in the same run and before the engine starts (LevelDB admits one process):
 *     a fresh child process that opens the same log and iterates every entry key raw
 *     (`nextv(1024)`, no unsealing), measured the same way.
 * RssAnon and RssFile are sampled every ~1 ms beside VmHWM: LevelDB maps its table files, so the
 * pages a read touches count in RSS as file pages, not as anything the process allocated.
 * `node dist/bench/engineMemory.js --home DIR [--runs R] [--middle SEQ] [--env K=V ...]`
 * (`--env` sets a variable for the engine only, e.g. NODE_OPTIONS, to try a setting without a rebuild).
 * Not exported as `run()`, so `npm run bench` (bench/run.ts) does not start engines on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { ensureEngine, runningEngine, type EngineClient } from '../engine/client/index.js';
import { isStuiError } from '../engine/errors.js';
import { pidAlive, readPid } from '../engine/daemon/pidfile.js';
import { openLog, type OpenedLog } from '../engine/log/index.js';
import { ENTRY_FIRST, entryKey } from '../engine/log/layout.js';
import type { Db } from '../engine/log/store.js';
import { procMem, waitIdle, type ProcMem } from './peakGrowth.js';
import { invokedDirectly } from './support.js';
import { preferPrivateNetwork } from '../test/resilience/netns.js';

const size = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const mb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${size(bytes)}`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** `peak`: VmHWM over the idle RSS (the kernel's own peak); peakAnon/peakFile: sampled. */
export type Growth = { idle: ProcMem; peak: number; peakAnon: number; peakFile: number; after: ProcMem };

/**
 * Samples RssAnon/RssFile of `pid` about every millisecond on a worker thread: this thread parses
 * megabyte answers (10 ms and more each), during which a timer here would miss short peaks.
 */
const SAMPLER = `
const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
let anon = 0, file = 0;
for (;;) {
  try {
    const t = readFileSync('/proc/' + workerData.pid + '/status', 'utf8');
    anon = Math.max(anon, Number(/^RssAnon:\\s+(\\d+)/m.exec(t)[1]) * 1024);
    file = Math.max(file, Number(/^RssFile:\\s+(\\d+)/m.exec(t)[1]) * 1024);
  } catch {}
  if (Atomics.wait(stop, 0, 0, 1) !== 'timed-out') break;
}
parentPort.postMessage({ anon, file });
`;

/** Idle RSS, VmHWM reset, `fn`, then the growth, with RssAnon/RssFile sampled meanwhile. */
async function growthOf(pid: number, fn: () => Promise<void>): Promise<Growth> {
  await waitIdle(pid, 1_000, 60_000);
  const idle = procMem(pid);
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const sampler = new Worker(SAMPLER, { eval: true, workerData: { pid, stop: stop.buffer } });
  const peaks = new Promise<Pick<ProcMem, 'anon' | 'file'>>((resolve, reject) => sampler.once('message', resolve).once('error', reject));
  try {
    await fn();
  } finally {
    Atomics.store(stop, 0, 1);
    Atomics.notify(stop, 0);
  }
  const after = procMem(pid);
  const { anon, file } = await peaks;
  return { idle, peak: after.hwm - idle.rss, peakAnon: Math.max(anon, after.anon) - idle.anon, peakFile: Math.max(file, after.file) - idle.file, after };
}

/** Child side of the reference: open the log, say so, scan every entry key raw when told to. */
async function referenceChild(home: string): Promise<void> {
  const log: OpenedLog = await openLog({ home });
  // The raw reference needs the LevelDB handle the log keeps private (bench/restore.ts does too).
  const db = (log as unknown as { db: Db }).db;
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(`${JSON.stringify({ head: log.headSeq })}\n`);
  for await (const line of lines) {
    if (line !== 'go') break;
    const it = db.values({ gte: ENTRY_FIRST, lte: entryKey(log.headSeq) });
    let n = 0;
    for (let chunk = await it.nextv(1024); chunk.length > 0; chunk = await it.nextv(1024)) n += chunk.length;
    await it.close();
    process.stdout.write(`${JSON.stringify({ scanned: n })}\n`);
  }
  await log.close();
}

/** The raw-scan reference in a fresh process; also answers the log's head before the engine runs. */
async function measureReference(home: string): Promise<{ head: number; growth: Growth }> {
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(import.meta.url), '--reference-child', '--home', home], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<Record<string, number>> => {
    const r = await lines.next();
    if (r.done) throw new Error('the reference child exited early (is an engine holding the log?)');
    return JSON.parse(r.value) as Record<string, number>;
  };
  try {
    const { head } = await nextLine();
    const growth = await growthOf(child.pid!, async () => {
      child.stdin!.write('go\n');
      await nextLine();
    });
    return { head: head!, growth };
  } finally {
    child.stdin!.end();
    await exited;
  }
}

/** A fresh engine for `home`, as the CLI starts one; its first start may fold the whole log. */
async function startEngine(home: string, env: NodeJS.ProcessEnv): Promise<{ client: EngineClient; pid: number }> {
  const running = await runningEngine(home);
  if (running) {
    running.close();
    throw new Error(`an engine already runs for ${home} (pid ${readPid(home)}); stop it first: this measures a fresh one`);
  }
  let client: EngineClient;
  try {
    client = await ensureEngine(home, env);
  } catch (err) {
    // Without an engine snapshot the first start folds every entry, which can outlast the
    // client's start timeout; the engine goes on starting, so wait for it.
    if (!isStuiError(err) || err.code !== 'E_ENGINE_UNREACHABLE') throw err;
    const until = Date.now() + 600_000;
    let found: EngineClient | null = null;
    while (!found && Date.now() < until) {
      const pid = readPid(home);
      if (pid === null || !pidAlive(pid)) throw err;
      await sleep(1_000);
      found = await runningEngine(home);
    }
    if (!found) throw err;
    client = found;
  }
  const { pid } = await client.call<{ pid: number }>('engine.status');
  return { client, pid };
}

/** As `stui engine stop`; an engine that does not go is terminated: none may be left running. */
async function stopEngine(client: EngineClient, pid: number): Promise<void> {
  await client.call('engine.stop', {}, 30_000).catch(() => undefined);
  client.close();
  for (const signal of [null, 'SIGTERM', 'SIGKILL'] as const) {
    if (signal && pidAlive(pid)) process.kill(pid, signal);
    for (let i = 0; i < 150 && pidAlive(pid); i++) await sleep(100);
  }
}

export interface EngineMemoryOptions {
  home: string;
  /** Sessions to restore; every session the engine lists when absent. */
  sessions?: string[];
  /** The past point; head/2 + 777 of the log before the engine starts when absent (as bench/restore.ts). */
  middle?: number;
  /** Environment for the engine process only (e.g. NODE_OPTIONS). */
  env?: NodeJS.ProcessEnv;
}

export interface EngineMemory {
  head: number;
  middle: number;
  /** Sessions restored (each at the head and at `middle`). */
  sessions: number;
  /** Restores answered (sessions created after the middle point answer E_SESSION_UNKNOWN). */
  answered: number;
  /** Each restore's round trip through the engine, in ms. */
  latencies: number[];
  engine: Growth;
  reference: Growth;
}

/** One run: the raw-scan reference, then a fresh engine restoring every session twice. */
export async function measureEngineRestoreMemory(options: EngineMemoryOptions): Promise<EngineMemory> {
  const { home } = options;
  const reference = await measureReference(home);
  const middle = options.middle ?? Math.floor(reference.head / 2) + 777;
  const { client, pid } = await startEngine(home, options.env ?? {});
  try {
    const sessions = options.sessions ?? (await client.call<{ id: string }[]>('sessions', {})).map((s) => s.id);
    let answered = 0;
    const latencies: number[] = [];
    const engine = await growthOf(pid, async () => {
      for (const at of [undefined, String(middle)]) {
        for (const session of sessions) {
          const args: Record<string, unknown> = { session, text: false };
          if (at !== undefined) args.at = at;
          const t = process.hrtime.bigint();
          try {
            await client.call('restore', args, 120_000);
            answered++;
          } catch (err) {
            // A session created after the middle point did not exist there: asked all the same.
            if (!isStuiError(err) || err.code !== 'E_SESSION_UNKNOWN') throw err;
          }
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
    });
    return { head: reference.head, middle, sessions: sessions.length, answered, latencies, engine, reference: reference.growth };
  } finally {
    await stopEngine(client, pid);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      home: { type: 'string' },
      runs: { type: 'string' },
      middle: { type: 'string' },
      env: { type: 'string', multiple: true },
      'reference-child': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.home) throw new Error('usage: engineMemory.js --home DIR [--runs R] [--middle SEQ] [--env K=V ...]');
  if (values['reference-child']) return referenceChild(values.home);
  const runs = Number(values.runs ?? 3);
  const env = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const results: EngineMemory[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await measureEngineRestoreMemory({
      home: values.home,
      ...(values.middle === undefined ? {} : { middle: Number(values.middle) }),
      env,
    });
    const e = r.engine;
    process.stderr.write(
      `  run ${i + 1}: engine idle ${size(e.idle.rss)} (anon ${size(e.idle.anon)}, file ${size(e.idle.file)}), peak ${mb(e.peak)} ` +
        `(anon ${mb(e.peakAnon)}, file ${mb(e.peakFile)}), after ${mb(e.after.rss - e.idle.rss)} (anon ${mb(e.after.anon - e.idle.anon)}), ` +
        `${r.answered} answers, restore p50 ${median(r.latencies).toFixed(1)} ms, max ${Math.max(...r.latencies).toFixed(1)} ms; raw scan peak ${mb(r.reference.peak)} (anon ${mb(r.reference.peakAnon)}, file ${mb(r.reference.peakFile)})\n`,
    );
    results.push(r);
  }
  const m = (f: (r: EngineMemory) => number): number => median(results.map(f));
  const last = results[results.length - 1]!;
  const ratio = (a: number, b: number): string => (a / Math.max(2 ** 20, b)).toFixed(2);
  const [peak, ref] = [m((r) => r.engine.peak), m((r) => r.reference.peak)];
  const [anon, refAnon] = [m((r) => r.engine.peakAnon), m((r) => r.reference.peakAnon)];
  const [file, refFile] = [m((r) => r.engine.peakFile), m((r) => r.reference.peakFile)];
  const all = results.flatMap((r) => r.latencies);
  const rows: [string, string, string, string][] = [
    [`engine RSS (VmHWM), ${last.sessions} sessions restored twice`, `idle ${size(m((r) => r.engine.idle.rss))}; peak ${mb(peak)}, after ${mb(m((r) => r.engine.after.rss - r.engine.idle.rss))}`, `raw scan child: peak ${mb(ref)}`, `peak/raw ${ratio(peak, ref)} (aim < 5 MB)`],
    ['  of it anonymous (RssAnon, sampled)', `peak ${mb(anon)}, after ${mb(m((r) => r.engine.after.anon - r.engine.idle.anon))}`, `raw scan child: peak ${mb(refAnon)}`, `peak/raw ${ratio(anon, refAnon)} (aim < 5 MB)`],
    ['  of it mapped table files (RssFile)', `peak ${mb(file)}`, `raw scan child: peak ${mb(refFile)}`, `peak/raw ${ratio(file, refFile)}`],
    ['restore through the engine (round trip)', `p50 ${median(all).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`, '', ''],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(
    `engine memory bench: ${last.head.toLocaleString('en-US')}-entry log in ${values.home}, restores at the head and at seq ${last.middle.toLocaleString('en-US')} through the engine, median of ${runs} runs` +
      (values.env?.length ? `, engine env ${values.env.join(' ')}` : ''),
  );
  for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padEnd(w[1]!)}  ${r[2].padEnd(w[2]!)}  ${r[3]}`.trimEnd());
}

if (invokedDirectly(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (!argv.includes('--reference-child')) {
    // The engine dials every image the log registers: keep those dials off the host's network.
    const where = await preferPrivateNetwork(import.meta.url, argv);
    process.stderr.write(`engine memory bench: ${where === 'private' ? 'in a private network namespace (loopback only)' : 'in the host network'}\n`);
  }
  await main(argv);
}
