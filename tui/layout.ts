/**
 * Where each pane goes for a terminal size and layout mode — pure, so the "nothing overlaps"
 * promise is checked for every size in a unit test, not only at the sizes a terminal test tries.
 */
import type { PaneId } from './keymap.js';

export type LayoutMode = 'standard' | 'wide' | 'editor';
export const LAYOUT_MODES: readonly LayoutMode[] = ['standard', 'wide', 'editor'];

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export type Layout = Record<PaneId, Rect | null> & { status: Rect };

/** Smallest pane that still shows a border and one line. */
const MIN_PANE = 3;

export function computeLayout(cols: number, rows: number, mode: LayoutMode): Layout {
  const width = Math.max(20, cols);
  const usable = Math.max(MIN_PANE, rows - 1);
  const status: Rect = { top: usable, left: 0, width, height: 1 };
  const side = mode === 'standard' ? clamp(Math.round(width * 0.22), 18, 34) : 0;
  const mainLeft = side;
  const mainWidth = width - side;
  const images: Rect | null = side > 0 ? { top: 0, left: 0, width: side, height: usable } : null;
  if (mode === 'editor' || usable < MIN_PANE * 2 + 2) {
    return { images, workspace: { top: 0, left: mainLeft, width: mainWidth, height: usable }, inspector: null, transcript: null, status };
  }
  const wsHeight = Math.max(MIN_PANE + 2, Math.round(usable * 0.58));
  const bottom = usable - wsHeight;
  const inspWidth = Math.floor(mainWidth / 2);
  return {
    images,
    workspace: { top: 0, left: mainLeft, width: mainWidth, height: wsHeight },
    inspector: { top: wsHeight, left: mainLeft, width: inspWidth, height: bottom },
    transcript: { top: wsHeight, left: mainLeft + inspWidth, width: mainWidth - inspWidth, height: bottom },
    status,
  };
}

/** Whether two rectangles share a cell. */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

export function nextMode(mode: LayoutMode): LayoutMode {
  return LAYOUT_MODES[(LAYOUT_MODES.indexOf(mode) + 1) % LAYOUT_MODES.length]!;
}

export function isLayoutMode(v: unknown): v is LayoutMode {
  return typeof v === 'string' && (LAYOUT_MODES as readonly string[]).includes(v);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
