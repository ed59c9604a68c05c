import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basename } from 'node:path';
import { openLog } from '../../engine/log/index.js';
import { tempDir } from '../support/cli.js';
import { allFiles, collect, rawDb } from './support.js';

const DATA_MARKER = 'QX7-data-marker-4242';
const STREAM_MARKER = 'QX7-stream-marker-1717';
const TYPE_MARKER = 'qx7typemarker.edited';

function assertNoMarkers(home: string, when: string): string[] {
  const files = allFiles(home);
  for (const [path, bytes] of files) {
    for (const marker of [DATA_MARKER, STREAM_MARKER, TYPE_MARKER]) {
      for (const enc of ['utf8', 'utf16le'] as const) {
        assert.is(bytes.indexOf(Buffer.from(marker, enc)), -1, `${when}: ${marker} (${enc}) found in ${path}`);
      }
    }
  }
  return [...files.keys()].map((p) => basename(p));
}

test('given entries with marker strings in data, stream and type, then no file under the home contains them, before or after compaction', async () => {
  const { dir: home, cleanup } = tempDir();
  try {
    const log = await openLog({ home });
    await log.append([{ type: TYPE_MARKER, stream: STREAM_MARKER, data: { text: `say ${DATA_MARKER} twice ${DATA_MARKER}` } }]);
    await log.append(Array.from({ length: 50 }, (_, i) => ({ type: 'workspace.edited', stream: STREAM_MARKER, data: { workspace: 'w', from: 0, to: null, insert: `${DATA_MARKER} ${i}` } })));
    await log.close();
    const walFiles = assertNoMarkers(home, 'after close');
    assert.ok(walFiles.some((n) => /^\d+\.log$/.test(n)), `a LevelDB write-ahead log was checked (${walFiles.join(', ')})`);

    // Reopening turns the write-ahead log into a table; compaction rewrites the tables.
    const db = await rawDb(home);
    // level's universal type omits compactRange; in Node the store is classic-level, which has it.
    const classic = db as unknown as { compactRange(start: Buffer, end: Buffer): Promise<void> };
    await classic.compactRange(Buffer.from([0]), Buffer.from([0xff]));
    await db.close();
    const tableFiles = assertNoMarkers(home, 'after compaction');
    assert.ok(tableFiles.some((n) => n.endsWith('.ldb')), `a LevelDB table was checked (${tableFiles.join(', ')})`);

    // The markers are really in there: the log reads them back with the key.
    const again = await openLog({ home });
    const [first] = await collect(again.read({ stream: STREAM_MARKER, to: 1 }));
    assert.is(first!.type, TYPE_MARKER);
    assert.match(JSON.stringify(first!.data), DATA_MARKER);
    await again.close();
    assertNoMarkers(home, 'after reopen');
  } finally {
    cleanup();
  }
});

test.run();
