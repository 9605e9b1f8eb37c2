import { expect, it } from 'vitest';
import { editedAgo, matchesQuery } from '../../src/notebook-list/relative-time';

const now = new Date(2026, 11, 1, 12, 0, 0).getTime();
const ago = (ms: number) => now - ms;
const MIN = 60_000;

it.each([
  ['seconds ago', ago(20_000), 'just now'],
  ['a clock a little ahead', now + 5_000, 'just now'],
  ['one minute', ago(MIN), '1 minute ago'],
  ['minutes', ago(2 * MIN + 30_000), '2 minutes ago'],
  ['one hour', ago(60 * MIN), '1 hour ago'],
  ['hours', ago(5 * 60 * MIN), '5 hours ago'],
  ['yesterday', ago(30 * 60 * MIN), 'yesterday'],
  ['days', ago(3 * 24 * 60 * MIN), '3 days ago'],
  ['this year', new Date(2026, 2, 3).getTime(), '3 Mar'],
  ['another year', new Date(2025, 10, 20).getTime(), '20 Nov 2025'],
] as const)('%s', (_name, at, expected) => {
  expect(editedAgo(at, now)).toBe(expected);
});

it.each([
  ['Welcome to Ripple', 'ripple', true],
  ['Welcome to Ripple', 'rip wel', true],
  ['Welcome to Ripple', 'sales', false],
  ['Sales by region', '', true],
] as const)('%s matches %j: %s', (title, query, expected) => {
  expect(matchesQuery(title, query)).toBe(expected);
});
