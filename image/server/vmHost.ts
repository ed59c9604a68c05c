import { Worker } from 'node:worker_threads';
import { StuiError, type Reply } from '../../protocol/index.js';
import type { VmRequest } from './handlers.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';

/** Stack for the evaluator thread (MB); deep but finite recursion must fit. */
const WORKER_STACK_MB = 64;

/**
 * Runs the Smalltalk world in a worker thread, one request at a time, with a watchdog. The VM
 * interrupts an overlong evaluation itself (cooperatively); if it does not within the limit plus a
 * grace period, or the thread dies, the thread is terminated and a new one is started from the
 * last snapshot, and the request in progress is answered with an error.
 */

export interface VmHostOptions {
  vmModule: string;
  /** World to start from (saveState() output). */
  state?: Uint8Array;
  /** Extra time past a request's limit before the thread is presumed hung. */
  graceMs: number;
  /** See WorkerInit.snapshots. */
  snapshots: 'always' | 'adaptive';
  onTranscript(req: VmRequest, text: string): void;
  /** Told when the thread was replaced, for the image's log. */
  onRestart?(reason: string): void;
}

export interface JobResult {
  reply: Reply;
  /** A new snapshot of the world, when the request may have changed it and one was taken. */
  state?: Uint8Array;
}

interface Job {
  jobId: number;
  req: VmRequest;
  timeoutMs: number;
  resolve(r: JobResult): void;
}

function failure(req: VmRequest, code: 'timeout' | 'internal', message: string): Reply {
  return { type: 'error', id: req.id, session: req.session, code, message };
}

export class VmHost {
  private worker: Worker | undefined;
  private generation = 0;
  private ready = false;
  private queue: Job[] = [];
  private current: Job | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private nextJobId = 1;
  private closed = false;
  private snapshot: Uint8Array | undefined;

  private constructor(private readonly opts: VmHostOptions) {
    this.snapshot = opts.state;
  }

  /** Starts the worker and waits until the world is loaded. */
  static async start(opts: VmHostOptions): Promise<VmHost> {
    const host = new VmHost(opts);
    await host.spawn();
    return host;
  }

  /** The world as of the last completed request. */
  get lastState(): Uint8Array | undefined {
    return this.snapshot;
  }

  run(req: VmRequest, timeoutMs: number): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ jobId: this.nextJobId++, req, timeoutMs, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.watchdog);
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private spawn(): Promise<void> {
    const generation = ++this.generation;
    this.ready = false;
    const init: WorkerInit = {
      vmModule: this.opts.vmModule,
      snapshots: this.opts.snapshots,
      ...(this.snapshot ? { state: this.snapshot } : {}),
    };
    // Smalltalk recursion is JavaScript recursion in the evaluator: Node's default worker stack
    // stops a recursive block near 900 levels, far short of what a Smalltalker expects.
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: init,
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let booted = false;
      worker.on('message', (msg: FromWorker) => {
        if (generation !== this.generation) return;
        if (msg.kind === 'ready') {
          booted = true;
          this.ready = true;
          resolve();
          this.pump();
        } else if (msg.kind === 'fatal') {
          reject(new StuiError('E_FAILED', `the Smalltalk world could not be loaded: ${msg.message}`));
          void worker.terminate();
        } else {
          this.onWorkerMessage(msg);
        }
      });
      const died = (why: string): void => {
        if (generation !== this.generation || this.closed) return;
        if (!booted) {
          reject(new StuiError('E_FAILED', `the Smalltalk world could not be started: ${why}`));
          return;
        }
        this.replace(`the evaluator thread stopped (${why})`, 'internal');
      };
      worker.on('error', (err) => died(err.message));
      worker.on('exit', (code) => died(`exit code ${code}`));
    });
  }

  private onWorkerMessage(msg: FromWorker): void {
    const job = this.current;
    if (!job) return;
    if (msg.kind === 'transcript' && msg.jobId === job.jobId) {
      this.opts.onTranscript(job.req, msg.text);
    } else if (msg.kind === 'done' && msg.jobId === job.jobId) {
      clearTimeout(this.watchdog);
      this.current = undefined;
      if (msg.state) this.snapshot = msg.state;
      job.resolve(msg.state ? { reply: msg.reply, state: msg.state } : { reply: msg.reply });
      this.pump();
    }
  }

  /** Answers the job in progress with an error and starts a fresh thread from the last snapshot. */
  private replace(reason: string, code: 'timeout' | 'internal'): void {
    clearTimeout(this.watchdog);
    const job = this.current;
    this.current = undefined;
    if (job) {
      const message =
        code === 'timeout'
          ? `evaluation exceeded the time limit of ${job.timeoutMs} ms and was stopped; the image was restored from its last snapshot`
          : `${reason}; the image was restored from its last snapshot`;
      job.resolve({ reply: failure(job.req, code, message) });
    }
    this.opts.onRestart?.(reason);
    const old = this.worker;
    this.generation++; // ignore anything the old thread still says
    if (old) void old.terminate();
    this.worker = undefined;
    this.respawn();
  }

  private respawn(): void {
    if (this.closed) return;
    this.spawn().catch((err: unknown) => {
      // The snapshot cannot be loaded: answer everything waiting; the next request tries again.
      this.ready = false;
      this.worker = undefined;
      for (const j of this.queue.splice(0)) j.resolve({ reply: failure(j.req, 'internal', (err as Error).message) });
    });
  }

  private pump(): void {
    if (this.closed || this.current || this.queue.length === 0) return;
    if (!this.worker) {
      this.respawn();
      return;
    }
    if (!this.ready) return;
    const job = this.queue.shift()!;
    this.current = job;
    const msg: ToWorker = { kind: 'job', jobId: job.jobId, req: job.req, timeoutMs: job.timeoutMs };
    this.worker.postMessage(msg);
    this.watchdog = setTimeout(() => this.replace('an evaluation did not stop at its time limit', 'timeout'), job.timeoutMs + this.opts.graceMs);
  }
}
