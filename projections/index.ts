/**
 * Projections: pure folds of the log into what the CLI and the TUI show. Import from here only.
 *
 *   fold / foldAsync / steps        run a projection over entries, up to a StopAt (parseAt reads --at)
 *   catalogProjection               images + session lifecycles: sessions, image list, orphans, reconnects
 *   sessionStateProjection(id)      one session's full state: restore
 *   auditProjection                 connection history and outages: audit
 *   runsProjection                  engine runs, to find the last crash: replay --crash
 *
 * Live use (the TUI, the engine): keep the state from a fold and call `projection.evolve(state,
 * entry)` for each new entry; the state is mutated in place and owned by whoever folded it.
 */
export {
  dict,
  fold,
  foldAsync,
  fromSnapshot,
  isPast,
  parseAt,
  readOptionsFor,
  start,
  steps,
  toSnapshot,
  type Dict,
  type Projection,
  type Snapshot,
  type StopAt,
} from './projection.js';
export { catalogProjection, imageRows, imagesToConnect, renderImages, renderSessions, sessionRows, type Catalog } from './catalog.js';
export { renderImageRows, type ImageConnState, type ImageRecord, type ImageRow } from './images.js';
export {
  renderSessionRows,
  sessionStatus,
  type Clock,
  type OrphanReason,
  type SessionRecord,
  type SessionRow,
  type SessionStateName,
  type SessionStatus,
} from './sessions.js';
export {
  KEEP_ALL,
  SESSION_KEEP,
  SESSION_STATE_VERSION,
  sessionRecord,
  sessionStateProjection,
  type SessionKeep,
  type HistoryItem,
  type Inspector,
  type InspectorLevel,
  type PendingEval,
  type SessionState,
} from './sessionState.js';
export { applyEdit, type Workspace } from './workspaces.js';
export { renderRestore, requireSession, toRestoreJson, type RestoreJson } from './restore.js';
export { auditProjection, auditRows, outages, renderAudit, type AuditRow, type AuditState, type Outage } from './audit.js';
export {
  DEFAULT_ORPHAN_AFTER_SECONDS,
  decideCleanup,
  decideOrphans,
  orphanGraceMs,
  orphansAt,
  renderOrphans,
  type OrphanRow,
} from './orphans.js';
export { duration, iso, oneLine } from './format.js';
export { describeEntry, lastCrash, runWindow, runsProjection, type EngineRun, type RunsState } from './replay.js';
export {
  DEFAULT_SNAPSHOT_EVERY,
  DEFAULT_SNAPSHOT_KEEP,
  projectionPart,
  rebuild,
  restoreAt,
  stopSeq,
  type RebuildPart,
  type RebuildResult,
  type Restored,
  type RunOptions,
  type SnapshotLog,
} from './runner.js';
export { reviveState } from './projection.js';
export {
  DEFAULT_SESSION_SNAPSHOT_EVERY,
  SessionFold,
  landOn,
  restoreSession,
  sessionBase,
  type SessionRestoreOptions,
} from './sessionRestore.js';
export { DEFAULT_HISTORY_SHOWN, parseHistoryShown, showHistory, type HistoryShown } from './sessionHistory.js';
export { DEFAULT_SESSION_SNAPSHOT_SPAN, everySessionPart, type SessionPartOptions } from './sessionSnapshots.js';
export { rebuildAll, snapshotAtHead, WORKER_FROM, type RebuildAllOptions, type RebuildAllResult } from './rebuildAll.js';
export { renderStep, replaySession, stepSummary, toStep, type ReplayStep, type StepSummary } from './replaySteps.js';
export { auditAtHead, replaySteps, replayWindow, restoreAnswer, type ReplayWindow, type RestoreQuery } from './history.js';
