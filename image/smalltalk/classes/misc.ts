/** Magnitude, Association and Point protocol. */
import { K, assoc, point } from '../kernel.js';
import * as N from '../numbers.js';
import { StAssoc, StPoint, type StValue } from '../objects.js';
import type { Runtime } from '../runtime.js';
import { def, defClass } from './define.js';

function pointOp(rt: Runtime, r: StPoint, sel: string, a: StValue): StValue {
  const other = a instanceof StPoint ? a : N.isNum(a) ? point(a, a) : null;
  if (!other) return rt.send(a, 'adaptToPoint:andSend:', [r, null]);
  return point(rt.send(r.x, sel, [other.x]), rt.send(r.y, sel, [other.y]));
}

export function installMisc(): void {
  const M = K.Magnitude;
  def(M, '>', (rt, r, [a]) => rt.send(a as StValue, '<', [r]));
  def(M, '<=', (rt, r, [a]) => rt.send(a as StValue, '<', [r]) !== true);
  def(M, '>=', (rt, r, [a]) => rt.send(r, '<', [a as StValue]) !== true);
  def(M, 'max:', (rt, r, [a]) => (rt.send(r, '>', [a as StValue]) === true ? r : (a as StValue)));
  def(M, 'min:', (rt, r, [a]) => (rt.send(r, '<', [a as StValue]) === true ? r : (a as StValue)));
  def(M, 'between:and:', (rt, r, [a, b]) => rt.send(r, '>=', [a as StValue]) === true && rt.send(r, '<=', [b as StValue]) === true);

  const A = K.Association;
  defClass(A, 'key:value:', (_rt, _r, [k, v]) => assoc(k as StValue, v as StValue));
  defClass(A, 'new', () => assoc(null, null));
  def(A, 'key', (_rt, r) => (r as StAssoc).key);
  def(A, 'value', (_rt, r) => (r as StAssoc).value);
  def(A, 'key:', (_rt, r, [k]) => {
    (r as StAssoc).key = k as StValue;
    return r;
  });
  def(A, 'value:', (_rt, r, [v]) => {
    (r as StAssoc).value = v as StValue;
    return r;
  });
  def(A, 'key:value:', (_rt, r, [k, v]) => {
    (r as StAssoc).key = k as StValue;
    (r as StAssoc).value = v as StValue;
    return r;
  });
  def(A, '<', (rt, r, [a]) => rt.send((r as StAssoc).key, '<', [(a as StAssoc).key]));

  const P = K.Point;
  defClass(P, 'x:y:', (_rt, _r, [x, y]) => point(x as StValue, y as StValue));
  defClass(P, 'new', () => point(null, null));
  def(P, 'x', (_rt, r) => (r as StPoint).x);
  def(P, 'y', (_rt, r) => (r as StPoint).y);
  def(P, 'x:', (_rt, r, [v]) => {
    (r as StPoint).x = v as StValue;
    return r;
  });
  def(P, 'y:', (_rt, r, [v]) => {
    (r as StPoint).y = v as StValue;
    return r;
  });
  def(P, 'setX:setY:', (_rt, r, [x, y]) => {
    (r as StPoint).x = x as StValue;
    (r as StPoint).y = y as StValue;
    return r;
  });
  for (const sel of ['+', '-', '*', '/', '//']) def(P, sel, (rt, r, [a]) => pointOp(rt, r as StPoint, sel, a as StValue));
  def(P, 'abs', (rt, r) => point(rt.send((r as StPoint).x, 'abs', []), rt.send((r as StPoint).y, 'abs', [])));
  def(P, 'negated', (rt, r) => point(rt.send((r as StPoint).x, 'negated', []), rt.send((r as StPoint).y, 'negated', [])));
  def(P, 'transposed', (_rt, r) => point((r as StPoint).y, (r as StPoint).x));
  def(P, 'dist:', (_rt, r, [a]) => {
    const p = r as StPoint;
    const q = a as StPoint;
    const dx = N.toFloat(N.sub(p.x as N.Num, q.x as N.Num) as N.Num);
    const dy = N.toFloat(N.sub(p.y as N.Num, q.y as N.Num) as N.Num);
    return Math.sqrt(dx * dx + dy * dy);
  });
  def(P, 'r', (_rt, r) => Math.hypot(N.toFloat((r as StPoint).x as N.Num), N.toFloat((r as StPoint).y as N.Num)));
  def(P, '<', (rt, r, [a]) => rt.send((r as StPoint).x, '<', [(a as StPoint).x]) === true && rt.send((r as StPoint).y, '<', [(a as StPoint).y]) === true);
  def(P, '>', (rt, r, [a]) => rt.send((r as StPoint).x, '>', [(a as StPoint).x]) === true && rt.send((r as StPoint).y, '>', [(a as StPoint).y]) === true);
  def(P, 'asPoint', (_rt, r) => r);
}
