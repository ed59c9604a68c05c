/**
 * The project never names a network its user did not: an engine dials every image it finds in a
 * log, so every address in the benches, tests, docs, README, the committed fixtures (opened, since
 * they are sealed) and the logs `npm run bench:generate` writes is on loopback.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openLog } from '../../engine/log/index.js';
import { IMAGE_NAMES, SyntheticHistory } from '../../bench/synthetic.js';
import { repoRoot, tempDir } from '../support/cli.js';
import { closedPorts } from '../support/ports.js';

/** An address as `grep -rEo` cuts it: the scheme, then everything up to a space, a quote or a backtick. */
const ADDRESS = /tcp:\/\/[^ "'`]+/g;

/**
 * Whether an address (as the grep above cuts it) is on loopback: 127.0.0.0/8 or [::1]. Usage
 * lines write the syntax itself, `tcp://H:P`, which names no host and passes.
 */
export function onLoopback(address: string): boolean {
  const rest = address.slice('tcp://'.length);
  if (/^[A-Z]+:[A-Z]+\]?$/.test(rest)) return true;
  if (rest.startsWith('[::1]')) return true;
  const host = /^([^:/]*)/.exec(rest)![1]!;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...textFiles(p));
    else if (/\.(ts|mts|mjs|js|md|json|txt|sh)$/.test(name)) out.push(p);
  }
  return out;
}

const strays = (text: string): string[] => (text.match(ADDRESS) ?? []).filter((a) => !onLoopback(a));

test('the loopback rule itself: loopback and the usage syntax pass, every other host fails', () => {
  for (const a of ['tcp://127.0.0.1:5555', 'tcp://127.9.0.2:1', 'tcp://[::1]:7428', 'tcp://127.0.0.1:${port}', 'tcp://H:P', 'tcp://H:P]']) {
    assert.ok(onLoopback(a), a);
  }
  // Put together here, so that this file itself names none of them for the scan below.
  const scheme = 'tcp:/' + '/';
  for (const rest of ['10.0.0.2:5550', '10.9.9.9:5555', 'h:1', 'localhost:1', '128.0.0.1:1', '127.0.0.1.example.com:1', '[::2]:1', '${host}:1', '*:5555']) {
    assert.not.ok(onLoopback(scheme + rest), rest);
    assert.equal(strays(`image at ${scheme + rest} and tcp://127.0.0.1:1`), [scheme + rest], rest);
  }
});

test('bench/, test/, docs/ and README.md name loopback addresses only', () => {
  const files = [join(repoRoot, 'README.md'), ...['bench', 'test', 'docs'].flatMap((d) => textFiles(join(repoRoot, d)))];
  assert.ok(files.length > 50, `scanned ${files.length} files`);
  const found = files.flatMap((f) => strays(readFileSync(f, 'utf8')).map((a) => `${relative(repoRoot, f)}: ${a}`));
  assert.equal(found, [], `addresses outside loopback:\n  ${found.join('\n  ')}`);
});

test('the committed fixture logs, opened, name loopback addresses only', async () => {
  const fixtures = join(repoRoot, 'test', 'fixtures');
  const homes = readdirSync(fixtures)
    .map((name) => join(fixtures, name, 'home'))
    .filter((home) => existsSync(join(home, 'log')));
  assert.ok(homes.length > 0, 'there are fixture homes');
  const tmp = tempDir('stui-loopback-');
  try {
    for (const [i, fixture] of homes.entries()) {
      if (!existsSync(join(fixture, 'key'))) throw new Error(`${fixture} is not a key-file home: teach this test its passphrase`);
      // Opening migrates an old store in place: read a copy, the fixture stays frozen.
      const home = join(tmp.dir, String(i));
      cpSync(fixture, home, { recursive: true });
      const log = await openLog({ home, readOnly: true });
      try {
        let entries = 0;
        const found: string[] = [];
        for await (const e of log.read({})) {
          entries++;
          found.push(...strays(JSON.stringify(e.data)).map((a) => `seq ${e.seq}: ${a}`));
        }
        assert.ok(entries > 0, `${relative(repoRoot, fixture)} holds entries`);
        assert.equal(found, [], `${relative(repoRoot, fixture)}:\n  ${found.join('\n  ')}`);
      } finally {
        await log.close();
      }
    }
  } finally {
    tmp.cleanup();
  }
});

test('a generated log registers its images on loopback ports nothing listens on', async () => {
  const ports = await closedPorts(IMAGE_NAMES.length);
  const history = new SyntheticHistory(7, 20_000, ports);
  const registered = history.take(20_000).filter((e) => e.type === 'image.registered' || e.type === 'connection.connecting');
  const addresses = new Set(registered.map((e) => (e.data as { address: string }).address));
  assert.equal([...addresses].sort(), ports.map((p) => `tcp://127.0.0.1:${p}`).sort());
});

test.run();
