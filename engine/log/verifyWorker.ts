/**
 * A thread of verifyLog's pool: checks the runs of sealed entries it is sent (open, decode,
 * hash) and sends each result back; the buffers cross as transfers, not copies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkRun, type SealedRun } from './verifyChunk.js';

const port = parentPort;
if (!port) throw new Error('engine/log/verifyWorker runs only as a worker thread of the verifier');
const key = workerData as Uint8Array;

port.on('message', (m: { id: number; run: SealedRun }) => {
  try {
    const r = checkRun(key, m.run);
    port.postMessage({ id: m.id, result: r }, [r.hashes.buffer, r.prevs.buffer, r.ts.buffer]);
  } catch (err) {
    port.postMessage({ id: m.id, error: (err as Error).message ?? String(err) });
  }
});
