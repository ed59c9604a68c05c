import { registerStoreMigration, type SnapshotRecord } from './storeFormat.js';

/**
 * Session snapshots (projection `session:<id>`) of state version 1 held the session's whole
 * evaluation history and transcript, so they grew with the session's age. Version 2 keeps the
 * last 200 evaluations and the transcript's last 32 KiB, with the totals beside them, and reads
 * anything older from the log when asked. This step rewrites each stored version-1 session
 * snapshot as the version-2 state it describes, so restores stay fast without a rebuild and the
 * store sheds the old copies.
 *
 * The version-2 limits are written out here rather than imported: a migration turns what was
 * stored into the shape of its day, whatever later versions of the projection do.
 */

/** The store formats this step joins: the one place to renumber it. */
export const FROM_FORMAT = 3;
export const TO_FORMAT = 4;

const SESSION_PREFIX = 'session:';
const OLD_VERSION = 1;
const NEW_VERSION = 2;
const HISTORY_KEPT = 200;
const TRANSCRIPT_KEPT = 32 * 1024;

/** The version-2 state of a version-1 session snapshot, or null for anything else. */
export function sessionStateV2(snapshot: SnapshotRecord): SnapshotRecord | null {
  if (!snapshot.name.startsWith(SESSION_PREFIX) || snapshot.version !== OLD_VERSION) return null;
  const old = snapshot.state;
  if (typeof old !== 'object' || old === null) return null;
  const v1 = old as Record<string, unknown>;
  const history = Array.isArray(v1.history) ? (v1.history as unknown[]) : [];
  const chunks = Array.isArray(v1.transcript) ? v1.transcript.filter((c): c is string => typeof c === 'string') : [];
  const transcript = chunks.join('');
  const state = {
    ...v1,
    history: history.slice(Math.max(0, history.length - HISTORY_KEPT)),
    historyCount: history.length,
    transcript: transcript.length > TRANSCRIPT_KEPT ? [transcript.slice(transcript.length - TRANSCRIPT_KEPT)] : chunks,
    transcriptChars: transcript.length,
  };
  return { name: snapshot.name, version: NEW_VERSION, seq: snapshot.seq, state };
}

registerStoreMigration({
  id: 'session-snapshot-tails',
  from: FROM_FORMAT,
  to: TO_FORMAT,
  summary: 'keep only recent history and the transcript tail in session snapshots',
  async run(ctx) {
    await ctx.rewriteSnapshots(sessionStateV2);
  },
});
