/**
 * The inspector (drill down, back, restored with its path), time travel (scrub, copy old text
 * into the present), the audit view and the orphans view with its confirm-to-archive.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stui } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { stuiJson, waitUntil } from '../engine/harness.js';
import { readyScreen, tuiFixture, type Tmux } from './tmux.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Escape alone, then a pause: an escape followed at once by more input reads as Alt-<key>. */
async function escape(tmux: Tmux): Promise<void> {
  tmux.keys('Escape');
  await pause(250);
}

test('inspector, history, audit and orphans', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  try {
    tmux.launch(home);
    await tmux.waitFor(readyScreen, 30_000, 'ready');

    // Inspect it, drill into the second element.
    tmux.type('#(10 20 30)');
    tmux.keys('C-o');
    await tmux.waitFor((s) => s.includes('[2]') && s.includes('#(10 20 30)  Array'), 10_000, 'the inspector on the array');
    tmux.keys('Down', 'Enter');
    await tmux.waitFor((s) => s.includes('Array › 2') && s.includes('20  SmallInteger'), 10_000, 'drilled into [2]');

    // Time travel: the text before it was replaced, copied back into the present.
    tmux.keys('BTab'); // back to the workspace
    tmux.keys('C-a');
    tmux.type('fresh');
    await tmux.waitFor((s) => s.includes('fresh') && !s.includes('#(10 20 30)\n'), 5_000, 'the replaced text');
    await pause(200);
    tmux.keys('F2');
    await tmux.waitFor((s) => s.includes('History of session') && /step \d+\/\d+/.test(s), 10_000, 'the history view');
    for (let i = 0; i < 40 && !tmux.text().includes('│ #(10 20 30)'); i++) {
      tmux.keys('Left');
      await pause(120);
    }
    await tmux.waitFor((s) => s.includes('│ #(10 20 30)'), 5_000, 'the old text at an earlier point');
    tmux.keys('c');
    await tmux.waitFor((s) => s.includes('fresh#(10 20 30)') && s.includes('copied 11 characters'), 5_000, 'the old text in the present');

    // Audit: an image that came and went.
    assert.is((await stui(['image', 'add', 'gone', `tcp://127.0.0.1:${await freePort()}`], { home })).code, 0);
    const queued = await stui(['eval', '--image', 'gone', '--timeout', '0.2', '1 + 1'], { home });
    assert.is(queued.code, 5, queued.stderr);
    assert.is((await stui(['image', 'remove', 'gone'], { home })).code, 0);
    tmux.keys('F3');
    await tmux.waitFor((s) => s.includes('Audit') && s.includes('gone image.removed'), 10_000, 'the audit view');
    await escape(tmux);

    // Orphans: the session of the removed image, archived after a confirmation.
    tmux.keys('F4');
    await tmux.waitFor((s) => s.includes('Orphaned sessions') && s.includes('image gone  removed'), 10_000, 'the orphan');
    tmux.keys('a');
    await tmux.waitFor((s) => s.includes('Archive 1 orphaned session(s)?'), 5_000, 'the confirmation');
    tmux.keys('n');
    await tmux.waitFor((s) => !s.includes('Archive 1 orphaned'), 5_000, 'cancelled');
    let rows = await stuiJson<Array<{ image: string; state: string }>>(home, ['sessions']);
    assert.is(rows.find((r) => r.image === 'gone')?.state, 'orphaned', 'n archives nothing');
    tmux.keys('a');
    await tmux.waitFor((s) => s.includes('Archive 1 orphaned session(s)?'), 5_000, 'the confirmation again');
    tmux.keys('y');
    await tmux.waitFor((s) => s.includes('archived 1 session(s)'), 10_000, 'archived');
    rows = await stuiJson<Array<{ image: string; state: string }>>(home, ['sessions']);
    assert.is(rows.find((r) => r.image === 'gone')?.state, 'archived');
    await escape(tmux);

    // The inspector comes back with its path.
    tmux.keys('C-q');
    await waitUntil(() => tmux.paneDead(), 5_000, 'the TUI to exit');
    tmux.launch(home);
    await tmux.waitFor((s) => s.includes('Array › 2') && s.includes('20  SmallInteger') && s.includes('fresh#(10 20 30)'), 30_000, 'the restored inspector');
  } finally {
    await cleanup();
  }
});

test.run();
