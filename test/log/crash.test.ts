import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openLog } from '../../engine/log/index.js';
import { tempDir } from '../support/cli.js';
import { collect } from './support.js';

const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));
const KILLS = 24;

interface Round {
  acknowledged: Map<number, string>;
  startHead: number;
}

/** Runs the appender until SIGKILL at a random moment; returns what it reported as durable. */
function runAndKill(home: string, run: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, home, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killTimer && out.includes('\n')) {
        // Random moments: right after open, mid-burst, after many batches.
        killTimer = setTimeout(() => p.kill('SIGKILL'), Math.floor(Math.random() * 250));
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`appender ended by itself (${code}): ${err}`));
      const lines = out.split('\n');
      lines.pop(); // a line cut by the kill was never complete, so it does not count
      const first = lines.shift() ?? '';
      const m = /^ready (\d+)$/.exec(first);
      if (!m) return reject(new Error(`appender did not start: ${first} ${err}`));
      const acknowledged = new Map<number, string>();
      for (const line of lines) {
        const tab = line.indexOf('\t');
        acknowledged.set(Number(line.slice(0, tab)), line.slice(tab + 1));
      }
      resolve({ acknowledged, startHead: Number(m[1]) });
    });
  });
}

test(`given an appender SIGKILLed ${KILLS} times at random moments, then after each kill the log opens, verifies and holds every acknowledged entry`, async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    let head = 0;
    let totalAcked = 0;
    for (let run = 1; run <= KILLS; run++) {
      const { acknowledged, startHead } = await runAndKill(home, run);
      assert.is(startHead, head, `run ${run} reopened at the head the previous check saw`);
      const log = await openLog({ home });
      const verdict = await log.verify();
      assert.ok(verdict.ok, `run ${run}: ${JSON.stringify(verdict)}`);
      const fresh = await collect(log.read({ from: head + 1 }));
      const bySeq = new Map(fresh.map((e) => [e.seq, e]));
      for (const [seq, data] of acknowledged) {
        const e = bySeq.get(seq);
        assert.ok(e, `run ${run}: acknowledged entry ${seq} is missing (head ${log.headSeq})`);
        assert.is(JSON.stringify(e!.data), data, `run ${run}: entry ${seq} holds other data`);
      }
      // A multi-event append is atomic: either all of its events are there or none.
      const groups = new Map<number, { of: number; count: number }>();
      for (const e of fresh) {
        const d = e.data as { run: number; group?: number; of?: number };
        assert.is(d.run, run, `entry ${e.seq} belongs to this run`);
        if (d.group === undefined) continue;
        const g = groups.get(d.group) ?? { of: d.of!, count: 0 };
        g.count++;
        groups.set(d.group, g);
      }
      for (const [g, { of, count }] of groups) assert.is(count, of, `run ${run}: group ${g} is partial`);
      totalAcked += acknowledged.size;
      head = log.headSeq;
      assert.ok(head >= Math.max(0, ...acknowledged.keys()));
      await log.close();
    }
    assert.ok(totalAcked > KILLS, `the appenders got entries acknowledged (${totalAcked})`);
    console.log(`  ${KILLS} kills, ${totalAcked} acknowledged entries checked, head ${head}`);
  } finally {
    cleanup();
  }
});

test.run();
