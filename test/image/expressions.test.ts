import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smalltalk } from '../../image/smalltalk/index.js';
import { allRows, blocks, classes, collections, exceptions, literals, messages, numbers, strings, type Row } from './pharoExpressions.js';

const options = { timeoutMs: 5000, transcript: (): void => {} };

test(`the specification table has at least 150 expressions (${allRows.length})`, () => {
  assert.ok(allRows.length >= 150);
});

function check(rows: Row[]): void {
  const failures: string[] = [];
  for (const [source, expected] of rows) {
    // A fresh VM per row keeps rows independent of each other's workspace variables.
    const vm = smalltalk.create();
    const r = vm.evaluate('spec', source, options);
    if (typeof expected === 'string') {
      if (!r.ok) failures.push(`${source}\n    expected ${expected}\n    got error ${r.error.errorClass}: ${r.error.messageText}`);
      else if (r.value.printString !== expected) failures.push(`${source}\n    expected ${expected}\n    got      ${r.value.printString}`);
    } else if (r.ok) failures.push(`${source}\n    expected ${expected.errorClass}\n    got value ${r.value.printString}`);
    else if (r.error.errorClass !== expected.errorClass) failures.push(`${source}\n    expected ${expected.errorClass}\n    got ${r.error.errorClass}: ${r.error.messageText}`);
  }
  assert.is(failures.length, 0, `${failures.length} of ${rows.length} differ:\n  ${failures.join('\n  ')}`);
}

const groups: [string, Row[]][] = [
  ['literals', literals],
  ['message syntax and precedence', messages],
  ['blocks and control flow', blocks],
  ['exceptions', exceptions],
  ['numbers', numbers],
  ['collections', collections],
  ['strings, symbols and characters', strings],
  ['classes, metaclasses and globals', classes],
];
for (const [name, rows] of groups) test(`${name}: ${rows.length} expressions answer as in Pharo`, () => check(rows));

test.run();
