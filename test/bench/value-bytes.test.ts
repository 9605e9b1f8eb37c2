import { expect, it } from 'vitest';
import { valueBytes } from '../../bench/baseline/value-bytes';

it.each([
  ['NULL', null, 0],
  ['a number', 1.5, 8],
  ['a bigint', 2n ** 60n, 8],
  ['a boolean', true, 1],
  ['a Latin-1 string, a byte a character', 'row 12', 6],
  ['a string beyond Latin-1, two bytes a character', 'Δx', 4],
  ['a date', new Date(0), 8],
  ['bytes', new Uint8Array(5), 5],
  ['a row of the large scenario', [7, '10.5', 'row 7', false, new Date(0)], 8 + 4 + 5 + 1 + 8],
  ['JSON', { a: [1, 'é'], b: null }, 8 + 1],
])('%s', (_name, value, bytes) => {
  expect(valueBytes(value)).toBe(bytes);
});
