/** The transcript pane: the session's Transcript output and what was evaluated, newest last. */
import type { AppState } from '../state.js';
import type { Frame } from './frame.js';
import { block } from './text.js';

export function renderTranscript(frame: Frame, s: AppState): void {
  const { width, height } = frame.inner;
  frame.setContent(block(s.transcript, width, height, true));
}
