import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openLog, type Entry } from '../../engine/log/index.js';
import { stui, tempDir } from '../support/cli.js';

async function sampleLog(home: string): Promise<Entry[]> {
  const log = await openLog({ home });
  const written = await log.append([
    { type: 'engine.started', stream: 'engine', data: { pid: 1 } },
    { type: 'connection.connecting', stream: 'image:dev', data: { address: 'tcp://127.0.0.1:5555' } },
    { type: 'connection.connected', stream: 'image:dev', data: { latencyMs: 3 } },
    { type: 'eval.requested', stream: 'session-1', data: { code: '3 + 4', bytes: new Uint8Array([1, 255]) } },
    { type: 'connection.lost', stream: 'image:dev', data: { reason: 'heartbeat' } },
  ]);
  await log.close();
  return written;
}

interface JsonEntry {
  seq: number;
  ts: string;
  type: string;
  v: number;
  stream: string;
  data: unknown;
  prev: string;
}

test('given a log, when stui log --json runs, then stdout is only a JSON array of {seq, ts, type, v, stream, data, prev}', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const written = await sampleLog(home);
    const r = await stui(['log', '--json'], { home });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stderr, '');
    const rows = JSON.parse(r.stdout) as JsonEntry[];
    assert.is(rows.length, 5);
    for (const [i, row] of rows.entries()) {
      assert.equal(Object.keys(row).sort(), ['data', 'prev', 'seq', 'stream', 'ts', 'type', 'v']);
      const w = written[i]!;
      assert.is(row.seq, w.seq);
      assert.is(row.ts, new Date(w.ts).toISOString());
      assert.is(row.type, w.type);
      assert.is(row.v, 1);
      assert.is(row.stream, w.stream);
      assert.is(row.prev, Buffer.from(w.prev).toString('hex'));
    }
    assert.is(rows[0]!.prev, '0'.repeat(64));
    assert.equal(rows[3]!.data, { code: '3 + 4', bytes: '01ff' });
  } finally {
    cleanup();
  }
});

test('given a log, when filtering by --from, --to and --type, then only matching entries are listed', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await sampleLog(home);
    const seqs = async (args: string[]): Promise<number[]> => {
      const r = await stui(['log', '--json', ...args], { home });
      assert.is(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as JsonEntry[]).map((e) => e.seq);
    };
    assert.equal(await seqs(['--from', '2', '--to', '4']), [2, 3, 4]);
    assert.equal(await seqs(['--type', 'connection.']), [2, 3, 5]);
    assert.equal(await seqs(['--type', 'connection.', '--to', '3']), [2, 3]);
    assert.equal(await seqs(['--from', '5', '--type', 'eval']), []);
    assert.equal(await seqs(['--from', '99']), []);
  } finally {
    cleanup();
  }
});

test('given a log, when stui log prints text, then each line is seq, ISO time, type, stream and compact JSON data', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const written = await sampleLog(home);
    const r = await stui(['log', '--from', '2', '--to', '3'], { home });
    assert.is(r.code, 0, r.stderr);
    assert.is(
      r.stdout,
      `2  ${new Date(written[1]!.ts).toISOString()}  connection.connecting  image:dev  {"address":"tcp://127.0.0.1:5555"}\n` +
        `3  ${new Date(written[2]!.ts).toISOString()}  connection.connected  image:dev  {"latencyMs":3}\n`,
    );
  } finally {
    cleanup();
  }
});

test('given bad flag values, then stui log exits 2 with a message naming the flag', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    for (const [args, msg] of [
      [['--from', 'abc'], /--from takes a log position/],
      [['--to', '-3'], /--to/],
      [['--from', '0'], /--from takes a log position/],
      [['--to', '1.5'], /--to takes a log position/],
      [['--from', '5', '--to', '2'], /--from 5 is after --to 2/],
      [['--type'], /--type/],
      [['--bogus'], /bogus/],
    ] as const) {
      const r = await stui(['log', ...args], { home });
      assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, msg);
      assert.is(r.stdout, '');
    }
  } finally {
    cleanup();
  }
});

test('given a home with no log, then stui log prints an empty array (or nothing), stui verify says ok 0, and nothing is created', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'never-used');
    const json = await stui(['log', '--json'], { home });
    assert.is(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout), []);
    const text = await stui(['log'], { home });
    assert.is(text.code, 0);
    assert.is(text.stdout, '');
    assert.match(text.stderr, /no log in .*never-used yet/);
    const v = await stui(['verify'], { home });
    assert.is(v.code, 0, v.stderr);
    assert.is(v.stdout, `ok 0 entries head ${'0'.repeat(64)}\n`);
    assert.not.ok(existsSync(home), 'reading commands do not create a home');
  } finally {
    cleanup();
  }
});

test('given an empty log, then stui log --json prints [] and verify says ok 0', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await (await openLog({ home })).close();
    const r = await stui(['log', '--json'], { home });
    assert.is(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), []);
    const v = await stui(['verify'], { home });
    assert.match(v.stdout, /^ok 0 entries head 0{64}\n$/);
  } finally {
    cleanup();
  }
});

test('given another process holds the log, then stui log waits for it to let go, and stui verify names the holder and copies nothing', async () => {
  const { dir: home, cleanup } = tempDir();
  // Its own temp dir, which nothing else writes to: whatever appears in it the commands left.
  const ownTmp = tempDir();
  try {
    let held = await openLog({ home });
    await held.append([{ type: 'engine.started', stream: 'engine', data: { pid: 7 } }]);
    await held.append(Array.from({ length: 40 }, (_, i) => ({ type: 'eval.requested', stream: 's', data: { i } })));
    // The holder lets go while `stui log` waits for it.
    const reading = stui(['log', '--json', '--type', 'engine.'], { home, env: { TMPDIR: ownTmp.dir } });
    await new Promise((r) => setTimeout(r, 1_000));
    await held.close();
    const r = await reading;
    assert.is(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as JsonEntry[]).map((e) => e.data), [{ pid: 7 }]);

    // A holder that never lets go: verify gives up with what to do, and the log is as it was.
    held = await openLog({ home });
    const v = await stui(['verify'], { home, env: { TMPDIR: ownTmp.dir } });
    assert.is(v.code, 1, v.stderr);
    assert.is(v.stdout, '');
    assert.match(v.stderr, /is open in another process .*stui engine stop/);
    assert.equal(readdirSync(ownTmp.dir), [], 'nothing was copied to the temp dir');
    await held.append([{ type: 'engine.stopped', stream: 'engine', data: {} }]);
    assert.is(held.headSeq, 42, 'the holder kept writing undisturbed');
    await held.close();
    const after = await stui(['verify'], { home });
    assert.match(after.stdout, /^ok 42 entries head [0-9a-f]{64}\n$/);
  } finally {
    ownTmp.cleanup();
    cleanup();
  }
});

test('given a log opened read-only, then append is refused and reads work', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    await sampleLog(home);
    const log = await openLog({ home, readOnly: true });
    const err = await log.append([{ type: 'x', stream: 'y', data: 1 }]).catch((e: Error) => e);
    assert.match(String(err), /read-only/);
    let n = 0;
    for await (const e of log.read()) n += e.seq > 0 ? 1 : 0;
    assert.is(n, 5);
    await log.close();
  } finally {
    cleanup();
  }
});

test('given log and verify, then they appear in stui help with their options', async () => {
  const r = await stui(['log', '--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /usage: stui log \[--from SEQ\] \[--to SEQ\] \[--type PREFIX\] \[--json\]/);
  const h = await stui(['help']);
  assert.match(h.stdout, /verify/);
});

test.run();
