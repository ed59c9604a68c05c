/**
 * The folding half of rebuildOnWorker, run as a worker thread: decodes the opened chunks it is
 * sent, folds every rebuild part over them in order, and hands snapshots back as JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeChunk, type Entry, type OpenedChunk } from '../engine/log/index.js';
import { receivedError, sendableError } from '../engine/errors.js';
import { rebuildParts } from './rebuildAll.js';
import type { FromWorker, ToWorker, WorkerStart } from './rebuildOnWorker.js';
import { rebuildFrom, type SnapshotSink } from './runner.js';

const port = parentPort;
if (!port) throw new Error('projections/rebuildWorker runs only as a worker thread of rebuildOnWorker');
const start = workerData as WorkerStart;
const send = (m: FromWorker): void => port.postMessage(m);

// Chunks wait here until the fold takes them; replies settle the snapshot writes awaited below.
const queue: (OpenedChunk | null)[] = [];
let take: (() => void) | null = null;
const replies = new Map<number, { resolve(v: number): void; reject(e: unknown): void }>();
let nextId = 1;

port.on('message', (m: ToWorker) => {
  if (m.t === 'reply') {
    const r = replies.get(m.id);
    replies.delete(m.id);
    if (m.error) r?.reject(receivedError(m.error));
    else r?.resolve(m.value ?? 0);
    return;
  }
  queue.push(m.t === 'chunk' ? m.chunk : null);
  take?.();
});

function ask(m: Omit<Extract<FromWorker, { t: 'put' }>, 'id'> | Omit<Extract<FromWorker, { t: 'prune' }>, 'id'>): Promise<number> {
  const id = nextId++;
  return new Promise<number>((resolve, reject) => {
    replies.set(id, { resolve, reject });
    send({ ...m, id } as FromWorker);
  });
}

const sink: SnapshotSink = {
  headSeq: start.head,
  async putSnapshot(name, version, seq, state) {
    await ask({ t: 'put', name, version, seq, json: JSON.stringify(state) });
  },
  pruneSnapshots: (name, version, keep) => ask({ t: 'prune', name, version, keep }),
};

async function* chunks(): AsyncGenerator<Entry[]> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((resolve) => (take = resolve));
    take = null;
    const chunk = queue.shift()!;
    if (chunk === null) return;
    yield decodeChunk(chunk);
    // Folded: the reader may send another.
    send({ t: 'ack' });
  }
}

try {
  const { parts, sessions } = rebuildParts(sink, start.options);
  const result = await rebuildFrom(chunks(), parts);
  send({ t: 'done', entries: result.entries, sessions: sessions().length });
} catch (err) {
  send({ t: 'failed', error: sendableError(err) });
}
// Nothing more will come: let the thread end even while the port is still open.
port.unref();
