import type { BatchOp } from './store.js';

/**
 * Group commit. Appends queue their (already sealed) operations; one batch is written with
 * {sync: true} at a time, and everything that queued while it was being written goes into the
 * next one. Appends made in the same tick share a batch, because the first write starts on a
 * microtask rather than inside `append`.
 */

export interface QueuedWrite<T> {
  ops: BatchOp[];
  result: T;
}

interface Waiter<T> extends QueuedWrite<T> {
  resolve(result: T): void;
  reject(err: unknown): void;
}

export interface GroupCommitStats {
  /** Synced LevelDB batches written. */
  batches: number;
  /** append() calls that were made durable. */
  appends: number;
}

export class GroupCommit<T> {
  readonly stats: GroupCommitStats = { batches: 0, appends: 0 };
  private queue: Waiter<T>[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;

  /**
   * @param writeBatch writes the operations atomically and durably
   * @param closingOps extra operations for each batch, given the results in it (the head record)
   * @param onDurable called, in order, with each batch's results once it is durable
   */
  constructor(
    private readonly writeBatch: (ops: BatchOp[]) => Promise<void>,
    private readonly closingOps: (results: T[]) => BatchOp[],
    private readonly onDurable: (results: T[]) => void,
  ) {}

  /** The error that stopped the queue, if a batch failed. */
  get failed(): unknown {
    return this.failure;
  }

  enqueue(write: QueuedWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...write, resolve, reject });
      if (!this.writing) this.writing = Promise.resolve().then(() => this.drainQueue());
    });
  }

  /** Resolves when everything queued so far has been written (or has failed). */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drainQueue(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        const results = group.map((w) => w.result);
        try {
          const ops: BatchOp[] = [];
          for (const w of group) for (const op of w.ops) ops.push(op);
          for (const op of this.closingOps(results)) ops.push(op);
          await this.writeBatch(ops);
        } catch (err) {
          // Later entries were chained onto these, so none of them can be written either.
          this.failure = err;
          for (const w of [...group, ...this.queue]) w.reject(err);
          this.queue = [];
          return;
        }
        this.stats.batches++;
        this.stats.appends += group.length;
        this.onDurable(results);
        for (const w of group) w.resolve(w.result);
      }
    } finally {
      this.writing = undefined;
    }
  }
}
