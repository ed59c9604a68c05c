/**
 * JSON text of a value, handed out in pieces of about `chunkChars` characters, so a large reply
 * (a restored session with its whole history) is never held as one string — nor as one ZeroMQ
 * message copied from it — beside the state it describes. The pieces joined are exactly
 * `JSON.stringify(value)`.
 *
 * The outer `depth` levels of plain objects are written here, field by field; arrays are written
 * in runs of whole elements, so a history of thousands of items costs a few JSON.stringify calls,
 * not one per item or field. A long string in an opened object (a session's transcript) is
 * written in slices. Only a single element larger than `chunkChars` (a deeper long string) can
 * make a piece larger than about twice `chunkChars`.
 */
export interface JsonChunkOptions {
  chunkChars: number;
  /** How many levels of objects to open before stringifying whole values. */
  depth?: number;
}

const DEFAULT_DEPTH = 2;

/** What JSON.stringify leaves out of an object. */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const isOpenable = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';

/** A long string's JSON text in slices of about `sliceChars`, never cutting a surrogate pair. */
function* stringTokens(text: string, sliceChars: number): Generator<string> {
  yield '"';
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + sliceChars);
    const high = text.charCodeAt(to - 1);
    const low = text.charCodeAt(to);
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) to += 1;
    yield JSON.stringify(text.slice(from, to)).slice(1, -1);
    from = to;
  }
  yield '"';
}

/**
 * An array's JSON text, its elements written whole in runs of about `sliceChars / 4` characters:
 * one JSON.stringify call per run (of a slice of the array) instead of one per element, which for
 * a history of thousands of small items is most of the cost. A run's size is guessed from the
 * one before it.
 */
function* arrayTokens(value: readonly unknown[], sliceChars: number): Generator<string> {
  const target = Math.max(1, sliceChars >> 2);
  yield '[';
  for (let from = 0, count = 1; from < value.length; ) {
    const to = Math.min(value.length, from + count);
    // JSON.stringify of a slice writes its elements exactly as inside the whole array.
    const run = JSON.stringify(value.slice(from, to));
    yield `${from > 0 ? ',' : ''}${run.slice(1, -1)}`;
    count = Math.max(1, Math.floor((target * (to - from)) / Math.max(1, run.length)));
    from = to;
  }
  yield ']';
}

function* tokens(value: unknown, depth: number, sliceChars: number): Generator<string> {
  if (typeof value === 'string' && value.length > sliceChars) {
    yield* stringTokens(value, sliceChars);
    return;
  }
  if (depth <= 0 || !isOpenable(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayTokens(value, sliceChars);
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (skipped(v)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* tokens(v, depth - 1, sliceChars);
  }
  yield '}';
}

/**
 * The pieces of `JSON.stringify(value)`, each at least `chunkChars` long except the last. A value
 * JSON.stringify would write as nothing (undefined, a function) comes out as `null`, as it does
 * in a reply object's field.
 */
export function* jsonChunks(value: unknown, options: JsonChunkOptions): Generator<string> {
  const depth = options.depth ?? DEFAULT_DEPTH;
  let parts: string[] = [];
  let size = 0;
  for (const t of tokens(value, depth, options.chunkChars)) {
    parts.push(t);
    size += t.length;
    if (size >= options.chunkChars) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  // tokens() yields at least one token, so something is always left or already handed out.
  if (parts.length > 0) yield parts.join('');
}
