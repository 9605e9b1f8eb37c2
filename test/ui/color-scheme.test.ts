import { expect, it } from 'vitest';
import { parseChoice, resolveScheme, toggledChoice, type Scheme, type SchemeChoice } from '../../src/theme/color-scheme';

it.each([
  // choice, system → shown, and the choice after a toggle
  ['system', 'light', 'light', 'dark'],
  ['system', 'dark', 'dark', 'light'],
  // Toggling back to the system's scheme follows the system again, not a pinned copy of it.
  ['dark', 'light', 'dark', 'system'],
  ['light', 'dark', 'light', 'system'],
  // A pinned scheme that the system has since come to prefer: the toggle leaves it.
  ['dark', 'dark', 'dark', 'light'],
  ['light', 'light', 'light', 'dark'],
] as const)('choice %s with a %s system shows %s; toggled, the choice is %s', (choice: SchemeChoice, system: Scheme, shown: Scheme, toggled: SchemeChoice) => {
  expect({ shown: resolveScheme(choice, system), toggled: toggledChoice(choice, system) }).toEqual({ shown, toggled });
});

it.each([
  ['light', 'light'],
  ['dark', 'dark'],
  [null, 'system'],
  ['system', 'system'],
  ['DARK', 'system'],
  ['', 'system'],
] as const)('reads the stored choice %j as %s', (stored, choice) => {
  expect(parseChoice(stored)).toBe(choice);
});
