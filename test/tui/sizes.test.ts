/**
 * Small and large terminals: every pane's border is where the layout puts it, intact, with no
 * text across it; a resize lays the panes out again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeLayout, type Rect } from '../../tui/layout.js';
import { readyScreen, tuiFixture, type Tmux } from './tmux.js';

/** Checks each pane's four borders cell by cell on the captured screen. */
function checkBorders(lines: string[], cols: number, rows: number): void {
  assert.is(lines.length, rows, 'one captured line per terminal row');
  for (const l of lines) assert.ok([...l].length <= cols, `line wider than the terminal: ${l}`);
  const l = computeLayout(cols, rows, 'standard');
  const panes: Array<[string, Rect | null]> = [['images', l.images], ['workspace', l.workspace], ['inspector', l.inspector], ['transcript', l.transcript]];
  const at = (y: number, x: number): string => [...(lines[y] ?? '')][x] ?? ' ';
  for (const [name, r] of panes) {
    assert.ok(r, `${name} shown at ${cols}x${rows}`);
    const right = r!.left + r!.width - 1;
    const bottom = r!.top + r!.height - 1;
    assert.is(at(r!.top, r!.left), '┌', `${name} top-left corner`);
    assert.is(at(r!.top, right), '┐', `${name} top-right corner`);
    assert.is(at(bottom, r!.left), '└', `${name} bottom-left corner`);
    assert.is(at(bottom, right), '┘', `${name} bottom-right corner`);
    for (let y = r!.top + 1; y < bottom; y++) {
      assert.is(at(y, r!.left), '│', `${name} left border, row ${y}`);
      assert.is(at(y, right), '│', `${name} right border, row ${y}: ${lines[y]}`);
    }
    for (let x = r!.left + 1; x < right; x++) assert.is(at(bottom, x), '─', `${name} bottom border, column ${x}`);
  }
  assert.match(lines[rows - 1]!, /F1 help/, 'status bar on the last line');
}

async function fillAndCheck(tmux: Tmux, cols: number, rows: number): Promise<void> {
  checkBorders(tmux.capture(), cols, rows);
}

test('80x24 and 200x60 render without overlap; resizing re-lays out', async () => {
  const { home, tmux, cleanup } = tuiFixture(80, 24);
  try {
    tmux.launch(home);
    await tmux.waitFor(readyScreen, 30_000, 'ready');
    // A line much wider than the workspace, and many lines: neither may cross a border.
    tmux.type(`'${'wide '.repeat(60)}'`);
    tmux.keys('C-p');
    await tmux.waitFor((s) => s.includes('→ '), 10_000, 'the evaluation in the transcript');
    for (let i = 0; i < 30; i++) tmux.keys('Enter');
    tmux.type('x := 1');
    await tmux.waitFor((s) => s.includes('x := 1'), 5_000, 'typing after many lines');
    await fillAndCheck(tmux, 80, 24);

    tmux.resize(200, 60);
    await tmux.waitFor((s) => s.split('\n').length === 60 && s.split('\n')[0]!.length > 150, 5_000, 'the larger layout');
    await new Promise((r) => setTimeout(r, 300));
    await fillAndCheck(tmux, 200, 60);

    tmux.resize(80, 24);
    await tmux.waitFor((s) => s.split('\n').length === 24, 5_000, 'back to 80x24');
    await new Promise((r) => setTimeout(r, 300));
    await fillAndCheck(tmux, 80, 24);
  } finally {
    await cleanup();
  }
});

test('a 200x60 terminal from the start', async () => {
  const { home, tmux, cleanup } = tuiFixture(200, 60);
  try {
    tmux.launch(home);
    await tmux.waitFor(readyScreen, 30_000, 'ready');
    tmux.keys('F1');
    await tmux.waitFor((s) => s.includes('Help — every key'), 5_000, 'the help');
    assert.match(tmux.text(), /Ctrl-P\s+print it/);
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Help — every key'), 5_000, 'help closed');
    await fillAndCheck(tmux, 200, 60);
  } finally {
    await cleanup();
  }
});

test.run();
