/**
 * The image goes away: the status says so within 2 s; what is evaluated meanwhile shows as
 * pending and completes when the image is back (same state dir, same port).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { stui } from '../support/cli.js';
import { serveImage } from '../engine/harness.js';
import { readyScreen, tuiFixture } from './tmux.js';

/** The status bar: the screen's last line. */
const statusOf = (s: string): string => s.split('\n').pop() ?? '';

test('drop the image: status within 2 s, pending evaluation completes on return', async () => {
  const { home, tmux, cleanup } = tuiFixture(100, 30);
  const state = join(home, '..', 'image-state');
  let image = await serveImage({ name: 'dev', state });
  try {
    const add = await stui(['image', 'add', 'dev', image.address], { home });
    assert.is(add.code, 0, add.stderr);
    tmux.launch(home);
    await tmux.waitFor((s) => readyScreen(s) && statusOf(s).includes('dev connected'), 30_000, 'connected to dev');
    tmux.type('Smalltalk at: #Before put: 6');
    tmux.keys('C-d');
    await tmux.waitFor((s) => s.includes('→ Smalltalk at: #Before'), 10_000, 'the do it');

    await image.stop();
    const dropped = Date.now();
    const seen = await tmux.waitFor((s) => !statusOf(s).includes('connected'), 30_000, 'the status to change');
    console.log(`status changed ${Date.now() - dropped} ms after the image went away: ${statusOf(seen.screen).trim()}`);
    assert.match(statusOf(seen.screen), /dev (offline|reconnecting|not answering|connecting)/);

    tmux.keys('Enter');
    tmux.type('(Smalltalk at: #Before) * 5');
    tmux.keys('C-p');
    const pending = await tmux.waitFor((s) => s.includes('queued') && /1 pending/.test(statusOf(s)), 10_000, 'the evaluation shown as pending');
    assert.match(pending.screen, /⋯ queued: dev offline, runs once when back/);
    assert.match(pending.screen, /offline, 1 pending|reconnecting #\d+( in \d+s)?, 1 pending/);

    image = await serveImage({ name: 'dev', state, port: image.port });
    await tmux.waitFor((s) => s.includes('(Smalltalk at: #Before) * 5 30'), 30_000, 'the answer once the image is back');
    await tmux.waitFor((s) => statusOf(s).includes('dev connected') && statusOf(s).includes('0 pending'), 10_000, 'connected, nothing pending');
  } finally {
    await image.stop();
    await cleanup();
  }
});

test.run();
