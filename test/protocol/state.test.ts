import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImageLink, newRequestId } from '../../protocol/index.js';
import type { EvaluatedReply } from '../../protocol/index.js';
import { tempDir } from '../support/cli.js';
import { startImage } from '../support/image.js';

function printString(r: EvaluatedReply): string {
  if (!r.ok) throw new Error(`evaluation failed: ${r.error.errorClass}: ${r.error.messageText}`);
  return r.value.printString;
}

test('kill -9 and restart on the same --state: same identity, globals, workspace and reply record', async () => {
  const { dir, cleanup } = tempDir('stui-proto-state-');
  const state = join(dir, 'state');
  try {
    const first = await startImage(['--name', 'keeper', '--state', state]);
    const link = ImageLink.connect(first.address);
    const welcome1 = await link.hello();
    await link.request({ type: 'session.open', id: newRequestId(), session: 'ws' });
    await link.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: "Smalltalk at: #Kept put: 'global value'" });
    await link.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'Smalltalk at: #Runs put: 0' });
    await link.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'answer := 41 + 1' });
    const bumpId = newRequestId();
    const bump = 'Smalltalk at: #Runs put: (Smalltalk at: #Runs) + 1';
    const before = await link.request({ type: 'evaluate', id: bumpId, session: 'ws', code: bump });
    assert.is(printString(before), '1');
    const pointRef = await link.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'pt := 3 @ 4' });
    link.close();

    const identity = JSON.parse(readFileSync(join(state, 'image.json'), 'utf8')) as { imageId: string; name: string };
    assert.is(identity.imageId, first.imageId);
    assert.is(statSync(join(state, 'snapshot.json')).mode & 0o777, 0o600);
    await first.kill9();

    const second = await startImage(['--state', state]);
    try {
      assert.is(second.imageId, first.imageId, 'the imageId survives a crash');
      const again = ImageLink.connect(second.address);
      try {
        const welcome2 = await again.hello();
        assert.is(welcome2.imageId, welcome1.imageId);
        assert.is(welcome2.name, 'keeper', 'the name is kept when --name is not given');
        assert.is.not(welcome2.incarnation, welcome1.incarnation, 'a restart is visible as a new incarnation');

        const opened = await again.request({ type: 'session.open', id: newRequestId(), session: 'ws', mustExist: true });
        assert.is(opened.resumed, true);
        assert.is(opened.variables.answer, '42');
        assert.match(opened.variables.pt ?? '', /^\(?3@4\)?$/);

        const kept = await again.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'Smalltalk at: #Kept' });
        assert.is(printString(kept), "'global value'");

        // The request answered before the crash is answered from the record, not run again.
        const resent = await again.request({ type: 'evaluate', id: bumpId, session: 'ws', code: bump });
        assert.is(resent.fromRecord, true);
        assert.is(printString(resent), '1');
        const runs = await again.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'Smalltalk at: #Runs' });
        assert.is(printString(runs), '1');

        // An object id from before the crash is either still known or a structured failure (the
        // image need not keep ids across restarts); the variable gives a fresh, inspectable one.
        if (pointRef.ok) {
          const old = await again.request({ type: 'inspect', id: newRequestId(), session: 'ws', oid: pointRef.value.oid });
          if (!old.ok) assert.type(old.error.errorClass, 'string');
        }
        const pt = await again.request({ type: 'evaluate', id: newRequestId(), session: 'ws', code: 'pt' });
        assert.ok(pt.ok);
        if (pt.ok) {
          const insp = await again.request({ type: 'inspect', id: newRequestId(), session: 'ws', oid: pt.value.oid });
          assert.ok(insp.ok);
          if (insp.ok) assert.equal(insp.inspection.named.map((n) => n.value.printString), ['3', '4']);
        }
      } finally {
        again.close();
      }
    } finally {
      await second.stop();
    }
  } finally {
    cleanup();
  }
});

test('a new --name on restart renames the image but keeps its imageId', async () => {
  const { dir, cleanup } = tempDir('stui-proto-state-');
  try {
    const a = await startImage(['--name', 'before', '--state', dir]);
    await a.stop();
    const b = await startImage(['--name', 'after', '--state', dir]);
    const link = ImageLink.connect(b.address);
    try {
      const w = await link.hello();
      assert.is(w.imageId, a.imageId);
      assert.is(w.name, 'after');
    } finally {
      link.close();
      await b.stop();
    }
  } finally {
    cleanup();
  }
});

test.run();
