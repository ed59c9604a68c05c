import { encodeMessage, type ImageMessage, type Reply } from '../../protocol/index.js';

/**
 * Keeps what the image sends within the message limit, so a client never has its connection cut
 * over a reply — which would make it resend, be answered from the record with the same oversized
 * reply, and loop. Transcript text is shortened first (it has its own copy in the live pushes);
 * a reply that is still too large becomes a `too_large` error, recorded like any other reply.
 */

const TRUNCATED = (dropped: number): string => `\n… (${dropped} more characters not sent: over the message limit)`;

export function fitReply(reply: Reply, limit: number): Reply {
  let size = encodeMessage(reply).length;
  if (size <= limit) return reply;
  if (reply.type === 'evaluated' && reply.transcript.length > 0) {
    const full = reply.transcript;
    let keep = full.length;
    while (keep > 0 && size > limit) {
      keep = Math.floor(keep / 2);
      const shorter = { ...reply, transcript: full.slice(0, keep) + TRUNCATED(full.length - keep) };
      size = encodeMessage(shorter).length;
      if (size <= limit) return shorter;
    }
  }
  return {
    type: 'error',
    id: reply.id,
    ...(reply.session ? { session: reply.session } : {}),
    code: 'too_large',
    message: `the reply is ${size} bytes, over the image's limit of ${limit} bytes; ask for less (e.g. a smaller collection or a shorter printString)`,
    detail: { bytes: size, limit },
  };
}

/** A push over the limit is cut short (pushes are best effort; the reply keeps the record). */
export function fitPush(msg: ImageMessage, limit: number): ImageMessage {
  if (msg.type !== 'transcript') return msg;
  const room = Math.max(0, limit - 1024);
  if (Buffer.byteLength(msg.text, 'utf8') <= room) return msg;
  // Four bytes per character at most in UTF-8, so this many characters always fit.
  const keep = Math.floor(room / 4);
  return { ...msg, text: msg.text.slice(0, keep) + TRUNCATED(msg.text.length - keep) };
}
