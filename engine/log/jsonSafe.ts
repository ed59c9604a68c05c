/**
 * JSON for any decoded CBOR (a replacer for JSON.stringify): bytes as hex, big integers as
 * strings, Maps as objects. Entries' data is CBOR, so whatever prints or sends it as JSON uses this.
 */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
