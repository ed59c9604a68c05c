/**
 * The progress line of slow commands (cli/progress.ts), on an injected clock: quiet for the first
 * second, then at most a line a second on stderr; rewritten in place and cleared on a terminal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { progressLine } from '../../cli/progress.js';

function sink(tty: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY: tty });
  return { stream, text: () => text };
}

test('given work that ends within a second, then nothing is written', () => {
  let now = 0;
  const out = sink(false);
  const p = progressLine(out.stream, 'verify', 'entries', () => now);
  for (now = 0; now < 1_000; now += 100) p.update(now, 1_000);
  p.end();
  assert.is(out.text(), '');
});

test('given slow work off a terminal, then a line a second with counts grouped', () => {
  let now = 0;
  const out = sink(false);
  const p = progressLine(out.stream, 'verify', 'entries', () => now);
  for (now = 0; now <= 3_000; now += 250) p.update(now * 200, 1_000_000);
  p.end();
  assert.is(out.text(), 'verify: 200,000 / 1,000,000 entries\nverify: 400,000 / 1,000,000 entries\nverify: 600,000 / 1,000,000 entries\n');
});

test('given slow work on a terminal, then the line is rewritten in place and cleared at the end', () => {
  let now = 0;
  const out = sink(true);
  const p = progressLine(out.stream, 'verify', 'entries', () => now);
  now = 1_500;
  p.update(5, 10);
  p.end();
  assert.is(out.text(), '\r\x1b[2Kverify: 5 / 10 entries\r\x1b[2K');
});

test.run();
