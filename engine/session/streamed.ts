/**
 * A handler's result that is a list too long to build in memory (every step of a replay): the
 * command server writes it to the socket item by item, in parts (engine/client/wire.ts), as the
 * items are produced. The client receives the same JSON array it would for a built list.
 */
export class StreamedList {
  constructor(
    readonly items: AsyncIterable<unknown>,
    /** JSON.stringify's replacer for each item (decoded CBOR holds bytes and big integers). */
    readonly replacer?: (key: string, value: unknown) => unknown,
  ) {}
}
