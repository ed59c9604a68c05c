/**
 * Turning plain text into neo-blessed content that fits a pane exactly: every line is cut (never
 * wrapped) to the pane's inner width, so nothing a pane shows can spill over a border.
 */

export interface Seg {
  text: string;
  /** neo-blessed tag names, e.g. 'inverse', 'green-fg', 'bold'. */
  style?: string[];
}

/** Escapes neo-blessed's tag braces in user text. */
export function esc(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Plain text made printable on one line: tabs and control characters become spaces. */
export function printable(s: string): string {
  return s.replace(/\t/g, '  ').replace(/[\x00-\x1f\x7f]/g, ' ');
}

/** Cuts or pads plain text to exactly `width` cells. */
export function fit(s: string, width: number): string {
  const p = printable(s);
  if (width <= 0) return '';
  return p.length > width ? p.slice(0, Math.max(0, width - 1)) + '…' : p.padEnd(width);
}

/** Segments to one tagged line of at most `width` visible cells. */
export function tagged(segs: readonly Seg[], width: number): string {
  let out = '';
  let left = width;
  for (const seg of segs) {
    if (left <= 0) break;
    const text = printable(seg.text).slice(0, left);
    left -= text.length;
    if (text === '') continue;
    const styles = seg.style ?? [];
    out += styles.map((s) => `{${s}}`).join('') + esc(text) + [...styles].reverse().map((s) => `{/${s}}`).join('');
  }
  return out;
}

/** Lines for a pane: cut to width and height; the last lines win when `bottom` is set. */
export function block(lines: readonly string[], width: number, height: number, bottom = false): string {
  const shown = bottom ? lines.slice(Math.max(0, lines.length - height)) : lines.slice(0, height);
  return shown.map((l) => esc(fit(l, width).trimEnd())).join('\n');
}
