/**
 * Coming back exactly as left: after Ctrl-Q the text, caret, layout and focus are back; after a
 * SIGKILL in the middle of typing, every key the TUI had shown before the kill is back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stuiJson, waitUntil } from '../engine/harness.js';
import { readyScreen, tuiFixture } from './tmux.js';

interface RestoreJson {
  workspaces: Array<{ text: string; cursor: number }>;
  prefs: Record<string, unknown>;
}

async function sessionOf(home: string): Promise<string> {
  const rows = await stuiJson<Array<{ id: string }>>(home, ['sessions']);
  return rows[0]!.id;
}

test('quit and start again: text, caret, layout and focus are back', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  try {
    tmux.launch(home);
    await tmux.waitFor(readyScreen, 30_000, 'ready');
    tmux.type('| a b |');
    tmux.keys('Enter');
    tmux.type('a := 3.');
    tmux.keys('Enter');
    tmux.type('b := 4');
    // Caret back to the start of the middle line, after "a".
    tmux.keys('Up', 'Home', 'Right');
    tmux.keys('F6'); // layout: wide editor (no images pane)
    await tmux.waitFor((s) => !s.includes('Images') && s.includes('b := 4'), 5_000, 'the wide layout');
    tmux.keys('Tab'); // focus: the inspector
    await new Promise((r) => setTimeout(r, 300));
    tmux.keys('C-q');
    await waitUntil(() => tmux.paneDead(), 5_000, 'the TUI to exit');

    tmux.launch(home);
    const back = await tmux.waitFor((s) => s.includes('b := 4') && s.includes('connected'), 30_000, 'the restored workspace');
    assert.not.ok(back.screen.includes('─ Images'), 'the wide layout is back');
    assert.match(back.screen, /┌─ Inspector[^\n]*\n/);
    // Focus is on the inspector: typing does not reach the workspace until Tab comes back to it.
    tmux.type('j');
    tmux.keys('BTab');
    tmux.type('Q');
    await tmux.waitFor((s) => s.includes('aQ := 3.'), 5_000, 'typing at the restored caret');
    assert.not.ok(tmux.text().includes('j'), 'the j went to the inspector, not the workspace');
  } finally {
    await cleanup();
  }
});

test('SIGKILL mid-typing: every key shown before the kill is in the log', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  try {
    tmux.launch(home);
    await tmux.waitFor(readyScreen, 30_000, 'ready');
    const words = ['Transcript', 'show:', "'typed", 'before', "the", "kill'"];
    let typed = '';
    for (const w of words) {
      // Key by key, as a person types.
      for (const ch of `${w} `) {
        tmux.type(ch);
        typed += ch;
      }
    }
    const last = typed.trimEnd().slice(-12);
    await tmux.waitFor((s) => s.includes(last), 5_000, 'the last keys on screen');
    process.kill(tmux.panePid(), 'SIGKILL');
    const session = await sessionOf(home);
    const r = await stuiJson<RestoreJson>(home, ['restore', '--session', session]);
    assert.is(r.workspaces[0]!.text.trimEnd(), typed.trimEnd());

    tmux.launch(home);
    await tmux.waitFor((s) => s.includes(typed.trimEnd()) && readyScreen(s), 30_000, 'the text after the kill');
  } finally {
    await cleanup();
  }
});

test.run();
