/**
 * The table bench/cli.ts prints: one row per command or figure, its cold and warm medians, the
 * ratio to `node -e 0` and to the same work in process, the aim and whether the warm figure
 * meets it.
 */
import type { Timed } from './processTimes.js';
import type { StoreBytes } from './storeBytes.js';

export type Aim =
  | 'reference'
  | { maxOf: 'node' | 'version'; factor: number }
  | { maxMs: number }
  | { minRate: number }
  | { maxBytes: number }
  | { maxShare: number };

export interface Row {
  what: string;
  aim: Aim;
  t?: Timed;
  /** Median of the same command through `main` in the bench process, ms. */
  inProcess?: number | null;
  /** For rate rows: entries the command went through. */
  entries?: number;
  bytes?: number;
  store?: { entries: number; snapshots: number; all: StoreBytes };
}

const MB = 2 ** 20;
const secs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const rate = (entries: number, ms: number): string => `${Math.round(entries / (ms / 1000) / 1000)}k/s`;

function aimText(aim: Aim): string {
  if (aim === 'reference') return 'reference';
  if ('maxOf' in aim) return `<= ${aim.factor}x ${aim.maxOf === 'node' ? 'node -e 0' : '--version'}`;
  if ('maxMs' in aim) return `< ${secs(aim.maxMs)}`;
  if ('minRate' in aim) return `>= ${aim.minRate / 1000}k entries/s`;
  if ('maxBytes' in aim) return `<= ${aim.maxBytes / MB} MB`;
  return `snapshots <= ${aim.maxShare * 100}% of entries`;
}

function met(row: Row, refs: { node: number; version: number }): string {
  const { aim } = row;
  if (aim === 'reference') return '';
  const warm = row.t?.warm ?? null;
  if (row.t && (warm === null || row.t.failed)) return 'NOT met (failed)';
  let ok: boolean;
  if ('maxOf' in aim) ok = warm! <= aim.factor * refs[aim.maxOf];
  else if ('maxMs' in aim) ok = warm! < aim.maxMs;
  else if ('minRate' in aim) ok = row.entries! / (warm! / 1000) >= aim.minRate;
  else if ('maxBytes' in aim) ok = row.bytes! <= aim.maxBytes;
  else ok = row.store!.snapshots <= aim.maxShare * row.store!.entries;
  return ok ? 'met' : 'NOT met';
}

function cells(row: Row, node: number): string[] {
  if (row.bytes !== undefined) return [`${row.bytes >= 0 ? '+' : ''}${(row.bytes / MB).toFixed(1)} MB`, '', '', '', ''];
  if (row.store) {
    const { entries, snapshots, all } = row.store;
    const rest = [...all].filter(([f]) => f !== 'entries' && f !== 'snapshots').map(([f, v]) => `${f} ${(v.bytes / MB).toFixed(1)} MB`);
    return [`${(snapshots / MB).toFixed(0)} MB vs ${(entries / MB).toFixed(0)} MB`, `${((100 * snapshots) / Math.max(1, entries)).toFixed(0)}%`, rest.join(', '), '', ''];
  }
  const t = row.t!;
  const withRate = (ms: number | null | undefined): string =>
    ms === undefined ? '' : ms === null ? 'failed' : row.entries === undefined || !Number.isFinite(row.entries) ? secs(ms) : `${secs(ms)} ${rate(row.entries, ms)}`;
  const ratio = (a: number | null, b: number | null | undefined): string => (a === null || b === null || b === undefined ? '' : `${(a / Math.max(0.001, b)).toFixed(1)}x`);
  return [
    t.cold === null && !t.failed?.startsWith('cold') ? '-' : withRate(t.cold),
    withRate(t.warm),
    t.warm === null ? '' : `${(t.warm / node).toFixed(2)}x`,
    withRate(row.inProcess),
    ratio(t.warm, row.inProcess),
  ];
}

export function cliTable(rows: Row[]): string[] {
  const node = rows.find((r) => r.aim === 'reference')?.t?.warm ?? NaN;
  const version = rows.find((r) => r.what === 'stui --version')?.t?.warm ?? NaN;
  const head = ['', 'cold', 'warm', 'warm/node -e 0', 'in process', 'warm/in process', 'aim (warm)', ''];
  const body = rows.map((r) => [r.what, ...cells(r, node), aimText(r.aim), met(r, { node, version })]);
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')}`.trimEnd());
  const failed = rows.filter((r) => r.t?.failed).map((r) => `  ${r.what}: ${r.t!.failed}`);
  return failed.length > 0 ? [...lines, '  failures (medians above are of the runs that succeeded):', ...failed] : lines;
}
