/**
 * The event catalogue: every type name from the product brief and the shape of its `data`.
 * Producers (the engine) and consumers (projections, CLI, TUI) share these types, so a change to
 * an event's shape is a change here plus, for stored events, a version bump and an upcaster in
 * migrations/.
 *
 * Streams: 'engine' for engine.*; `image:<name>` for image.* and connection.*; the session id for
 * session.*, workspace.*, eval.*, inspector.*, transcript.* and pref.*.
 */

export type ConnectionReason =
  | 'refused'
  | 'timed_out'
  | 'silent'
  | 'identity_changed'
  | 'closed'
  | 'protocol'
  | 'engine_stopped';

export interface EventData {
  'engine.started': { pid: number; version: string };
  'engine.stopped': { pid: number; reason: 'signal' | 'command' };

  'image.registered': { name: string; address: string; serverKey?: string };
  'image.removed': { name: string };
  'image.identity_changed': { name: string; address: string; previousImageId: string; imageId: string };

  'connection.connecting': { name: string; address: string; attempt: number };
  'connection.connected': {
    name: string;
    address: string;
    imageId: string;
    imageName: string;
    dialect: string;
    version: string;
    protocol: number;
    latencyMs: number;
  };
  /** `limit`: misses in a row after which the connection counts as lost (silent). */
  'connection.heartbeat_missed': { name: string; missed: number; silentMs: number; limit?: number };
  /**
   * Written when a connected link ends (reason closed | silent | identity_changed), and once more,
   * with `giveUp: true`, when the image has stayed unreachable for the give-up window: from then
   * on retries are slow (`unreachableMs`: how long it has been unreachable by then).
   */
  'connection.lost': { name: string; reason: ConnectionReason; detail?: string; giveUp?: boolean; unreachableMs?: number };
  'connection.reconnect_scheduled': { name: string; attempt: number; delayMs: number; reason: ConnectionReason };
  /**
   * The image answers again. `resumed: true` (with attempts 0): the same link came back after
   * missed heartbeats, without a reconnect; `downtimeMs` is then how long it was silent.
   */
  'connection.restored': { name: string; imageId: string; downtimeMs: number; attempts: number; resumed?: boolean };

  /** `rehydratedFrom`: the orphaned session whose variable-defining evaluations this one re-runs. */
  'session.created': { session: string; image: string; imageId: string | null; rehydratedFrom?: string };
  /** `imageId` is the image the session resumed on (null while that image is unreachable). */
  'session.resumed': { session: string; image: string; imageId: string | null };
  'session.orphaned': { session: string; image: string; reason: 'unreachable' | 'removed' | 'identity_changed' };
  'session.archived': { session: string; image: string };

  'workspace.opened': { workspace: string; title: string };
  /** v2: replace [from, to) of the workspace text by `insert`; `to: null` means to the end. */
  'workspace.edited': {
    workspace: string;
    from: number;
    to: number | null;
    insert: string;
    cursor?: number;
    scroll?: number;
  };
  'workspace.closed': { workspace: string };

  /** Written (durably) before the request is sent to the image: the write-ahead record. */
  /** `rehydrates`: the request (of an orphaned session) this one re-runs on request of the user. */
  'eval.requested': { request: string; image: string; code: string; workspace?: string; rehydrates?: string };
  'eval.completed': {
    request: string;
    result: string;
    className: string;
    oid: number;
    durationMs: number;
    /** The session's workspace variables after the evaluation, name → printString. */
    variables: Record<string, string>;
  };
  'eval.failed': {
    request: string;
    errorClass: string;
    messageText: string;
    stack: string[];
    /** 'smalltalk' for an error raised in the image; otherwise why the engine gave up. */
    kind: 'smalltalk' | 'protocol' | 'cancelled';
  };

  'inspector.opened': { inspector: string; oid: number; className: string; printString: string };
  /** `via` names the slot followed (a slot name or a 1-based index); `back` pops one level. */
  'inspector.navigated':
    | { inspector: string; back?: false; via: string | number; oid: number; className: string; printString: string }
    | { inspector: string; back: true };
  'inspector.closed': { inspector: string };

  'transcript.appended': { text: string };
  'pref.set': { key: string; value: unknown };
}

export type EventType = keyof EventData;

export const EVENT_TYPES: readonly EventType[] = [
  'engine.started', 'engine.stopped',
  'image.registered', 'image.removed', 'image.identity_changed',
  'connection.connecting', 'connection.connected', 'connection.heartbeat_missed', 'connection.lost',
  'connection.reconnect_scheduled', 'connection.restored',
  'session.created', 'session.resumed', 'session.orphaned', 'session.archived',
  'workspace.opened', 'workspace.edited', 'workspace.closed',
  'eval.requested', 'eval.completed', 'eval.failed',
  'inspector.opened', 'inspector.navigated', 'inspector.closed',
  'transcript.appended', 'pref.set',
];

/** A typed event as the engine emits it (before the log assigns seq/ts/prev). */
export interface TypedEvent<T extends EventType = EventType> {
  type: T;
  stream: string;
  data: EventData[T];
  v?: number;
}

export const imageStream = (name: string): string => `image:${name}`;
export const ENGINE_STREAM = 'engine';

/**
 * How a Smalltalk error reads on one line, as Pharo's debugger titles it: the class, then the
 * message text when it says more than the class name (`ZeroDivide`, `Error: boom`).
 */
export function smalltalkErrorText(errorClass: string, messageText: string): string {
  return messageText === '' || messageText === errorClass ? errorClass : `${errorClass}: ${messageText}`;
}
