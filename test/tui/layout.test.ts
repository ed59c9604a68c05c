import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LAYOUT_MODES, computeLayout, nextMode, overlaps, type Rect } from '../../tui/layout.js';
import { BINDINGS, helpLines, lookup, pretty, typedText } from '../../tui/keymap.js';
import { pickSession, prefsOf } from '../../tui/restore.js';
import { imageBadge } from '../../tui/status.js';
import { fit, tagged } from '../../tui/panes/text.js';

test('no two panes overlap and all stay on screen, at every size and layout', () => {
  for (const mode of LAYOUT_MODES) {
    for (let cols = 40; cols <= 240; cols += 7) {
      for (let rows = 12; rows <= 80; rows += 5) {
        const l = computeLayout(cols, rows, mode);
        const rects = [l.images, l.workspace, l.inspector, l.transcript, l.status].filter((r): r is Rect => r !== null);
        for (const r of rects) {
          assert.ok(r.left >= 0 && r.top >= 0 && r.left + r.width <= cols && r.top + r.height <= rows, `${mode} ${cols}x${rows} in bounds`);
          assert.ok(r.width >= 3 && r.height >= 1, `${mode} ${cols}x${rows} big enough`);
        }
        for (let i = 0; i < rects.length; i++) {
          for (let j = i + 1; j < rects.length; j++) assert.not.ok(overlaps(rects[i]!, rects[j]!), `${mode} ${cols}x${rows}: ${i} and ${j}`);
        }
      }
    }
  }
});

test('the standard layout shows every pane at 80x24; the editor-only one just the workspace', () => {
  const l = computeLayout(80, 24, 'standard');
  assert.ok(l.images && l.inspector && l.transcript);
  assert.is(l.status.top, 23);
  const e = computeLayout(80, 24, 'editor');
  assert.is(e.images, null);
  assert.is(e.inspector, null);
  assert.equal(e.workspace, { top: 0, left: 0, width: 80, height: 23 });
  assert.is(nextMode('editor'), 'standard');
});

test('every key is bound once per scope, and the help lists each binding', () => {
  const seen = new Set<string>();
  for (const b of BINDINGS) {
    for (const k of b.keys) {
      const id = `${b.scope} ${k}`;
      assert.not.ok(seen.has(id), `${id} bound twice`);
      seen.add(id);
    }
  }
  const help = helpLines().join('\n');
  for (const b of BINDINGS) for (const k of b.keys) assert.ok(help.includes(pretty(k)), `help lists ${k}`);
  assert.is(lookup('workspace', 'C-p'), 'printIt');
  assert.is(lookup('workspace', 'C-d'), 'doIt');
  assert.is(lookup('workspace', 'C-o'), 'inspectIt');
  assert.is(lookup('global', 'C-q'), 'quit');
  assert.is(lookup('global', 'f1'), 'help');
  assert.is(lookup('global', 'tab'), 'nextPane');
  assert.is(lookup('workspace', 'return'), undefined, 'a carriage return arrives as enter too: bound once');
});

test('typed text: printable characters only', () => {
  const k = { ctrl: false, meta: false };
  assert.is(typedText('a', k), 'a');
  assert.is(typedText('{', k), '{');
  assert.is(typedText('p', { ctrl: true, meta: false }), null);
  assert.is(typedText('\r', { ...k, name: 'enter' }), null);
  assert.is(typedText('\t', { ...k, name: 'tab' }), null);
  assert.is(typedText('\x1b', { ...k, name: 'escape' }), null);
});

test('the session to continue is the live one touched last', () => {
  const row = (id: string, state: 'active' | 'orphaned', lastSeq: number) => ({ id, image: 'i', imageId: null, state, createdAt: '', lastSeq });
  assert.is(pickSession([row('a', 'active', 5), row('b', 'orphaned', 9), row('c', 'active', 7)])?.id, 'c');
  assert.is(pickSession([row('b', 'orphaned', 9)]), null);
});

test('prefs: known values restored, anything else falls back to defaults', () => {
  assert.equal(prefsOf({ prefs: { 'tui.layout': 'wide', 'tui.focus': 'inspector', 'tui.workspace': 'w-1' } }), {
    layout: 'wide', focus: 'inspector', workspace: 'w-1', inspector: null,
  });
  assert.equal(prefsOf({ prefs: { 'tui.layout': 'sideways', 'tui.focus': 7 } }).layout, 'standard');
});

test('status badges: reconnect countdown, offline with pending', () => {
  const base = { name: 'dev', address: 'tcp://127.0.0.1:1', latencyMs: null, attempt: null, retryAt: null, pending: 0 };
  assert.is(imageBadge({ ...base, state: 'connected', latencyMs: 1.25 }, 0).text, 'connected 1.3ms');
  assert.is(imageBadge({ ...base, state: 'reconnecting', attempt: 3, retryAt: 2_500 }, 0).text, 'reconnecting #3 in 3s');
  const off = imageBadge({ ...base, state: 'lost', pending: 2 }, 0);
  assert.is(off.text, 'offline, 2 pending');
  assert.is(off.colour, 'red');
});

test('pane text is cut to width and its braces escaped', () => {
  assert.is(fit('abcdef', 4), 'abc…');
  assert.is(fit('ab', 4), 'ab  ');
  assert.is(tagged([{ text: '{a}' }, { text: 'xyz', style: ['bold'] }], 5), '{open}a{close}{bold}xy{/bold}');
});

test.run();
