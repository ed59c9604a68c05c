/** Text shared by the human renderings: times, durations and aligned tables. */

const DAY = 86_400_000;
// Folds stamp thousands of entries a second, nearly all from the same day: the date part is
// kept from the last full conversion and only the time of day is formatted.
let dayStart = NaN;
let dayPrefix = '';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Exactly Date#toISOString (and its RangeError for an invalid time), a few times faster. */
export function iso(ms: number): string {
  const t = ms - dayStart;
  if (t >= 0 && t < DAY && Number.isInteger(ms)) {
    return `${dayPrefix}${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`;
  }
  const text = new Date(ms).toISOString();
  // Only the plain form (years 0000-9999) has its date in the first 11 characters.
  if (Number.isInteger(ms) && text.length === 24) {
    dayStart = ms - (((ms % DAY) + DAY) % DAY);
    dayPrefix = text.slice(0, 11);
  }
  return text;
}

/** 850 ms, 2.1 s, 4 min 05 s, 3 h 02 min: short enough for a table cell. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Columns padded to their widest cell, two spaces apart; the header line in capitals. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  // A reduce, not Math.max(...): an audit can have more rows than a call has room for arguments.
  const widths = headers.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join('\n');
}

/** A value shown on one line: strings as they are, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

export function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
