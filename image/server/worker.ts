import { parentPort, workerData } from 'node:worker_threads';
import type { Reply } from '../../protocol/index.js';
import type { SmalltalkVM } from '../vm/api.js';
import { handleVmRequest, type VmRequest } from './handlers.js';
import { findFactory } from './vmModule.js';

/**
 * The worker thread that holds the whole Smalltalk world. It runs one request at a time; the main
 * thread keeps answering heartbeats and queueing requests meanwhile, and can terminate this
 * thread if an evaluation overruns its limit.
 */

export interface WorkerInit {
  vmModule: string;
  /** The world to resume (saveState() output), or none for a fresh one. */
  state?: Uint8Array;
  /**
   * 'always': snapshot after every request that may change the world (needed when the snapshot
   * is saved with the reply). 'adaptive': skip snapshots while the last one is recent compared
   * with what it cost, so a large world does not slow every evaluation of an image without saved
   * state (a restart after a hung evaluation then resumes from a slightly older world).
   */
  snapshots: 'always' | 'adaptive';
}

/** In adaptive mode snapshots take at most about 1/ADAPTIVE_FACTOR of the time. */
const ADAPTIVE_FACTOR = 50;
/** Snapshots cheaper than this are always taken. */
const CHEAP_SNAPSHOT_MS = 5;

export type ToWorker = { kind: 'job'; jobId: number; req: VmRequest; timeoutMs: number };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'transcript'; jobId: number; text: string }
  | { kind: 'done'; jobId: number; reply: Reply; state?: Uint8Array };

const port = parentPort;
if (!port) throw new Error('worker.js runs only as a worker thread');
const init = workerData as WorkerInit;

function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

async function boot(): Promise<SmalltalkVM> {
  const mod = (await import(init.vmModule)) as Record<string, unknown>;
  const factory = findFactory(mod);
  if (!factory) throw new Error(`${init.vmModule} exports no Smalltalk VM factory (create/load)`);
  return init.state ? factory.load(init.state) : factory.create();
}

let lastSaveMs = 0;
let lastSnapshotAt = 0;

/** Whether the request may have changed what saveState() holds (object ids are not saved). */
function mayChangeWorld(req: VmRequest, reply: Reply): boolean {
  if (reply.type === 'error') return reply.code !== 'unknown_session';
  if (reply.type === 'session.opened') return !reply.resumed;
  if (reply.type === 'session.closed') return reply.existed;
  return req.type === 'evaluate';
}

function snapshot(vm: SmalltalkVM, req: VmRequest, reply: Reply): Uint8Array | undefined {
  if (!mayChangeWorld(req, reply)) return undefined;
  const costly = lastSaveMs > CHEAP_SNAPSHOT_MS;
  if (init.snapshots === 'adaptive' && costly && Date.now() - lastSnapshotAt < lastSaveMs * ADAPTIVE_FACTOR) return undefined;
  const started = performance.now();
  const state = vm.saveState();
  lastSaveMs = performance.now() - started;
  lastSnapshotAt = Date.now();
  return state;
}

boot().then(
  (vm) => {
    port.on('message', (msg: ToWorker) => {
      const { jobId, req, timeoutMs } = msg;
      let reply: Reply;
      try {
        reply = handleVmRequest(vm, req, { timeoutMs, transcript: (text) => post({ kind: 'transcript', jobId, text }) });
      } catch (err) {
        reply = {
          type: 'error',
          id: req.id,
          session: req.session,
          code: 'internal',
          message: `the image failed while handling ${req.type}: ${(err as Error)?.message ?? String(err)}`,
        };
      }
      const state = snapshot(vm, req, reply);
      // Posted as a copy (structured clone): the VM may keep referring to the buffer it returned.
      post(state ? { kind: 'done', jobId, reply, state } : { kind: 'done', jobId, reply });
    });
    post({ kind: 'ready' });
  },
  (err: unknown) => post({ kind: 'fatal', message: (err as Error)?.message ?? String(err) }),
);
