/**
 * Large, immutable kernel data (a result's rows) inside Solid stores. Read through the
 * store, every row gets a proxy of its own (sorting 1,000,000 rows that way took 3.3 s);
 * assigned into the store, a plain array is walked value by value. These two helpers
 * skip both: the data is plain; it is replaced, or (a large result's rows while they
 * arrive) grown in place by the one owner that then sets it again.
 */
import { $RAW } from 'solid-js/store';

/** The object behind a store proxy; the object itself when it is not one. */
export function rawOf<T extends object>(value: T): T {
  return (value as T & { [$RAW]?: T })[$RAW] ?? value;
}

/** Marks `value` as already raw, so a store takes it as it is (unwrap returns `value[$RAW]` at once). */
export function markRaw<T extends object>(value: T): T {
  if (!Object.prototype.hasOwnProperty.call(value, $RAW)) Object.defineProperty(value, $RAW, { value });
  return value;
}
