/**
 * The part of neo-blessed the TUI uses. The package ships no types; this declares only what the
 * panes call, so a misuse still fails to compile. The widgets themselves are loaded in term.ts.
 */
declare module 'neo-blessed' {
  export interface KeyEvent {
    name?: string;
    /** e.g. 'C-p', 'S-left', 'f1', 'tab', 'a'. */
    full: string;
    ctrl: boolean;
    shift: boolean;
    meta: boolean;
    sequence: string;
  }

  export interface Style {
    fg?: string;
    bg?: string;
    bold?: boolean;
    border?: { fg?: string; bg?: string };
    label?: { fg?: string; bg?: string };
  }

  export interface ElementOptions {
    parent?: Node;
    top?: number | string;
    left?: number | string;
    width?: number | string;
    height?: number | string;
    content?: string;
    label?: string;
    tags?: boolean;
    wrap?: boolean;
    hidden?: boolean;
    border?: { type: 'line' | 'bg' };
    style?: Style;
    padding?: number | { left?: number; right?: number; top?: number; bottom?: number };
  }

  export interface Node {
    append(child: Node): void;
  }

  export interface Element extends Node {
    top: number | string;
    left: number | string;
    width: number | string;
    height: number | string;
    hidden: boolean;
    style: Style;
    setContent(text: string): void;
    setLabel(text: string): void;
    show(): void;
    hide(): void;
    setFront(): void;
    destroy(): void;
  }

  export interface ScreenOptions {
    smartCSR?: boolean;
    fullUnicode?: boolean;
    forceUnicode?: boolean;
    autoPadding?: boolean;
    warnings?: boolean;
    title?: string;
    input?: NodeJS.ReadableStream;
    output?: NodeJS.WritableStream;
    terminal?: string;
    dockBorders?: boolean;
  }

  export interface Program {
    hideCursor(): void;
    showCursor(): void;
  }

  export interface Screen extends Node {
    /** brokenACS: draw borders with Unicode box characters instead of the VT100 line set. */
    tput: { brokenACS: boolean };
    width: number;
    height: number;
    program: Program;
    render(): void;
    destroy(): void;
    on(event: 'keypress', listener: (ch: string | undefined, key: KeyEvent) => void): void;
    on(event: 'resize', listener: () => void): void;
  }
}
