import type {
  ClientMessage,
  ImageMessage,
  ProtocolErrorCode,
  RequestType,
} from './messages.js';
import { PROTOCOL_ERROR_CODES } from './messages.js';

/**
 * Shape checks for decoded JSON. The image trusts nothing a peer sends, and the client trusts an
 * image only as far as these checks go, so both sides validate every field they will read.
 */

export type Checked<T> = { ok: true; msg: T } | { ok: false; code: ProtocolErrorCode; message: string; id: string | null };

export const MAX_ID_LENGTH = 128;

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdString(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID_LENGTH;
}

function isOid(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

const REQUEST_TYPES: ReadonlySet<string> = new Set<RequestType>([
  'hello',
  'session.open',
  'session.close',
  'evaluate',
  'inspect',
  'ping',
]);

/** The request id when one can be read, so even an invalid request gets a correlatable error. */
function readableId(o: Obj): string | null {
  return isIdString(o.id) ? o.id : null;
}

/** Returns the first problem with a client message, or undefined when it is well formed. */
function clientProblem(o: Obj): { code: ProtocolErrorCode; message: string } | undefined {
  const type = o.type;
  if (typeof type !== 'string') return { code: 'invalid', message: 'field "type" must be a string' };
  if (!REQUEST_TYPES.has(type) && type !== 'pong') {
    return { code: 'unknown_type', message: `unknown message type "${type.slice(0, 64)}"` };
  }
  if (!isIdString(o.id)) return { code: 'invalid', message: `field "id" must be a string of 1..${MAX_ID_LENGTH} characters` };
  const sessionOptional = type === 'hello' || type === 'ping' || type === 'pong';
  if (o.session !== undefined || !sessionOptional) {
    if (!isIdString(o.session)) {
      return { code: 'invalid', message: `field "session" must be a string of 1..${MAX_ID_LENGTH} characters` };
    }
  }
  switch (type) {
    case 'hello': {
      const v = o.versions;
      if (!Array.isArray(v) || v.length === 0 || v.length > 64 || !v.every((x) => Number.isSafeInteger(x) && (x as number) > 0)) {
        return { code: 'invalid', message: 'field "versions" must be a non-empty list of positive integers' };
      }
      if (o.client !== undefined && typeof o.client !== 'string') return { code: 'invalid', message: 'field "client" must be a string' };
      return undefined;
    }
    case 'session.open':
      if (o.mustExist !== undefined && typeof o.mustExist !== 'boolean') {
        return { code: 'invalid', message: 'field "mustExist" must be a boolean' };
      }
      return undefined;
    case 'evaluate':
      if (typeof o.code !== 'string') return { code: 'invalid', message: 'field "code" must be a string' };
      if (o.timeoutMs !== undefined && !(typeof o.timeoutMs === 'number' && Number.isFinite(o.timeoutMs) && o.timeoutMs > 0)) {
        return { code: 'invalid', message: 'field "timeoutMs" must be a positive number' };
      }
      return undefined;
    case 'inspect':
      if (!isOid(o.oid)) return { code: 'invalid', message: 'field "oid" must be a non-negative integer' };
      return undefined;
    default:
      return undefined;
  }
}

/** Validates a decoded value as a message a client may send to an image. */
export function checkClientMessage(value: unknown): Checked<ClientMessage> {
  if (!isObject(value)) return { ok: false, code: 'malformed', message: 'a message must be one JSON object', id: null };
  const problem = clientProblem(value);
  if (problem) return { ok: false, ...problem, id: readableId(value) };
  // Every field the image reads was checked above; extra fields are allowed for forward compatibility.
  return { ok: true, msg: value as unknown as ClientMessage };
}

function isObjectRef(v: unknown): boolean {
  return isObject(v) && isOid(v.oid) && typeof v.className === 'string' && typeof v.printString === 'string';
}

function isSmalltalkError(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.errorClass === 'string' &&
    typeof v.messageText === 'string' &&
    Array.isArray(v.stack) &&
    v.stack.every((s) => typeof s === 'string')
  );
}

function isSlotList(v: unknown): boolean {
  return Array.isArray(v) && v.every((s) => isObject(s) && isObjectRef(s.value));
}

function imageProblem(o: Obj): string | undefined {
  switch (o.type) {
    case 'transcript':
      return isIdString(o.session) && typeof o.text === 'string' ? undefined : 'transcript needs session and text';
    case 'ping':
      return isIdString(o.id) ? undefined : 'ping needs an id';
    case 'error':
      if (!(o.id === null || isIdString(o.id))) return 'error needs an id or null';
      return typeof o.code === 'string' && typeof o.message === 'string' ? undefined : 'error needs code and message';
  }
  if (!isIdString(o.id)) return 'reply needs an id';
  switch (o.type) {
    case 'welcome':
      return Number.isSafeInteger(o.protocol) &&
        typeof o.imageId === 'string' &&
        typeof o.name === 'string' &&
        typeof o.incarnation === 'string' &&
        isObject(o.limits) &&
        typeof o.heartbeatMs === 'number'
        ? undefined
        : 'welcome is missing identity fields';
    case 'session.opened':
      return typeof o.resumed === 'boolean' && isObject(o.variables) ? undefined : 'session.opened needs resumed and variables';
    case 'session.closed':
      return typeof o.existed === 'boolean' ? undefined : 'session.closed needs existed';
    case 'evaluated':
      if (!isStringMap(o.variables)) return 'evaluated needs variables (an object of name to printString)';
      if (o.ok === true) return isObjectRef(o.value) ? undefined : 'evaluated needs a value';
      if (o.ok === false) return isSmalltalkError(o.error) ? undefined : 'evaluated needs an error';
      return 'evaluated needs ok';
    case 'inspected':
      if (o.ok === true) {
        const i = o.inspection;
        return isObject(i) && isObjectRef(i.object) && isSlotList(i.named) && isSlotList(i.indexed) ? undefined : 'inspected needs an inspection';
      }
      if (o.ok === false) return isSmalltalkError(o.error) ? undefined : 'inspected needs an error';
      return 'inspected needs ok';
    case 'pong':
      return typeof o.imageId === 'string' ? undefined : 'pong needs an imageId';
    default:
      return `unknown message type "${String(o.type).slice(0, 64)}"`;
  }
}

/** Validates a decoded value as a message an image may send to a client. */
export function checkImageMessage(value: unknown): Checked<ImageMessage> {
  if (!isObject(value)) return { ok: false, code: 'malformed', message: 'a message must be one JSON object', id: null };
  const problem = imageProblem(value);
  if (problem) return { ok: false, code: 'invalid', message: problem, id: readableId(value) };
  return { ok: true, msg: value as unknown as ImageMessage };
}

export function isProtocolErrorCode(v: unknown): v is ProtocolErrorCode {
  return typeof v === 'string' && (PROTOCOL_ERROR_CODES as readonly string[]).includes(v);
}

/** An object whose every value is a string (workspace variables as name → printString). */
function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
