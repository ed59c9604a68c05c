/**
 * How a rebuild of every projection runs (rebuildAll.ts), in a module of its own so that the
 * rebuild and its worker-thread variant (rebuildOnWorker.ts) share it without importing each other.
 */
export interface RebuildAllOptions {
  every?: number;
  sessionEvery?: number;
  /** Log entries after which a changed session is sealed again (see sessionSnapshots.ts). */
  sessionSpan?: number;
  keep?: number;
  /** Write snapshots (default true); false measures the folds alone. */
  save?: boolean;
  /**
   * Fold on a worker thread while this one reads and opens the entries (default: when the log
   * can hand out opened chunks and holds at least WORKER_FROM entries, see rebuildAll.ts). Same
   * snapshots either way.
   */
  worker?: boolean;
  /** Stops the rebuild (it rejects with the signal's reason); snapshots written so far stay. */
  signal?: AbortSignal;
}
