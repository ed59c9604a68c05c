/** The STUI wire protocol: message types, validation, framing, CURVE keys and the client link. */
export * from './messages.js';
export { checkClientMessage, checkImageMessage, isProtocolErrorCode, MAX_ID_LENGTH } from './validate.js';
export type { Checked } from './validate.js';
export { decodeFrame, decodeFrames, encodeMessage, DEFAULT_MAX_MESSAGE_BYTES } from './codec.js';
export type { Decoded } from './codec.js';
export { negotiateVersion } from './version.js';
export { ImageProtocolError, ImageTimeoutError, LinkClosedError } from './errors.js';
export { isZ85Key, loadOrCreateClientKeys, loadOrCreateKeyPair } from './curve.js';
export type { ClientCurve, CurveKeyPair } from './curve.js';
export { ImageLink, newRequestId, LINK_SOCKET_DEFAULTS } from './link.js';
export type { LinkOptions, LinkSocketOptions } from './link.js';
export { writeFileAtomic } from './fsAtomic.js';
