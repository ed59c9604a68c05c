/**
 * Every command as a user feels it: whole `stui` processes (spawn to exit, median of --runs),
 * cold (page cache dropped before each run, when running as root) and warm, on a large generated
 * log, each beside a bare `node -e 0` and beside the same command run through the CLI's `main`
 * inside this process (no process start, modules loaded), plus the engine's peak RSS growth
 * while it restores, verify's rate, module loading and what the store holds.
 * Only the CLI's contract is used (its commands and their output), so it measures whatever the
 * engine does behind it.
 *   node dist/bench/cli.js [--home DIR] [--events N] [--runs R]
 * DIR (default $TMPDIR/stui-bench-cli-N) is generated when it holds no log; it is only read: the
 * bench works on a copy, which it removes at the end.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate.js';
import { measureModuleLoading } from './moduleLoading.js';
import { peakGrowth, waitIdle } from './peakGrowth.js';
import { dropCaches, median, timeCase, timeInProcess, timeInProcessCase, timeNode, timeStui, type Timed } from './processTimes.js';
import { storeBytes } from './storeBytes.js';
import { invokedDirectly } from './support.js';
import { cliTable, type Row } from './cliTable.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface EngineStatus {
  running: boolean;
  pid: number | null;
}

const status = (home: string): EngineStatus => JSON.parse(timeStui(home, ['engine', 'status', '--json']).stdout) as EngineStatus;

function stopEngine(home: string): void {
  timeStui(home, ['engine', 'stop']);
}

/** Starts the engine and waits until it answers (a first start may fold the whole log for a while). */
async function startEngine(home: string): Promise<number> {
  const t = Date.now();
  try {
    timeStui(home, ['engine', 'start']);
  } catch {
    // The client gave up waiting; the engine goes on starting.
  }
  while (!status(home).running) {
    if (Date.now() - t > 600_000) throw new Error(`the engine for ${home} did not answer within 10 minutes; see ${home}/engine.log`);
    await sleep(500);
  }
  return Date.now() - t;
}

/** The session with most entries that already existed at `middle` (restorable at the head and there). */
async function pickSession(home: string, middle: number): Promise<string> {
  const list = JSON.parse((await timeInProcess(home, ['sessions', '--json'], true)).stdout) as Array<{ id: string; lastSeq: number }>;
  for (const s of [...list].sort((a, b) => b.lastSeq - a.lastSeq)) {
    try {
      await timeInProcess(home, ['restore', '--session', s.id, '--at', String(middle), '--json']);
      return s.id;
    } catch {
      // created after the middle point: try the next one
    }
  }
  throw new Error(`no session of ${home} existed at seq ${middle}`);
}

/** Where the bench is, on stderr: a 1M-entry run takes minutes. */
const say = (what: string): void => void process.stderr.write(`cli bench: ${what}\n`);

const entriesOf = (t: Timed): number => Number(/^ok (\d+) entries/m.exec(t.last?.stdout ?? '')?.[1] ?? NaN);

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { home: { type: 'string' }, events: { type: 'string' }, runs: { type: 'string' } },
    strict: true,
  });
  const events = Number(values.events ?? 1_000_000);
  const runs = Math.max(5, Number(values.runs ?? 5));
  const source = values.home ?? join(tmpdir(), `stui-bench-cli-${events}`);
  if (!existsSync(join(source, 'log', 'CURRENT'))) await generate({ home: source, events });
  const work = mkdtempSync(join(tmpdir(), 'stui-bench-cli-'));
  const home = join(work, 'home');
  const started = Date.now();
  cpSync(source, home, { recursive: true, preserveTimestamps: true });
  const cold = dropCaches();
  const rows: Row[] = [];
  try {
    say(`copied ${source} to ${home}; ${cold ? 'cold and warm runs' : 'warm runs only'}`);
    const node = await timeCase(runs, cold, () => timeNode(['-e', '0']));
    const version = await timeCase(runs, cold, () => timeStui(home, ['--version']));
    rows.push({ what: 'node -e 0', t: node, aim: 'reference' });
    rows.push({ what: 'stui --version', t: version, inProcess: await timeInProcessCase(runs, () => timeInProcess(home, ['--version'])), aim: { maxOf: 'node', factor: 1.5 } });
    const loading = measureModuleLoading(runs, ['sessions', 'restore', 'audit', 'log', 'verify']);

    const noEngine = (): void => stopEngine(home);
    say('verify with no engine');
    const verifyDirect = await timeCase(runs, cold, () => timeStui(home, ['verify']), noEngine);
    const verifyDirectIn = await timeInProcessCase(runs, () => timeInProcess(home, ['verify']), noEngine);
    const head = entriesOf(verifyDirect);
    if (!Number.isSafeInteger(head)) throw new Error(`stui verify with no engine did not verify the copy: ${verifyDirect.failed ?? 'no count'}`);
    const middle = Math.floor(head / 2) + 777;

    say('first engine start, then restore with no engine');
    const firstStart = await startEngine(home);
    // Its background work (sealing the projection snapshots a generated log lacks) is let finish,
    // so every start after it is the usual one.
    const firstSince = Date.now();
    await waitIdle(status(home).pid!, 2_000, 600_000);
    const firstBusy = Date.now() - firstSince;
    const session = await pickSession(home, middle);
    stopEngine(home);
    const restoreArgs = ['restore', '--session', session, '--json'];
    rows.push({
      what: 'stui restore --json, no engine (reads the log itself)',
      t: await timeCase(runs, cold, () => timeStui(home, restoreArgs), noEngine),
      inProcess: await timeInProcessCase(runs, () => timeInProcess(home, restoreArgs), noEngine),
      aim: { maxMs: 600 },
    });
    noEngine();

    say('commands with the engine running (once it is idle)');
    await startEngine(home);
    // A start may go on working in the background (sealing projection snapshots a log lacks):
    // what is measured here is the engine at rest, as a user meets it most of the time.
    const busySince = Date.now();
    await waitIdle(status(home).pid!, 1_000, 600_000);
    const busy = Date.now() - busySince;
    const sessions = await timeCase(runs, cold, () => timeStui(home, ['sessions']));
    rows.splice(2, 0, { what: 'stui sessions, engine running', t: sessions, inProcess: await timeInProcessCase(runs, () => timeInProcess(home, ['sessions'])), aim: { maxOf: 'node', factor: 1.5 } });
    rows.splice(3, 0, {
      what: 'stui restore --json, engine running',
      t: await timeCase(runs, cold, () => timeStui(home, restoreArgs)),
      inProcess: await timeInProcessCase(runs, () => timeInProcess(home, restoreArgs)),
      aim: { maxOf: 'version', factor: 2 },
    });
    for (const [what, args] of [
      ['stui audit --json, engine running', ['audit', '--json']],
      ['stui log --type engine --json, engine running', ['log', '--type', 'engine', '--json']],
    ] as const) {
      rows.push({ what, t: await timeCase(runs, cold, () => timeStui(home, [...args])), inProcess: await timeInProcessCase(runs, () => timeInProcess(home, [...args])), aim: { maxMs: 1000 } });
    }
    say('verify through the engine');
    const verifyEngine = await timeCase(runs, cold, () => timeStui(home, ['verify']));
    const verifyEngineIn = await timeInProcessCase(runs, () => timeInProcess(home, ['verify']));
    rows.push({ what: 'stui verify, engine running', t: verifyEngine, inProcess: verifyEngineIn, entries: entriesOf(verifyEngine), aim: { minRate: 200_000 } });
    rows.push({ what: 'stui verify, no engine', t: verifyDirect, inProcess: verifyDirectIn, entries: head, aim: { minRate: 200_000 } });

    say('engine memory while restoring');
    const pid = status(home).pid!;
    for (const [what, at] of [['the head', []], [`seq ${middle.toLocaleString('en-US')}`, ['--at', String(middle)]]] as const) {
      const growth: number[] = [];
      for (let i = 0; i < runs; i++) growth.push(await peakGrowth(pid, () => void timeStui(home, [...restoreArgs, ...at])));
      rows.push({ what: `engine peak RSS growth (VmHWM), restore at ${what}`, bytes: median(growth), aim: { maxBytes: 5 * 2 ** 20 } });
    }
    stopEngine(home);
    const store = await storeBytes(home);
    const entries = store.get('entries')?.bytes ?? 0;
    const snapshots = store.get('snapshots')?.bytes ?? 0;
    rows.push({ what: 'store: session and engine snapshots vs entries', store: { entries, snapshots, all: store }, aim: { maxShare: 0.25 } });

    const where = process.env.STUI_BENCH_NETWORK ?? 'host network';
    console.log(
      `cli bench: ${head.toLocaleString('en-US')}-entry log copied from ${source}, session ${session}, whole processes spawn to exit, median of ${runs} runs ` +
        `${cold ? 'cold (page cache dropped before each) and warm' : 'warm only (not root: the page cache cannot be dropped)'}; ${where}`,
    );
    for (const line of cliTable(rows)) console.log(line);
    console.log(
      `  module loading (fresh processes, median): node bootstrap ${loading.bootstrap.toFixed(1)} ms; cli/main.js ${loading.main.toFixed(1)} ms; ` +
        `--version − node -e 0 ${((version.warm ?? NaN) - (node.warm ?? NaN)).toFixed(1)} ms; then a command's own modules: ` +
        [...loading.commands].map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(', '),
    );
    console.log(
      `  first engine start on the fresh copy (its first fold): ${(firstStart / 1000).toFixed(1)} s, then busy ${(firstBusy / 1000).toFixed(1)} s; ` +
        `engine busy after the start before the engine-running rows: ${(busy / 1000).toFixed(1)} s; whole bench ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    try {
      stopEngine(home);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

if (invokedDirectly(import.meta.url)) {
  const argv = process.argv.slice(2);
  // The engine dials every image the log registers: keep those dials off the host's network.
  const { preferPrivateNetwork } = await import('../test/resilience/netns.js');
  const where = await preferPrivateNetwork(import.meta.url, argv);
  process.env.STUI_BENCH_NETWORK = where === 'private' ? 'private network namespace (loopback only)' : 'host network';
  await run(argv);
}
