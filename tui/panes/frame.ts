/** A bordered pane: a neo-blessed box placed from the layout, highlighted while focused. */
import * as blessed from '../term.js';
import type { Element, Screen } from 'neo-blessed';
import type { Rect } from '../layout.js';

export class Frame {
  readonly box: Element;
  private rect: Rect | null = null;

  constructor(screen: Screen, private title: string) {
    this.box = blessed.box({
      parent: screen,
      border: { type: 'line' },
      tags: true,
      wrap: false,
      style: { border: { fg: 'gray' }, label: { fg: 'gray' } },
    });
    this.box.setLabel(` ${title} `);
  }

  /** Places the pane, or hides it when the layout has no room for it. */
  place(rect: Rect | null): void {
    this.rect = rect;
    if (!rect) {
      this.box.hide();
      return;
    }
    this.box.top = rect.top;
    this.box.left = rect.left;
    this.box.width = rect.width;
    this.box.height = rect.height;
    this.box.show();
  }

  get visible(): boolean {
    return this.rect !== null;
  }

  /** Width and height inside the border. */
  get inner(): { width: number; height: number } {
    return this.rect ? { width: Math.max(0, this.rect.width - 2), height: Math.max(0, this.rect.height - 2) } : { width: 0, height: 0 };
  }

  setTitle(title: string): void {
    if (title === this.title) return;
    this.title = title;
    this.box.setLabel(` ${title} `);
  }

  setFocused(focused: boolean): void {
    const fg = focused ? 'cyan' : 'gray';
    this.box.style.border = { fg };
    this.box.style.label = { fg };
  }

  setContent(content: string): void {
    this.box.setContent(content);
  }
}
