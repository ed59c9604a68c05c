/**
 * Reading and verifying the log through the running engine. LevelDB admits one process per store,
 * and while the engine runs that process is the engine: `stui log` and `stui verify` ask it with
 * these instead of opening the store themselves.
 *
 *   const engine = await runningEngine(home);
 *   if (engine) {
 *     try { for await (const e of readLogViaEngine(engine, { from, to, type })) print(e) } finally { engine.close() }
 *   } else … open the log directly as before …
 */
import type { Entry, ReadOptions } from '../log/types.js';
import type { VerifyOptions, VerifyResult } from '../log/verify.js';
import type { EngineClient } from './client.js';

interface EntryJson {
  seq: number;
  ts: number;
  type: string;
  v: number;
  stream: string;
  data: unknown;
  prev: string;
}

/** Verifying a large log is slow; the call may take this long before the client gives up. */
const LOG_CALL_MS = 10 * 60_000;
/** Entries per call: pages keep each reply a few MB however long the log is. */
const PAGE = 5_000;

/**
 * The entries the engine's log holds, decrypted and upcast, in seq order, as `EventLog.read`
 * gives them; fetched page by page.
 */
export async function* readLogViaEngine(
  client: EngineClient,
  options: Pick<ReadOptions, 'from' | 'to' | 'type' | 'stream'> = {},
): AsyncGenerator<Entry> {
  let from = options.from ?? 1;
  for (;;) {
    const args: Record<string, unknown> = { from, limit: PAGE };
    for (const k of ['to', 'type', 'stream'] as const) if (options[k] !== undefined) args[k] = options[k];
    const rows = await client.call<EntryJson[]>('log.read', args, LOG_CALL_MS);
    for (const r of rows) {
      yield { seq: r.seq, ts: r.ts, type: r.type, v: r.v, stream: r.stream, data: r.data, prev: new Uint8Array(Buffer.from(r.prev, 'hex')) };
    }
    if (rows.length < PAGE) return;
    from = rows[rows.length - 1]!.seq + 1;
  }
}

/** The engine walks the chain of its open log; same result shape as `verifyLog`. */
export async function verifyViaEngine(client: EngineClient, options: VerifyOptions = {}): Promise<VerifyResult> {
  const onProgress = options.onProgress;
  const r = await client.call<{ ok: true; entries: number; head: string } | Extract<VerifyResult, { ok: false }>>(
    'log.verify',
    {},
    LOG_CALL_MS,
    onProgress
      ? (p) => {
          const { checked, total } = p as { checked?: unknown; total?: unknown };
          if (typeof checked === 'number' && typeof total === 'number') onProgress(checked, total);
        }
      : undefined,
  );
  return r.ok ? { ok: true, entries: r.entries, head: new Uint8Array(Buffer.from(r.head, 'hex')) } : r;
}
