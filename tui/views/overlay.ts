/**
 * A full-window view over the panes (help, history, audit, orphans): a bordered box with a title,
 * lines that scroll, and a footer naming the keys that work there.
 */
import * as blessed from '../term.js';
import type { Element, Screen } from 'neo-blessed';
import { tagged } from '../panes/text.js';

export interface OverlayContent {
  title: string;
  /** Tagged lines (already cut to width with `tagged`) or plain ones (cut here). */
  lines: string[];
  footer: string;
}

export class Overlay {
  private readonly box: Element;
  scroll = 0;

  constructor(private readonly screen: Screen) {
    this.box = blessed.box({ parent: screen, border: { type: 'line' }, tags: true, wrap: false, hidden: true, style: { border: { fg: 'cyan' }, label: { fg: 'cyan' } } });
  }

  /** Inner size for the current terminal. */
  inner(): { width: number; height: number } {
    // The whole screen but the status bar: the border, then the lines, then the footer.
    return { width: Math.max(10, this.screen.width - 2), height: Math.max(3, this.screen.height - 1 - 2 - 1) };
  }

  show(c: OverlayContent): void {
    const { width, height } = this.inner();
    this.box.top = 0;
    this.box.left = 0;
    this.box.width = width + 2;
    this.box.height = height + 2 + 1;
    this.box.setLabel(` ${c.title.slice(0, width - 2)} `);
    const max = Math.max(0, c.lines.length - height);
    this.scroll = Math.min(Math.max(0, this.scroll), max);
    const body = c.lines.slice(this.scroll, this.scroll + height);
    while (body.length < height) body.push('');
    body.push(tagged([{ text: c.footer, style: ['gray-fg'] }], width));
    this.box.setContent(body.join('\n'));
    this.box.show();
    this.box.setFront();
  }

  hide(): void {
    this.box.hide();
    this.scroll = 0;
  }

  get visible(): boolean {
    return !this.box.hidden;
  }
}
