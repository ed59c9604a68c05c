/**
 * The STUI wire protocol, version 1: every message a client (DEALER) and an image (ROUTER) exchange.
 * Each message is one ZeroMQ frame holding one UTF-8 JSON object (the ROUTER also sees the peer's
 * routing-id frame in front). Everything here is plain JSON — no binary, no bigint — so a Pharo
 * image can serve the same protocol. docs/protocol.md is the prose version of this file.
 *
 * These types are a contract shared by the image server and the session engine: add optional
 * fields freely, never rename or remove one without a new protocol version.
 */

/** Protocol versions this build speaks, newest first. */
export const PROTOCOL_VERSIONS: readonly number[] = [1];

/** A live object as the client sees it; `oid` stays valid for the session that received it. */
export interface ObjectRef {
  oid: number;
  className: string;
  printString: string;
}

/** An error raised by Smalltalk code (distinct from protocol errors). */
export interface SmalltalkErrorInfo {
  /** The exception class, e.g. 'ZeroDivide', 'MessageNotUnderstood'. */
  errorClass: string;
  messageText: string;
  /** Innermost first, e.g. ['SmallInteger>>/', 'UndefinedObject>>DoIt']. */
  stack: string[];
}

export interface Slot {
  /** Named slots carry `name`; indexed slots carry `index` (1-based, as in Smalltalk). */
  name?: string;
  index?: number;
  value: ObjectRef;
}

export interface Inspection {
  object: ObjectRef;
  named: Slot[];
  indexed: Slot[];
  /** Total number of indexed slots (`indexed` may be truncated for large collections). */
  indexedSize: number;
}

/** What an image promises to accept; a client must stay within these. */
export interface ImageLimits {
  /** Largest message (JSON bytes) the image reads; larger ones are dropped or refused. */
  maxMessageBytes: number;
  /** Longest an evaluation may run before it is interrupted and answered with an error. */
  evalTimeoutMs: number;
  /** How many replies per session the image keeps to answer resent requests. */
  replyRecord: number;
}

// ---------------------------------------------------------------------------------------------
// Requests (client → image). Every request has a unique `id`; replies echo `id` and `session`.

interface RequestBase {
  /** Unique per request (a resend after a reconnect reuses it); 1..128 characters. */
  id: string;
  /** The session the request belongs to; 1..128 characters. */
  session: string;
}

/** First message on a connection: the versions the client speaks. */
export interface HelloRequest {
  type: 'hello';
  id: string;
  /** Optional on hello: a connection may serve several sessions. */
  session?: string;
  /** Protocol versions the client speaks; the image picks the highest it shares. */
  versions: number[];
  /** Free text for the image's logs, e.g. 'stui-sessions/0.1.0'. */
  client?: string;
}

/** Opens a session's workspace, resuming it if the image still holds it. */
export interface SessionOpenRequest extends RequestBase {
  type: 'session.open';
  /** When true, a session the image does not hold is an `unknown_session` error, not created. */
  mustExist?: boolean;
}

/** Forgets a session's workspace and object ids on the image. */
export interface SessionCloseRequest extends RequestBase {
  type: 'session.close';
}

/** Evaluates Smalltalk source (a statement sequence) in the session's workspace. */
export interface EvaluateRequest extends RequestBase {
  type: 'evaluate';
  code: string;
  /** A tighter time limit than the image's own; the image never allows more than its limit. */
  timeoutMs?: number;
}

/** Looks inside an object previously handed to this session. */
export interface InspectRequest extends RequestBase {
  type: 'inspect';
  oid: number;
}

/** Client heartbeat; answered with a `pong` reply carrying the image's identity. */
export interface PingRequest {
  type: 'ping';
  id: string;
  session?: string;
}

export type Request =
  | HelloRequest
  | SessionOpenRequest
  | SessionCloseRequest
  | EvaluateRequest
  | InspectRequest
  | PingRequest;

export type RequestType = Request['type'];

/** The client's answer to an image-initiated `ping` (not a request: nothing answers it). */
export interface ClientPong {
  type: 'pong';
  /** The `id` of the image's ping. */
  id: string;
}

/** Everything a client may send. */
export type ClientMessage = Request | ClientPong;

// ---------------------------------------------------------------------------------------------
// Replies (image → client), one per request.

interface ReplyBase {
  id: string;
  session?: string;
  /** True when the reply comes from the image's reply record (the request was a resend). */
  fromRecord?: boolean;
}

export interface WelcomeReply extends ReplyBase {
  type: 'welcome';
  /** The negotiated protocol version. */
  protocol: number;
  /** Stable identity of the image: survives restarts from the same saved state. */
  imageId: string;
  name: string;
  /** e.g. 'stui-reference', 'Pharo'. */
  dialect: string;
  /** The dialect's version string. */
  version: string;
  /** Random per process start: a new value with the same imageId means the image restarted. */
  incarnation: string;
  limits: ImageLimits;
  /** The image pings clients it has not heard from for this long; clients ping about as often. */
  heartbeatMs: number;
}

export interface SessionOpenedReply extends ReplyBase {
  type: 'session.opened';
  session: string;
  /** True when the image still held this session's workspace. */
  resumed: boolean;
  /** Workspace variables, name → printString. */
  variables: Record<string, string>;
}

export interface SessionClosedReply extends ReplyBase {
  type: 'session.closed';
  session: string;
  /** Whether the image held the session before the close. */
  existed: boolean;
}

interface EvaluatedBase extends ReplyBase {
  type: 'evaluated';
  session: string;
  /** Everything the evaluation wrote to the Transcript (also pushed live as `transcript`). */
  transcript: string;
  /**
   * The session's workspace variables after the evaluation, name → printString. Carried on every
   * answer (success or error) so a client records what the evaluation left without a second
   * request; an error half-way through an evaluation may still have assigned some.
   */
  variables: Record<string, string>;
}
export interface EvaluatedOk extends EvaluatedBase {
  ok: true;
  value: ObjectRef;
}
export interface EvaluatedError extends EvaluatedBase {
  ok: false;
  error: SmalltalkErrorInfo;
}
export type EvaluatedReply = EvaluatedOk | EvaluatedError;

export type InspectedReply =
  | (ReplyBase & { type: 'inspected'; session: string; ok: true; inspection: Inspection })
  | (ReplyBase & { type: 'inspected'; session: string; ok: false; error: SmalltalkErrorInfo });

export interface PongReply extends ReplyBase {
  type: 'pong';
  imageId: string;
  incarnation: string;
  /** Image wall clock, ms since the epoch. */
  time: number;
}

/** Stable codes of protocol errors (never Smalltalk errors). */
export type ProtocolErrorCode =
  /** Not one JSON object in one UTF-8 frame. */
  | 'malformed'
  /** JSON object, but a field is missing or of the wrong type. */
  | 'invalid'
  | 'unknown_type'
  | 'too_large'
  | 'unknown_session'
  | 'version_mismatch'
  /** The evaluation overran the time limit and could not be interrupted in time. */
  | 'timeout'
  /** The image failed while handling the request (its evaluator was restarted). */
  | 'internal';

export const PROTOCOL_ERROR_CODES: readonly ProtocolErrorCode[] = [
  'malformed',
  'invalid',
  'unknown_type',
  'too_large',
  'unknown_session',
  'version_mismatch',
  'timeout',
  'internal',
];

export interface ErrorReply {
  type: 'error';
  /** The request's id, or null when it could not be read. */
  id: string | null;
  session?: string;
  fromRecord?: boolean;
  code: ProtocolErrorCode;
  message: string;
  /** Machine-readable facts, e.g. `{ supported: [1] }` for version_mismatch. */
  detail?: Record<string, unknown>;
}

export type Reply =
  | WelcomeReply
  | SessionOpenedReply
  | SessionClosedReply
  | EvaluatedReply
  | InspectedReply
  | PongReply
  | ErrorReply;

/** The success reply each request type gets (an ErrorReply may come instead of any of them). */
export interface ReplyByRequest {
  hello: WelcomeReply;
  'session.open': SessionOpenedReply;
  'session.close': SessionClosedReply;
  evaluate: EvaluatedReply;
  inspect: InspectedReply;
  ping: PongReply;
}

// ---------------------------------------------------------------------------------------------
// Pushes (image → client, unasked).

/** Transcript output, pushed to the connection that last spoke for the session. */
export interface TranscriptPush {
  type: 'transcript';
  session: string;
  /** The evaluate request that wrote it. */
  requestId?: string;
  text: string;
}

/** The image checking on a quiet client; the client answers with a ClientPong of the same id. */
export interface ImagePing {
  type: 'ping';
  id: string;
}

export type Push = TranscriptPush | ImagePing;

/** Everything an image may send. */
export type ImageMessage = Reply | Push;
