/**
 * How an image or a session looks in the images pane and the status bar: a glyph, a colour and a
 * few words. Pure: it takes what the TUI knows (the last state seen, the reconnect schedule, the
 * pending count) and the time, so the countdown ticks without anything new arriving.
 */

export type ConnState = 'disconnected' | 'connecting' | 'connected' | 'unresponsive' | 'lost' | 'reconnecting';
export type SessionState = 'active' | 'disconnected' | 'orphaned' | 'archived';

export interface ImageView {
  name: string;
  address: string;
  state: ConnState;
  latencyMs: number | null;
  /** The reconnect attempt scheduled last, and when it fires (epoch ms). */
  attempt: number | null;
  retryAt: number | null;
  /** Evaluations recorded for this image and not answered yet. */
  pending: number;
}

export interface Badge {
  glyph: string;
  colour: 'green' | 'yellow' | 'red' | 'magenta' | 'gray' | 'cyan';
  text: string;
  /** The same in a few characters, for the narrow images pane. */
  brief: string;
}

export function imageBadge(v: ImageView, nowMs: number): Badge {
  switch (v.state) {
    case 'connected':
      return {
        glyph: '●',
        colour: 'green',
        text: v.latencyMs === null ? 'connected' : `connected ${fmtMs(v.latencyMs)}`,
        brief: v.latencyMs === null ? '' : fmtMs(v.latencyMs),
      };
    case 'unresponsive':
      return { glyph: '◌', colour: 'yellow', text: 'not answering' + pendingText(v.pending), brief: 'silent' + pendingBrief(v.pending) };
    case 'connecting':
      return { glyph: '◐', colour: 'yellow', text: 'connecting' + pendingText(v.pending), brief: '…' + pendingBrief(v.pending) };
    case 'reconnecting': {
      const attempt = `#${v.attempt ?? 1}`;
      if (v.retryAt !== null && v.retryAt > nowMs) {
        const secs = Math.ceil((v.retryAt - nowMs) / 1000);
        return { glyph: '◐', colour: 'yellow', text: `reconnecting ${attempt} in ${secs}s` + pendingText(v.pending), brief: `${attempt} ${secs}s` + pendingBrief(v.pending) };
      }
      return { glyph: '◐', colour: 'yellow', text: `reconnecting ${attempt}` + pendingText(v.pending), brief: attempt + pendingBrief(v.pending) };
    }
    case 'lost':
    case 'disconnected':
      return { glyph: '○', colour: 'red', text: 'offline' + pendingText(v.pending), brief: 'offline' + pendingBrief(v.pending) };
  }
}

export function sessionBadge(state: SessionState, image: Badge | null): Badge {
  switch (state) {
    case 'orphaned':
      return { glyph: '✕', colour: 'magenta', text: 'orphaned', brief: 'orphaned' };
    case 'archived':
      return { glyph: '▪', colour: 'gray', text: 'archived', brief: 'archived' };
    case 'active':
    case 'disconnected':
      return image ?? { glyph: '○', colour: 'red', text: 'offline', brief: 'offline' };
  }
}

function pendingBrief(n: number): string {
  return n > 0 ? ` ⋯${n}` : '';
}

function pendingText(n: number): string {
  return n > 0 ? `, ${n} pending` : '';
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}
