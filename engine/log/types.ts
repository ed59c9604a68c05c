/**
 * The shapes of the append-only log. Everything STUI records is one of these entries; the engine
 * and the projections depend only on this file and `engine/log/index.ts`.
 */

/** What a caller appends; the log assigns seq, ts and prev. */
export interface NewEvent {
  /** One of the event names in the product brief, e.g. 'eval.requested'. */
  type: string;
  /** Version of `data`'s shape for this type (default 1); upcasters lift old versions on read. */
  v?: number;
  /** What the entry belongs to: a session id, 'image:<name>', 'engine' … */
  stream: string;
  data: unknown;
}

export interface Entry {
  seq: number;
  /** Milliseconds since the epoch, when the entry was appended. */
  ts: number;
  type: string;
  v: number;
  stream: string;
  data: unknown;
  /** Hash of the previous sealed entry (32 zero bytes for seq 1). */
  prev: Uint8Array;
}

export interface ReadOptions {
  /** First seq (inclusive). */
  from?: number;
  /** Last seq (inclusive). */
  to?: number;
  /** Only entries whose type starts with this prefix. */
  type?: string;
  /** Only entries of this stream. */
  stream?: string;
  /** Only entries with ts >= since (ms). */
  since?: number;
  /** Only entries with ts <= until (ms). */
  until?: number;
}

export interface EventLog {
  /** Resolves once every entry is durable (synced); concurrent calls share one batch. */
  append(events: NewEvent[]): Promise<Entry[]>;
  /** Streams entries in seq order, decrypted and upcast. */
  read(options?: ReadOptions): AsyncIterable<Entry>;
  /** Calls `onEntry` for every entry with seq >= fromSeq, existing ones first, then live ones. */
  subscribe(fromSeq: number, onEntry: (entry: Entry) => void): () => void;
  /** The seq of the last durable entry (0 when empty). */
  readonly headSeq: number;
  close(): Promise<void>;
}
