/**
 * A newcomer's first minute: `stui` on a fresh home shows the main screen at once, starts and
 * registers the embedded image, and `3 + 4` Ctrl-P prints 7. Quitting leaves the engine and the
 * image running; the next start finds the image again, or starts it again where it was.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stuiJson, alive, enginePid, waitUntil } from '../engine/harness.js';
import { embeddedPid } from '../../tui/embedded.js';
import { mainScreen, readyScreen, tuiFixture } from './tmux.js';

// How fast the first screen shows is measured in bench/tuiStartup.ts; here, that it shows whole.
test('fresh home: the main screen with its panes, then the embedded image connected', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  try {
    tmux.launch(home);
    const first = await tmux.waitFor(mainScreen, 30_000, 'the main screen');
    assert.ok(first.screen.includes('Images') && first.screen.includes('Transcript') && first.screen.includes('Inspector'));
    // Let the start-up finish before cleaning up, so nothing is left half-started.
    await tmux.waitFor(readyScreen, 60_000, 'ready');
  } finally {
    await cleanup();
  }
});

test('fresh home: embedded image, print it, detach, come back', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  try {
    tmux.launch(home);
    await tmux.waitFor(mainScreen, 30_000, 'the main screen');

    const ready = await tmux.waitFor(readyScreen, 60_000, 'the embedded image connected');
    assert.match(ready.screen, /● local connected/);
    tmux.type('3 + 4');
    tmux.keys('C-p');
    await tmux.waitFor((s) => s.includes('3 + 4 7'), 10_000, 'print it');
    // The result is selected: typing replaces it.
    tmux.type('x');
    await tmux.waitFor((s) => s.includes('3 + 4 x'), 5_000, 'typing over the selected result');

    const images = await stuiJson<Array<{ name: string; address: string; state: string }>>(home, ['image', 'list']);
    assert.is(images.length, 1);
    assert.is(images[0]!.name, 'local');
    assert.match(images[0]!.address, /^tcp:\/\/127\.0\.0\.1:\d+$/);

    tmux.keys('C-q');
    await waitUntil(() => tmux.paneDead(), 5_000, 'the TUI to exit');
    const engine = enginePid(home);
    const image = embeddedPid(home);
    assert.ok(engine !== null && alive(engine), 'the engine keeps running after Ctrl-Q');
    assert.ok(image !== null && alive(image), 'the embedded image keeps running after Ctrl-Q');

    // The image is stopped behind the TUI's back: the next start serves it again, same place, same identity.
    const before = await stuiJson<Array<{ imageId: string; address: string }>>(home, ['image', 'list']);
    process.kill(image!, 'SIGKILL');
    await waitUntil(() => !alive(image!), 5_000, 'the image to die');
    tmux.launch(home);
    await tmux.waitFor((s) => readyScreen(s) && s.includes('3 + 4 x'), 30_000, 'the TUI again, image restarted');
    const after = await stuiJson<Array<{ imageId: string; address: string; state: string }>>(home, ['image', 'list']);
    assert.is(after[0]!.address, before[0]!.address, 'same port');
    assert.is(after[0]!.imageId, before[0]!.imageId, 'same image identity (its state dir is in the home)');
    assert.is.not(embeddedPid(home), image);
  } finally {
    await cleanup();
  }
});

test.run();
