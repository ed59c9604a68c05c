/**
 * The active methods and blocks of an evaluation, kept as three parallel arrays so a send costs
 * no allocation; rendered only when an exception needs its stack, the way Pharo names frames.
 */
import type { Behavior } from './objects.js';

const SHOWN = 20;

export class CallStack {
  private readonly classes: (Behavior | null)[] = [];
  private readonly owners: (Behavior | string)[] = [];
  private readonly selectors: string[] = [];

  depth(): number {
    return this.selectors.length;
  }

  truncate(depth: number): void {
    this.classes.length = depth;
    this.owners.length = depth;
    this.selectors.length = depth;
  }

  /** `owner` is the class that defines the method, or a ready-made name such as a block's. */
  push(cls: Behavior | null, owner: Behavior | string, selector: string): void {
    this.classes.push(cls);
    this.owners.push(owner);
    this.selectors.push(selector);
  }

  pop(): void {
    this.classes.pop();
    this.owners.pop();
    this.selectors.pop();
  }

  /** Innermost first: 'SmallInteger>>/', 'Array(SequenceableCollection)>>do:', '[] in …'. */
  snapshot(): string[] {
    const out: string[] = [];
    for (let i = this.selectors.length - 1; i >= 0 && out.length < SHOWN; i--) {
      const cls = this.classes[i] ?? null;
      const owner = this.owners[i] as Behavior | string;
      const sel = this.selectors[i] as string;
      if (typeof owner === 'string') out.push(owner);
      else if (cls === null || cls === owner) out.push(`${owner.displayName}>>${sel}`);
      else out.push(`${cls.displayName}(${owner.displayName})>>${sel}`);
    }
    return out;
  }
}
