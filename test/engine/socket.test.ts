/**
 * The engine socket is an untrusted input: garbage frames, unknown commands and clients that
 * vanish mid-request get an error reply or are dropped, and the engine keeps serving others.
 * The sockets are the user's alone (0600 in a 0700 home), and the event feed publishes entries.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Dealer, Subscriber } from 'zeromq';
import { stui, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { ensureEngine, enginePaths, ipcAddress, readLogViaEngine, verifyViaEngine, type EngineClient } from '../../engine/client/index.js';
import { alive, enginePid, ok, serveImage, stopEngine, type ServedImage } from './harness.js';

let image: ServedImage;
let client: EngineClient;
const tmp = tempDir('stui-engine-socket-');
const home = join(tmp.dir, 'home');

test.before(async () => {
  image = await serveImage({ name: 'sock' });
  ok(await stui(['image', 'add', 'sock', image.address], { home }), 'image add');
  client = await ensureEngine(home, process.env);
});

test.after(async () => {
  client?.close();
  await stopEngine(home);
  await image?.stop();
  tmp.cleanup();
});

async function rawExchange(frames: Array<string | Buffer>): Promise<Record<string, unknown>> {
  const d = new Dealer({ linger: 0, receiveTimeout: 5_000 });
  d.connect(ipcAddress(enginePaths(home).commandSocket));
  try {
    await d.send(frames);
    const [reply] = await d.receive();
    return JSON.parse(reply!.toString()) as Record<string, unknown>;
  } finally {
    d.close();
  }
}

test('garbage, wrong shapes and unknown commands get error replies', async () => {
  const garbage = await rawExchange([Buffer.from([0xff, 0x00, 0x13, 0x37])]);
  assert.is(garbage.ok, false);
  assert.is(garbage.id, null);
  const multi = await rawExchange(['{"id":"1","cmd":"engine.status"}', 'extra']);
  assert.is(multi.ok, false);
  const array = await rawExchange(['[1,2,3]']);
  assert.is(array.ok, false);
  const noCmd = await rawExchange(['{"id":"x1"}']);
  assert.equal([noCmd.id, noCmd.ok], ['x1', false]);
  for (const cmd of ['no.such.command', 'constructor', '__proto__', 'toString']) {
    const r = await rawExchange([JSON.stringify({ id: 'u', cmd, args: {} })]);
    assert.is(r.ok, false, cmd);
    assert.is((r.error as { code: string }).code, 'E_USAGE', cmd);
  }
  const badArgs = await rawExchange([JSON.stringify({ id: 'b', cmd: 'eval', args: { code: 42 } })]);
  assert.is((badArgs.error as { code: string }).code, 'E_USAGE');
  const badArgs2 = await rawExchange([JSON.stringify({ id: 'c', cmd: 'workspace.edit', args: { session: {}, from: -1 } })]);
  assert.is(badArgs2.ok, false);
});

test('a client that vanishes mid-request and a raw non-ZeroMQ peer do not disturb the engine', async () => {
  const pid = enginePid(home)!;
  // An evaluation that waits for an answer: its image is registered but nothing serves it.
  ok(await stui(['image', 'add', 'ghost', `tcp://127.0.0.1:${await freePort()}`], { home }), 'add ghost');
  const d = new Dealer({ linger: 0 });
  d.connect(ipcAddress(enginePaths(home).commandSocket));
  await d.send(JSON.stringify({ id: 'gone', cmd: 'eval', args: { image: 'ghost', code: '1', timeoutMs: 300 } }));
  d.close();
  // A peer that speaks no ZMTP at all.
  await new Promise<void>((resolve) => {
    const s = createConnection({ path: enginePaths(home).commandSocket }, () => {
      s.write(Buffer.alloc(4096, 0x41));
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 100);
    });
    s.on('error', () => resolve());
  });
  await new Promise((r) => setTimeout(r, 600));
  assert.ok(alive(pid));
  const r = await client.call<{ result: string }>('eval', { image: 'sock', code: '6 * 7', timeoutMs: 5_000 });
  assert.is(r.result, '42');
  ok(await stui(['image', 'remove', 'ghost'], { home }), 'remove ghost');
});

test('home is 0700, sockets and engine files 0600; another user cannot reach the socket', async () => {
  const mode = (p: string): number => statSync(p).mode & 0o777;
  const paths = enginePaths(home);
  assert.is(mode(home), 0o700);
  assert.is(mode(paths.commandSocket), 0o600);
  assert.is(mode(paths.eventSocket), 0o600);
  assert.is(mode(paths.pidFile), 0o600);
  assert.is(mode(paths.logFile), 0o600);
  if (process.getuid?.() === 0) {
    // Root can become anyone: try to connect as 'nobody'.
    const probe = `require('net').createConnection({path: ${JSON.stringify(paths.commandSocket)}})` +
      `.on('connect', () => { console.log('CONNECTED'); process.exit(0); })` +
      `.on('error', (e) => { console.log(e.code); process.exit(0); })`;
    const r = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 10_000 });
    assert.is(r.stdout.trim(), 'EACCES', r.stderr);
  }
});

test('the event feed publishes every appended entry live', async () => {
  const sub = new Subscriber({ linger: 0, receiveTimeout: 5_000 });
  sub.connect(ipcAddress(enginePaths(home).eventSocket));
  sub.subscribe('eval.');
  // Subscriptions take a moment to reach the publisher.
  await new Promise((r) => setTimeout(r, 200));
  try {
    const r = await client.call<{ seq: number }>('eval', { image: 'sock', code: '1 + 1', timeoutMs: 5_000 });
    const seen: Array<{ type: string; seq: number }> = [];
    while (!seen.some((e) => e.seq === r.seq)) {
      const [topic, body] = await sub.receive();
      const e = JSON.parse(body!.toString()) as { type: string; seq: number };
      assert.is(topic!.toString(), e.type);
      seen.push(e);
    }
    assert.equal(seen.map((e) => e.type).slice(-2), ['eval.requested', 'eval.completed']);
  } finally {
    sub.close();
  }
});

test('workspace, inspector and pref commands are recorded on the session stream', async () => {
  const { session } = await client.call<{ session: string }>('session.open', { image: 'sock' });
  const { workspace } = await client.call<{ workspace: string }>('workspace.open', { session, title: 'Main' });
  await client.call('workspace.edit', { session, workspace, from: 0, to: null, insert: 'c := OrderedCollection new' });
  await client.call('workspace.edit', { session, workspace, from: 26, to: 26, insert: '. c add: 3; add: 4; yourself', cursor: 54 });
  await client.call('pref.set', { session, key: 'font', value: { size: 12 } });
  const ev = await client.call<{ seq: number }>('eval', { session, code: 'c := OrderedCollection new. c add: 3; add: 4; yourself', timeoutMs: 5_000 });
  const [completed] = await client.call<Array<{ data: { oid: number } }>>('log.read', { from: ev.seq, to: ev.seq });
  const opened = await client.call<{ inspector: string; inspection: { indexedSize: number } }>('inspect', { session, oid: completed!.data.oid });
  assert.is(opened.inspection.indexedSize, 2);
  const nav = await client.call<{ inspection: { object: { printString: string } } }>('navigate', { inspector: opened.inspector, via: 2 });
  assert.is(nav.inspection.object.printString, '4');
  await client.call('back', { inspector: opened.inspector });
  const other = await client.call<{ inspector: string }>('inspect', { session, oid: completed!.data.oid });
  await client.call('inspector.close', { inspector: other.inspector });
  const r = await client.call<{
    workspaces: Array<{ text: string; cursor: number }>;
    prefs: Record<string, unknown>;
    variables: Record<string, string>;
    inspectors: Array<{ path: Array<{ printString: string }> }>;
  }>('restore', { session });
  assert.is(r.workspaces[0]!.text, 'c := OrderedCollection new. c add: 3; add: 4; yourself');
  assert.equal(r.prefs.font, { size: 12 });
  assert.match(r.variables.c!, /OrderedCollection/);
  assert.is(r.inspectors.length, 1);
  assert.is(r.inspectors[0]!.path.length, 1);
  const closed = await client.call<{ ok: boolean }>('workspace.close', { session, workspace }).then(() => ({ ok: true }));
  assert.ok(closed.ok);
  const refused = await client.call('workspace.edit', { session, workspace, from: 0, to: null, insert: 'x' }).then(
    () => null,
    (err: { code: string }) => err.code,
  );
  assert.is(refused, 'E_FAILED');
});

test('the log can be read and verified through the running engine', async () => {
  const all = [];
  for await (const e of readLogViaEngine(client)) all.push(e);
  assert.ok(all.length > 5);
  assert.equal(all.map((e) => e.seq), Array.from({ length: all.length }, (_, i) => i + 1));
  assert.is(all[0]!.type, 'engine.started');
  assert.is(all[0]!.prev.length, 32);
  const evals = [];
  for await (const e of readLogViaEngine(client, { type: 'eval.', from: 2 })) evals.push(e);
  assert.ok(evals.length > 0 && evals.every((e) => e.type.startsWith('eval.')));
  const v = await verifyViaEngine(client);
  assert.ok(v.ok);
  if (v.ok) assert.ok(v.entries >= all.length);
});

test('a home too long for a socket address gets its sockets in a private runtime directory', async () => {
  const deep = join(tmp.dir, 'd'.repeat(60), 'e'.repeat(40), 'home');
  try {
    const started = await stui(['engine', 'start', '--json'], { home: deep });
    assert.is(started.code, 0, started.stderr);
    const paths = enginePaths(deep);
    assert.is.not(paths.socketDir, deep);
    assert.is(statSync(paths.socketDir).mode & 0o777, 0o700);
    assert.is(statSync(paths.commandSocket).mode & 0o777, 0o600);
    const st = await stui(['engine', 'status', '--json'], { home: deep });
    assert.is((JSON.parse(st.stdout) as { running: boolean }).running, true);
  } finally {
    await stui(['engine', 'stop'], { home: deep });
  }
});

test.run();
