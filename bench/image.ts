/**
 * Evaluation round trips through ImageLink against a real image process (`stui image serve`),
 * beside a raw DEALER/ROUTER round trip of the same message sizes to another process (the
 * reference: what ZeroMQ itself costs). One request in flight at a time, so the figures are
 * latencies; round trips/s is their inverse. Prints one table with ratios.
 * `node dist/bench/image.js [--seconds S]` (S per phase, default 4; three phases).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Dealer, Router } from 'zeromq';
import { encodeMessage, ImageLink, newRequestId } from '../protocol/index.js';
import type { EvaluateRequest } from '../protocol/index.js';
import { invokedDirectly, measure, startChild, stopChild, type Phase } from './support.js';

/** Round trips before measuring: both sides warm their sockets and JIT first. */
const WARMUP = 300;

const here = dirname(fileURLToPath(import.meta.url));
const stuiBin = join(here, '..', 'cli', 'main.js');





async function imagePhase(label: string, seconds: number, extraArgs: string[]): Promise<{ phase: Phase; requestBytes: number; replyBytes: number }> {
  const { child, line } = await startChild([stuiBin, 'image', 'serve', '--name', 'bench', '--port', '0', ...extraArgs]);
  const address = /^listening (\S+) /.exec(line)?.[1];
  if (!address) throw new Error(`unexpected first line from the image: ${line}`);
  const link = ImageLink.connect(address, { requestTimeoutMs: 10_000 });
  try {
    await link.hello();
    await link.request({ type: 'session.open', id: newRequestId(), session: 'bench' });
    const req = (): EvaluateRequest => ({ type: 'evaluate', id: newRequestId(), session: 'bench', code: '3 + 4' });
    const sample = req();
    const reply = await link.request(sample);
    if (!reply.ok || reply.value.printString !== '7') throw new Error(`3 + 4 answered ${JSON.stringify(reply)}`);
    const phase = await measure(label, seconds, async () => {
      await link.request(req());
    }, WARMUP);
    return { phase, requestBytes: encodeMessage(sample).length, replyBytes: encodeMessage(reply).length };
  } finally {
    link.close();
    await stopChild(child);
  }
}

async function echoPhase(seconds: number, requestBytes: number, replyBytes: number): Promise<Phase> {
  const { child, line } = await startChild([fileURLToPath(import.meta.url), '--echo-server', '--reply-bytes', String(replyBytes)]);
  const dealer = new Dealer({ linger: 0 });
  try {
    dealer.connect(line.replace(/^listening /, ''));
    const msg = Buffer.alloc(requestBytes, 0x61);
    return await measure('raw DEALER/ROUTER round trip, same sizes', seconds, async () => {
      await dealer.send(msg);
      await dealer.receive();
    }, WARMUP);
  } finally {
    dealer.close();
    await stopChild(child);
  }
}

/** The reference peer: a ROUTER answering every message with a reply of the image's reply size. */
async function echoServer(replyBytes: number): Promise<void> {
  const router = new Router({ linger: 0 });
  await router.bind('tcp://127.0.0.1:*');
  const reply = Buffer.alloc(replyBytes, 0x62);
  process.stdout.write(`listening ${router.lastEndpoint}\n`);
  process.on('SIGTERM', () => router.close());
  try {
    for await (const [rid] of router) await router.send([rid!, reply]);
  } catch {
    // closed
  }
}

export async function run(argv: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { seconds: { type: 'string' }, 'echo-server': { type: 'boolean' }, 'reply-bytes': { type: 'string' } },
  });
  if (values['echo-server']) return echoServer(Number(values['reply-bytes'] ?? 128));
  const seconds = Number(values.seconds ?? 4);
  const plain = await imagePhase('evaluate 3 + 4 via ImageLink, image in memory', seconds, []);
  const stateDir = mkdtempSync(join(tmpdir(), 'stui-bench-image-'));
  let durable: Phase;
  try {
    durable = (await imagePhase('evaluate 3 + 4 via ImageLink, image with --state', seconds, ['--state', stateDir])).phase;
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  const raw = await echoPhase(seconds, plain.requestBytes, plain.replyBytes);
  const rows = [plain.phase, durable, raw].map((p) => [
    p.label,
    `${Math.round(p.perSecond)}/s`,
    `${(p.p50us / 1000).toFixed(3)} ms`,
    `${(p.p99us / 1000).toFixed(3)} ms`,
    p === raw ? 'reference' : `rate ${(p.perSecond / raw.perSecond).toFixed(2)}x, p50 ${(p.p50us / raw.p50us).toFixed(2)}x`,
  ]);
  const head = ['', 'round trips', 'p50', 'p99', 'vs raw'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`image bench: one request in flight, ${seconds} s per phase, request ${plain.requestBytes} B, reply ${plain.replyBytes} B`);
  for (const r of [head, ...rows]) console.log('  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

if (invokedDirectly(import.meta.url)) await run(process.argv.slice(2));
