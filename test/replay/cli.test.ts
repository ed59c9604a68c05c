import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openLog } from '../../engine/log/index.js';
import { stui, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { connected, craftedHome, started } from './crafted.js';

test('audit --json: one row per image and connection event; the healing row carries the downtime', async () => {
  const home = await craftedHome();
  try {
    const r = await stui(['audit', '--json'], { home: home.dir });
    assert.is(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(rows) && rows.length === 11, `rows: ${rows.length}`);
    for (const row of rows) {
      assert.equal(Object.keys(row).filter((k) => k !== 'downtimeMs').sort(), ['detail', 'event', 'image', 'seq', 'ts']);
      assert.is(row.image, 'dev');
      assert.ok(!Number.isNaN(Date.parse(String(row.ts))));
    }
    const healed = rows.find((x) => x.seq === home.seqs.restored)!;
    assert.is(healed.event, 'connection.restored');
    assert.ok(typeof healed.downtimeMs === 'number' && healed.downtimeMs >= 30, `downtime ${String(healed.downtimeMs)}`);
    assert.is(rows.filter((x) => 'downtimeMs' in x).length, 1);
    assert.is(rows.find((x) => x.seq === home.seqs.lost)!.detail, 'silent: no heartbeat');

    const other = await stui(['audit', '--image', 'nope', '--json'], { home: home.dir });
    assert.is(other.stdout.trim(), '[]');
    const text = await stui(['audit'], { home: home.dir });
    assert.match(text.stdout, /Outages \(1\)/);
    assert.match(text.stdout, /dev .* down \d+ ms .*reason silent, 1 attempt\(s\), ended by connection\.restored/);
  } finally {
    home.cleanup();
  }
});

test('replay --crash steps through the last run that ended without engine.stopped, up to its last entry', async () => {
  const home = await craftedHome();
  try {
    const r = await stui(['replay', '--session', 's1', '--crash', '--json'], { home: home.dir });
    assert.is(r.code, 0, r.stderr);
    const steps = JSON.parse(r.stdout) as { seq: number; type: string; stream: string; state: Record<string, unknown> }[];
    assert.is(steps[0]!.seq, home.seqs.run3, 'starts at the last crashed run, not the first');
    assert.is(steps[steps.length - 1]!.seq, home.seqs.crashEval, 'ends at the run\'s last entry');
    assert.ok(steps.every((s) => s.seq >= home.seqs.run3! && s.seq < home.seqs.run4!));
    const last = steps[steps.length - 1]!;
    assert.is(last.type, 'eval.requested');
    assert.equal(last.state, {
      state: 'active', image: 'dev', connection: 'connected', workspaces: 1, variables: 1, history: 2, pending: 1,
      inspectors: 0, transcriptChars: 0, prefs: 0, lastResult: '42',
    });
    assert.ok(steps.some((s) => s.type === 'connection.lost' && s.state.connection === 'lost'));

    const text = await stui(['replay', '--session', 's1', '--crash'], { home: home.dir });
    assert.is(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`run started at seq ${home.seqs.run3} .* pid 103`));
    assert.match(text.stdout, /eval\.requested Smalltalk crash\n\s+-> active on dev \(connected\); .*pending 1/);

    const range = await stui(['replay', '--session', 's1', '--from', '2', '--until', String(home.seqs.run2), '--json'], { home: home.dir });
    const rs = JSON.parse(range.stdout) as { seq: number; state: { history: number } }[];
    assert.ok(rs.length > 5 && rs.every((s) => s.seq >= 2 && s.seq <= home.seqs.run2!));
    assert.is(rs[rs.length - 1]!.state.history, 1);
  } finally {
    home.cleanup();
  }
});

test('replay: an unknown session or a log without crashes fails with a message; bad flags exit 2', async () => {
  const home = await craftedHome();
  const clean = tempDir('stui-replay-clean-');
  try {
    const unknown = await stui(['replay', '--session', 'ghost', '--json'], { home: home.dir });
    assert.is(unknown.code, 1);
    assert.is(unknown.stdout, '');
    assert.match(unknown.stderr, /no session "ghost"/);

    const log = await openLog({ home: clean.dir });
    await log.append([started(1), { type: 'session.created', stream: 's', data: { session: 's', image: 'dev', imageId: null } }, { type: 'engine.stopped', stream: 'engine', data: { pid: 1, reason: 'signal' } }]);
    await log.close();
    const none = await stui(['replay', '--session', 's', '--crash'], { home: clean.dir });
    assert.is(none.code, 1);
    assert.match(none.stderr, /no unclean shutdown/);

    for (const args of [
      ['replay'],
      ['replay', '--session', 's1', '--from', 'abc'],
      ['replay', '--session', 's1', '--from', '9', '--until', '3'],
      ['replay', '--session', 's1', '--rerun', 'localhost'],
      ['replay', '--session', 's1', '--bogus'],
      ['audit', '--bogus'],
      ['audit', '--image'],
      ['orphans', '--cleanup', 'now'],
    ]) {
      const r = await stui(args, { home: home.dir });
      assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^stui: /);
    }
    const badGrace = await stui(['orphans'], { home: home.dir, env: { STUI_ORPHAN_AFTER: 'soon' } });
    assert.is(badGrace.code, 2);
    assert.match(badGrace.stderr, /STUI_ORPHAN_AFTER/);
  } finally {
    home.cleanup();
    clean.cleanup();
  }
});

test('orphans: an image lost longer than STUI_ORPHAN_AFTER orphans its sessions; --cleanup archives them, history kept', async () => {
  const home = tempDir('stui-orphans-cli-');
  const env = { STUI_ORPHAN_AFTER: '2' };
  try {
    const address = `tcp://127.0.0.1:${await freePort()}`;
    const log = await openLog({ home: home.dir });
    await log.append([
      started(7),
      { type: 'image.registered', stream: 'image:far', data: { name: 'far', address } },
      connected('far', 'id-far', address),
      { type: 'session.created', stream: 'sf', data: { session: 'sf', image: 'far', imageId: 'id-far' } },
      { type: 'eval.requested', stream: 'sf', data: { request: 'q1', image: 'far', code: '3 + 4' } },
      { type: 'connection.lost', stream: 'image:far', data: { name: 'far', reason: 'refused' } },
    ]);
    await log.close();

    const early = await stui(['orphans', '--json'], { home: home.dir, env });
    assert.is(early.code, 0, early.stderr);
    assert.equal(JSON.parse(early.stdout), []);
    await new Promise((r) => setTimeout(r, 2_300));

    const late = await stui(['orphans', '--json'], { home: home.dir, env });
    const rows = JSON.parse(late.stdout) as Record<string, unknown>[];
    assert.is(rows.length, 1);
    assert.equal(Object.keys(rows[0]!).sort(), ['image', 'imageId', 'reason', 'recorded', 'session', 'since']);
    assert.equal({ ...rows[0], since: undefined }, { session: 'sf', image: 'far', imageId: 'id-far', reason: 'unreachable', recorded: false, since: undefined });
    // The default grace is an hour: the same log shows no orphans without the setting.
    assert.equal(JSON.parse((await stui(['orphans', '--json'], { home: home.dir })).stdout), []);

    const cleanup = await stui(['orphans', '--cleanup', '--json'], { home: home.dir, env });
    assert.is(cleanup.code, 0, cleanup.stderr);
    const archived = JSON.parse(cleanup.stdout) as Record<string, unknown>[];
    assert.is(archived.length, 1);
    assert.is(archived[0]!.session, 'sf');
    assert.is(archived[0]!.archived, true);
    assert.ok(typeof archived[0]!.seq === 'number');

    assert.equal(JSON.parse((await stui(['orphans', '--json'], { home: home.dir, env })).stdout), []);
    const again = await stui(['orphans', '--cleanup', '--json'], { home: home.dir, env });
    assert.equal(JSON.parse(again.stdout), [], 'archived once only');

    const history = await stui(['log', '--json'], { home: home.dir });
    const entries = (JSON.parse(history.stdout) as { seq: number; type: string; stream: string; data: Record<string, unknown> }[]).filter((e) => e.stream === 'sf');
    assert.equal(entries.map((e) => e.type), ['session.created', 'eval.requested', 'eval.failed', 'session.orphaned', 'session.archived']);
    assert.is(entries[2]!.data.kind, 'cancelled');
    assert.is(entries[4]!.seq, archived[0]!.seq);
    const verify = await stui(['verify'], { home: home.dir });
    assert.is(verify.code, 0, verify.stderr);
  } finally {
    home.cleanup();
  }
});

test('history commands on a home without a log print empty listings and create nothing', async () => {
  const home = tempDir('stui-replay-empty-');
  try {
    for (const args of [['audit', '--json'], ['orphans', '--json'], ['orphans', '--cleanup', '--json']]) {
      const r = await stui(args, { home: home.dir });
      assert.is(r.code, 0, r.stderr);
      assert.is(r.stdout, '[]\n');
    }
    const r = await stui(['replay', '--session', 's'], { home: home.dir });
    assert.is(r.code, 1);
    const ls = await stui(['log', '--json'], { home: home.dir });
    assert.is(ls.stdout, '[]\n');
  } finally {
    home.cleanup();
  }
});

test.run();
