/** What a server type looks like after JSON: dates become strings. */
export type Jsonify<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

/** What the browser receives from a data function: its resolved return value, after JSON. */
export type TWire<F extends (...args: never[]) => unknown> = Jsonify<Awaited<ReturnType<F>>>;

/**
 * Server data handed to a client component in the shape the same component gets over the API, so
 * one type serves both paths: the JSON round trip is what the wire does, and Jsonify<T> is its type.
 */
export function toJson<T>(value: T): Jsonify<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonify<T>;
}
