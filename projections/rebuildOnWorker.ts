/**
 * A full rebuild split over two threads. Reading and opening the sealed entries stays here,
 * where the store and the key are; decoding and folding (most of the work) run on a worker
 * thread, which never sees the key. Chunks cross as transferred buffers; snapshots come back as
 * JSON text to be sealed and written here. A few chunks are kept in flight, so memory stays flat.
 */
import { Worker } from 'node:worker_threads';
import type { OpenedChunk } from '../engine/log/index.js';
import { receivedError, sendableError, type SentError } from '../engine/errors.js';
import type { RebuildAllOptions } from './rebuildOptions.js';
import type { RebuildResult, SnapshotLog } from './runner.js';

/** What the rebuild needs of the log beyond a SnapshotLog. */
export interface WorkerLog {
  readOpenedChunks(options: { from?: number; to?: number; chunk?: number }): AsyncIterable<OpenedChunk>;
  putSnapshotJson(name: string, version: number, seq: number, stateJson: string): Promise<void>;
}

export interface WorkerStart {
  head: number;
  options: Omit<RebuildAllOptions, 'signal'>;
}

export type ToWorker =
  | { t: 'chunk'; chunk: OpenedChunk }
  | { t: 'end' }
  | { t: 'reply'; id: number; value?: number; error?: SentError };

export type FromWorker =
  | { t: 'ack' }
  | { t: 'put'; id: number; name: string; version: number; seq: number; json: string }
  | { t: 'prune'; id: number; name: string; version: number; keep: number }
  | { t: 'done'; entries: number; sessions: number }
  | { t: 'failed'; error: SentError };

/** Chunks read ahead of the fold: enough to keep both threads busy, few enough to stay small. */
const IN_FLIGHT = 4;

export async function rebuildOnWorker(log: SnapshotLog & WorkerLog, options: RebuildAllOptions): Promise<RebuildResult & { sessions: number }> {
  const started = process.hrtime.bigint();
  const head = log.headSeq;
  // The signal stays here (it cannot cross threads): stopping means no more chunks, then terminate.
  const { signal, ...shared } = options;
  signal?.throwIfAborted();
  const start: WorkerStart = { head, options: shared };
  const worker = new Worker(new URL('./rebuildWorker.js', import.meta.url), { workerData: start });

  let inFlight = 0;
  let wake: (() => void) | null = null;
  let settle!: { resolve(r: { entries: number; sessions: number }): void; reject(e: unknown): void };
  const finished = new Promise<{ entries: number; sessions: number }>((resolve, reject) => (settle = { resolve, reject }));
  let failed = false;
  const fail = (err: unknown): void => {
    failed = true;
    settle.reject(err);
    wake?.();
  };
  const reply = (id: number, work: Promise<number | void>): void => {
    work.then(
      (value) => worker.postMessage({ t: 'reply', id, value: value ?? undefined } satisfies ToWorker),
      (err: unknown) => worker.postMessage({ t: 'reply', id, error: sendableError(err) } satisfies ToWorker),
    );
  };
  worker.on('message', (m: FromWorker) => {
    switch (m.t) {
      case 'ack':
        inFlight--;
        wake?.();
        return;
      case 'put':
        return reply(m.id, log.putSnapshotJson(m.name, m.version, m.seq, m.json));
      case 'prune':
        return reply(m.id, log.pruneSnapshots(m.name, m.version, m.keep));
      case 'done':
        return settle.resolve({ entries: m.entries, sessions: m.sessions });
      case 'failed':
        return fail(receivedError(m.error));
    }
  });
  worker.on('error', fail);
  const onAbort = (): void => fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  worker.on('exit', (code) => fail(new Error(`the rebuild thread stopped before it finished (exit ${code})`)));
  // A failure is reported through `finished`; nothing else may leave it unhandled meanwhile.
  finished.catch(() => undefined);

  try {
    for await (const chunk of log.readOpenedChunks({ from: 1, to: head })) {
      while (inFlight >= IN_FLIGHT && !failed) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (failed) break;
      inFlight++;
      worker.postMessage({ t: 'chunk', chunk } satisfies ToWorker, [chunk.bytes.buffer, chunk.ends.buffer]);
    }
    if (!failed) worker.postMessage({ t: 'end' } satisfies ToWorker);
    const { entries, sessions } = await finished;
    return { entries, sessions, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
