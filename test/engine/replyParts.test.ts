/**
 * Large results cross the engine's command socket in parts (engine/client/wire.ts): given the
 * engine's command server on a real ipc socket and the client the CLI uses, when a result of
 * several MB is answered, then it arrives whole and equal, in pieces of about 64 KB, other calls
 * are answered meanwhile, and a result that cannot be encoded mid-way fails that call alone.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Dealer, Router } from 'zeromq';
import { CommandServer } from '../../engine/daemon/server.js';
import { EngineClient, enginePaths, ipcAddress } from '../../engine/client/index.js';
import { StuiError } from '../../engine/errors.js';
import { tempDir } from '../support/cli.js';

const tmp = tempDir('stui-reply-parts-');
let n = 0;

/** A fresh home directory and the address of its command socket. */
function freshHome(): { home: string; address: string } {
  const home = join(tmp.dir, `h${++n}`);
  mkdirSync(home, { recursive: true });
  return { home, address: ipcAddress(enginePaths(home).commandSocket) };
}

const history = (count: number): { seq: number; code: string; result: string }[] =>
  Array.from({ length: count }, (_, i) => ({ seq: i + 1, code: `(1 to: ${i}) inject: 0 into: [:a :b | a + b]`, result: `${i} é 𝔖 "q"` }));

const results: Record<string, unknown> = {
  big: { session: 's-1', history: history(30_000), transcript: 'Transcript line\n'.repeat(20_000) },
  small: { rows: [1, 2, 3] },
  nothing: undefined,
  unencodable: { history: [...history(5_000), { seq: 1n }] },
};

/** The engine's command server answering `results[cmd]` and a client of it, for `fn`. */
async function withServer(fn: (client: EngineClient, address: string) => Promise<void>): Promise<void> {
  const { home, address } = freshHome();
  const server = await CommandServer.bind(address, async (req) => results[req.cmd], () => undefined);
  const client = new EngineClient(home);
  try {
    await fn(client, address);
  } finally {
    client.close();
    server.close();
  }
}

test.after(() => tmp.cleanup());

test('given a result of several MB, the client gets it whole and equal; small ones still come as one frame', () =>
  withServer(async (client, address) => {
    const bigText = JSON.stringify(results.big);
    assert.ok(bigText.length > 2_000_000, `${bigText.length} chars`);
    assert.equal(await client.call('big'), results.big);
    assert.equal(await client.call('small'), results.small);
    assert.is(await client.call('nothing'), null);

    // What the socket carries: one frame for a small result; parts of ~64 KB for a big one.
    const raw = new Dealer({ linger: 0, receiveTimeout: 5_000 });
    raw.connect(address);
    await raw.send(JSON.stringify({ id: 's', cmd: 'small', args: {} }));
    const small = await raw.receive();
    assert.is(small.length, 1);
    assert.equal(JSON.parse(small[0]!.toString()), { id: 's', ok: true, result: results.small });
    await raw.send(JSON.stringify({ id: 'b', cmd: 'big', args: {} }));
    const pieces: Buffer[] = [];
    for (;;) {
      const [header, piece] = await raw.receive();
      const h = JSON.parse(header!.toString()) as { id: string; part: number; end: boolean };
      assert.equal([h.id, h.part], ['b', pieces.length]);
      // ~64 K characters gathered plus one more token, at most 4 bytes a character in UTF-8.
      assert.ok(piece!.length < 140 * 1024 * 4, `piece of ${piece!.length} bytes`);
      pieces.push(piece!);
      if (h.end) break;
    }
    raw.close();
    assert.ok(pieces.length > 20, `${pieces.length} parts`);
    assert.is(Buffer.concat(pieces).toString('utf8'), bigText);
  }));

test('given a big result on its way, calls made meanwhile are answered and every answer is its own', () =>
  withServer(async (client) => {
    const calls = [client.call('big'), client.call('small'), client.call('big'), client.call('small'), client.call('nothing')];
    const got = await Promise.all(calls);
    assert.equal(got, [results.big, results.small, results.big, results.small, null]);
  }));

test('given a result that cannot be encoded half-way, that call fails with E_FAILED and the next one works', () =>
  withServer(async (client) => {
    try {
      await client.call('unencodable');
      assert.unreachable('an unencodable result must fail the call');
    } catch (err) {
      assert.instance(err, StuiError);
      assert.is((err as StuiError).code, 'E_FAILED');
      assert.match((err as Error).message, /could not be encoded/);
    }
    assert.equal(await client.call('small'), results.small);
  }));

test('given parts out of order or a broken result, the client rejects that call and keeps answering others', async () => {
  const { home, address } = freshHome();
  const router = new Router({ linger: 0 });
  await router.bind(address);
  const client = new EngineClient(home);
  const served = (async () => {
    for await (const [identity, body] of router) {
      const { id, cmd } = JSON.parse(body!.toString()) as { id: string; cmd: string };
      if (cmd === 'skip') await router.send([identity!, JSON.stringify({ id, part: 1, end: true }), '[1]']);
      if (cmd === 'broken') {
        await router.send([identity!, JSON.stringify({ id, part: 0, end: false }), '{"a":']);
        await router.send([identity!, JSON.stringify({ id, part: 1, end: true }), '}']);
      }
      if (cmd === 'garbage-header') {
        await router.send([identity!, 'not json', '[1]']);
        await router.send([identity!, JSON.stringify({ id, ok: true, result: 'after garbage' })]);
      }
    }
  })();
  try {
    for (const [cmd, pattern] of [['skip', /out of order/], ['broken', /could not be read/]] as const) {
      try {
        await client.call(cmd, {}, 3_000);
        assert.unreachable(cmd);
      } catch (err) {
        assert.is((err as StuiError).code, 'E_FAILED', cmd);
        assert.match((err as Error).message, pattern);
      }
    }
    assert.is(await client.call('garbage-header', {}, 3_000), 'after garbage');
  } finally {
    client.close();
    router.close();
    await served.catch(() => undefined);
  }
});

test.run();
