/** Installing primitives into a class (instance side) or its metaclass (class side). */
import type { Method, StClass } from '../objects.js';

export function def(cls: StClass, selectors: string | string[], method: Method): void {
  for (const s of Array.isArray(selectors) ? selectors : [selectors]) cls.methods.set(s, method);
}

export function defClass(cls: StClass, selectors: string | string[], method: Method): void {
  for (const s of Array.isArray(selectors) ? selectors : [selectors]) cls.meta.methods.set(s, method);
}
