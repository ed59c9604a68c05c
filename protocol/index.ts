/** The STUI wire protocol: messages, validation, framing, CURVE keys, the client link and its errors. */
export * from './messages.js';
export { checkClientMessage, checkImageMessage, isProtocolErrorCode, MAX_ID_LENGTH } from './validate.js';
export type { Checked } from './validate.js';
export { decodeFrame, decodeFrames, encodeMessage } from './codec.js';
export { DEFAULT_EVAL_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PORT, DEFAULT_REPLY_RECORD } from './defaults.js';
export type { Decoded } from './codec.js';
export { negotiateVersion } from './version.js';
export { ImageProtocolError, ImageTimeoutError, LinkClosedError, StuiError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { isZ85Key, loadOrCreateKeyPair } from './curve.js';
export type { ClientCurve, CurveKeyPair } from './curve.js';
export { ImageLink, newRequestId, LINK_SOCKET_DEFAULTS } from './link.js';
export type { LinkOptions, LinkSocketOptions } from './link.js';
export { writeFileAtomic } from './fsAtomic.js';
export { SendQueue } from './sendQueue.js';
export type { Frames } from './sendQueue.js';
