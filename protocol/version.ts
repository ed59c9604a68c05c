/**
 * Version negotiation: the highest version both sides speak wins. Kept separate so the image, the
 * client and the tests agree on one rule.
 */
export function negotiateVersion(offered: readonly number[], supported: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const v of offered) {
    if (supported.includes(v) && (best === undefined || v > best)) best = v;
  }
  return best;
}
