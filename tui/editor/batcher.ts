/**
 * Keystrokes to recorded edits. Edits go to the engine a few milliseconds after the key (keys that
 * arrive together — a paste, a fast typist, tmux send-keys — become one edit), so a crash of the
 * TUI loses at most the keys of the last few milliseconds. Caret moves without a change are sent
 * lazily: they ride along with the next edit, or go alone after a pause.
 */
import type { RangeEdit } from './model.js';

export interface RecordedEdit extends RangeEdit {
  cursor: number;
  scroll: number;
}

export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Scheduler = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** How long typed text may wait before it is sent. */
export const EDIT_DELAY_MS = 3;
/** How long a caret move alone waits (moves are many and cheap to lose). */
export const CARET_DELAY_MS = 400;

export class EditBatcher {
  private queue: RangeEdit[] = [];
  private caret: { cursor: number; scroll: number } | null = null;
  private timer: unknown = null;
  private timerAt = Infinity;

  constructor(
    private readonly send: (edit: RecordedEdit) => void,
    private readonly timers: Scheduler = realTimers,
    private readonly editDelay = EDIT_DELAY_MS,
    private readonly caretDelay = CARET_DELAY_MS,
  ) {}

  /** Edits just applied to the buffer, and where the caret and scroll are now. */
  edits(edits: readonly RangeEdit[], cursor: number, scroll: number): void {
    for (const e of edits) this.add(e);
    this.caret = { cursor, scroll };
    if (this.queue.length > 0) this.schedule(this.editDelay);
  }

  /** The caret or scroll moved without a change to the text. */
  moved(cursor: number, scroll: number): void {
    this.caret = { cursor, scroll };
    this.schedule(this.queue.length > 0 ? this.editDelay : this.caretDelay);
  }

  get idle(): boolean {
    return this.queue.length === 0 && this.caret === null;
  }

  /** Sends everything now (before quitting, switching workspace or evaluating). */
  flush(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    const caret = this.caret;
    if (!caret) return;
    const queue = this.queue;
    this.queue = [];
    this.caret = null;
    if (queue.length === 0) {
      this.send({ from: 0, to: 0, insert: '', cursor: caret.cursor, scroll: caret.scroll });
      return;
    }
    queue.forEach((e, i) => {
      // Only the last edit carries the caret: the ones before it describe intermediate states.
      const last = i === queue.length - 1;
      this.send({ ...e, cursor: last ? caret.cursor : e.from + e.insert.length, scroll: caret.scroll });
    });
  }

  /**
   * Sends queued text edits now (before the screen shows them); a lone caret move may wait.
   * Returns whether anything was sent.
   */
  flushEdits(): boolean {
    if (this.queue.length === 0) return false;
    this.flush();
    return true;
  }

  /** Drops what was not sent yet (the workspace it belonged to is gone). */
  discard(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    this.queue = [];
    this.caret = null;
  }

  private add(e: RangeEdit): void {
    const last = this.queue[this.queue.length - 1];
    if (last) {
      const end = last.from + last.insert.length;
      if (e.from === e.to && e.from === end) {
        // Typing on from the end of the previous edit.
        last.insert += e.insert;
        return;
      }
      if (e.insert === '' && e.to === end && e.from >= last.from) {
        // Backspacing over text typed in this same batch.
        last.insert = last.insert.slice(0, e.from - last.from);
        return;
      }
    }
    this.queue.push({ ...e });
  }

  private schedule(ms: number): void {
    // A sooner deadline replaces a later one; a later one never delays a sooner one.
    const at = Date.now() + ms;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timerAt = at;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.flush();
    }, ms);
  }
}
