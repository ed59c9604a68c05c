/**
 * What the engine adds to an evaluation. In one client process (no process start per call):
 *   - `eval` through the engine: IPC → durable eval.requested → image → durable eval.completed → reply;
 *   - the same evaluation sent straight to the same image process over a DEALER (ImageLink): the
 *     raw ZeroMQ round trip the engine's figure is compared with;
 *   - events/s the engine absorbs from workspace edits (many in flight, each acknowledged only
 *     once durable — concurrent appends share synced batches).
 * `node dist/bench/engine.js [--seconds S]` (S per phase, default 4).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ImageLink, newRequestId } from '../protocol/index.js';
import { ensureEngine, type EngineClient } from '../engine/client/index.js';
import { invokedDirectly, measure, startChild, stopChild, type Phase } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const stuiBin = join(here, '..', 'cli', 'main.js');


async function startImage(): Promise<{ child: ChildProcess; address: string }> {
  const { child, line } = await startChild([stuiBin, 'image', 'serve', '--name', 'bench', '--port', '0']);
  const address = /^listening (\S+) /.exec(line)?.[1];
  if (!address) throw new Error(`unexpected first line from the image: ${line}`);
  return { child, address };
}



/** Workspace edits with `window` calls in flight for `seconds`: acknowledged (durable) events/s. */
async function edits(client: EngineClient, session: string, seconds: number, window: number): Promise<Phase> {
  const { workspace } = await client.call<{ workspace: string }>('workspace.open', { session, title: 'bench' });
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (Date.now() < until) {
      await client.call('workspace.edit', { session, workspace, from: 0, to: 0, insert: 'x', cursor: 1 });
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  return { label: `workspace.edit, ${window} in flight (durable acks)`, perSecond: done / secs, p50us: NaN, p99us: NaN, count: done };
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { seconds: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 4);
  const home = mkdtempSync(join(tmpdir(), 'stui-bench-engine-'));
  const { child, address } = await startImage();
  let client: EngineClient | null = null;
  try {
    client = await ensureEngine(home, process.env);
    const c = client;
    await c.call('image.add', { name: 'bench', address });
    // The first evaluation waits for the connection and creates the session.
    const first = await c.call<{ result: string; session: string }>('eval', { code: '3 + 4', timeoutMs: 20_000 });
    if (first.result !== '7') throw new Error(`3 + 4 answered ${first.result}`);
    const viaEngine = await measure('eval via engine (IPC + write-ahead + image + completion)', seconds, async () => {
      await c.call('eval', { code: '3 + 4', timeoutMs: 10_000 });
    });

    const ipc = await measure('  of which: IPC round trip alone (engine.status)', seconds / 2, async () => {
      await c.call('engine.status');
    });
    const append = await measure('  of which: IPC + one durable append (pref.set)', seconds / 2, async () => {
      await c.call('pref.set', { session: first.session, key: 'bench', value: 1 });
    });

    const link = ImageLink.connect(address, { requestTimeoutMs: 10_000 });
    let raw: Phase;
    try {
      await link.hello();
      await link.request({ type: 'session.open', id: newRequestId(), session: 'bench-raw' });
      raw = await measure('evaluate straight to the image (DEALER/ROUTER)', seconds, async () => {
        await link.request({ type: 'evaluate', id: newRequestId(), session: 'bench-raw', code: '3 + 4' });
      });
    } finally {
      link.close();
    }
    const absorbed = await edits(c, first.session, seconds, 64);

    const ms = (us: number): string => (Number.isNaN(us) ? '-' : `${(us / 1000).toFixed(3)} ms`);
    const rows = [viaEngine, ipc, append, raw, absorbed].map((p) => [
      p.label,
      `${Math.round(p.perSecond)}/s`,
      ms(p.p50us),
      ms(p.p99us),
      p === viaEngine ? `p50 +${((viaEngine.p50us - raw.p50us) / 1000).toFixed(3)} ms, p99 +${((viaEngine.p99us - raw.p99us) / 1000).toFixed(3)} ms` : p === raw ? 'reference' : '',
    ]);
    const head = ['', 'rate', 'p50', 'p99', 'added by the engine'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    console.log(`engine bench: one eval in flight, ${seconds} s per phase, same image process for both round trips`);
    for (const r of [head, ...rows]) console.log('  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  } finally {
    if (client) {
      await client.call('engine.stop').catch(() => undefined);
      client.close();
      await new Promise((r) => setTimeout(r, 300));
    }
    await stopChild(child);
    rmSync(home, { recursive: true, force: true });
  }
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
