import { expect, it } from 'vitest';
import { COMMAND_KEYS, commandFor, keysFor, withKeys, type KeyPress } from '../../src/notebook/command-keys';

it.each([
  ['Enter edits', { key: 'Enter' }, undefined, { kind: 'edit' }],
  ['Shift+Enter runs and moves on', { key: 'Enter', shiftKey: true }, undefined, { kind: 'run', then: 'next' }],
  ['Ctrl+Enter runs', { key: 'Enter', ctrlKey: true }, undefined, { kind: 'run', then: 'stay' }],
  ['Cmd+Enter runs', { key: 'Enter', metaKey: true }, undefined, { kind: 'run', then: 'stay' }],
  ['Alt+Enter runs and adds below', { key: 'Enter', altKey: true }, undefined, { kind: 'run', then: 'insert-below' }],
  ['K and ↑ select above', { key: 'k' }, undefined, { kind: 'select', delta: -1 }],
  ['↑', { key: 'ArrowUp' }, undefined, { kind: 'select', delta: -1 }],
  ['J and ↓ select below', { key: 'J' }, undefined, { kind: 'select', delta: 1 }],
  ['A adds above', { key: 'a' }, undefined, { kind: 'add', where: 'above' }],
  ['B adds below', { key: 'b' }, undefined, { kind: 'add', where: 'below' }],
  ['one D does nothing', { key: 'd' }, undefined, undefined],
  ['D D deletes', { key: 'd' }, 'd', { kind: 'delete' }],
  ['Z undoes a deletion', { key: 'z' }, undefined, { kind: 'undo-delete' }],
  ['M, Y, S set the kind', { key: 'm' }, undefined, { kind: 'set-kind', cellKind: 'markdown' }],
  ['Y', { key: 'y' }, undefined, { kind: 'set-kind', cellKind: 'python' }],
  ['S', { key: 's' }, undefined, { kind: 'set-kind', cellKind: 'sql' }],
  ['Ctrl+S is not a kind change', { key: 's', ctrlKey: true }, undefined, undefined],
  ['Ctrl+Shift+↓ moves the cell down', { key: 'ArrowDown', ctrlKey: true, shiftKey: true }, undefined, { kind: 'move', delta: 1 }],
  ['O collapses or expands the output', { key: 'o' }, undefined, { kind: 'toggle-output' }],
  ['? shows the shortcuts', { key: '?', shiftKey: true }, undefined, { kind: 'help' }],
  ['other keys do nothing', { key: 'x' }, undefined, undefined],
] as const)('%s', (_name, press: KeyPress, previous: string | undefined, expected) => {
  expect(commandFor(press, previous)).toEqual(expected);
});

it('each command names its own key from COMMAND_KEYS (the toolbar tooltips), none for a command without one', () => {
  expect({
    run: withKeys('Run cell', { kind: 'run', then: 'stay' }),
    up: keysFor({ kind: 'move', delta: -1 }),
    addPython: keysFor({ kind: 'add', where: 'below' }),
    addSql: keysFor({ kind: 'add', where: 'below', cellKind: 'sql' }),
    markdown: keysFor({ kind: 'set-kind', cellKind: 'markdown' }),
    none: withKeys('More actions', undefined),
    dialog: COMMAND_KEYS.find((row) => row.action === 'Add a cell above / below')?.keys,
  }).toEqual({ run: 'Run cell (Ctrl+Enter)', up: 'Ctrl+Shift+↑', addPython: 'B', addSql: undefined, markdown: 'M', none: 'More actions', dialog: 'A, B' });
});
