import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from '../../src/notebook/command-keys';
import { filterEntries, matchRank, paletteEntries, type PaletteEntry } from '../../src/notebook/palette-actions';

const labels = (entries: readonly PaletteEntry[]): string[] => entries.map((e) => e.label);

describe('the list', () => {
  it('offers every app action, with the cell actions only when a cell is selected', () => {
    const none = labels(paletteEntries({ cellSelected: false }));
    const cell = labels(paletteEntries({ cellSelected: true }));
    expect({ none, extra: cell.filter((l) => !none.includes(l)) }).toEqual({
      none: [
        'Run all cells',
        'Interrupt the kernel',
        'Restart the kernel',
        'New notebook',
        'Import notebook…',
        'Export .py',
        'Export .ipynb',
        'Export SQL (the database)',
        'Database settings',
        'Show or hide the outline',
        'Toggle light / dark theme',
        'Keyboard shortcuts',
        'Save now',
      ],
      extra: [
        'Run cell',
        'Run cell and select the next',
        'Run cell and add a cell below',
        'Edit cell',
        'Add cell above',
        'Add cell below',
        'Delete cell',
        'Undo cell deletion',
        'Move cell up',
        'Move cell down',
        'Change cell to Python',
        'Change cell to SQL',
        'Change cell to Markdown',
        'Collapse or expand output',
      ],
    });
  });

  /** "Ctrl+Shift+↑" or "D D" as the key presses command mode sees (the last, and the one before). */
  function presses(keys: string): { press: KeyPress; previous?: string } {
    const steps = keys.split(' ');
    const last = steps.at(-1)!.split('+');
    const key = { '↑': 'ArrowUp', '↓': 'ArrowDown' }[last.at(-1)!] ?? last.at(-1)!;
    const press: KeyPress = { key: key.length === 1 ? key.toLowerCase() : key, ctrlKey: last.includes('Ctrl'), shiftKey: last.includes('Shift'), altKey: last.includes('Alt') };
    return steps.length > 1 ? { press, previous: steps[0]!.toLowerCase() } : { press };
  }

  it.each(paletteEntries({ cellSelected: true }).filter((e) => e.command.kind === 'cell'))('shows the key that does "$label" in command mode', (entry) => {
    const { press, previous } = presses(entry.keys ?? '');
    expect(commandFor(press, previous)).toEqual(entry.command.kind === 'cell' ? entry.command.action : undefined);
  });
});

describe('filtering', () => {
  const all = paletteEntries({ cellSelected: true });
  it.each([
    ['nothing typed: everything, in order', '', labels(all)],
    ['blank is nothing', '   ', labels(all)],
    ['label starts first; no letters in order from inside a word ("inteRrUpt the kerNel")', 'run', ['Run all cells', 'Run cell', 'Run cell and select the next', 'Run cell and add a cell below']],
    ['case does not matter', 'EXPORT', ['Export .py', 'Export .ipynb', 'Export SQL (the database)']],
    ['a label start, inside words, then letters in order', 'in', ['Interrupt the kernel', 'Database settings', 'Show or hide the outline', 'Import notebook…', 'Export .ipynb']],
    ['a word inside the label', 'theme', ['Toggle light / dark theme']],
    ['the words in any order', 'theme toggle', ['Toggle light / dark theme']],
    ['letters in order, from a word start', 'rnall', ['Run all cells', 'Run cell and add a cell below']],
    ['words are not spelled out letter by letter ("Run cell and add a cell below" has no "all")', 'run all', ['Run all cells']],
    ['every word, in any order', 'add cell bel', ['Add cell below', 'Run cell and add a cell below']],
    ['a file extension', 'ipynb', ['Export .ipynb']],
    ['cell actions by kind', 'to sql', ['Change cell to SQL']],
    ['collapse', 'collapse', ['Collapse or expand output']],
    ['no match', 'qqq', []],
  ])('%s (%j)', (_name, query, expected) => {
    expect(labels(filterEntries(all, query))).toEqual(expected);
  });

  it.each([
    ['Run all cells', 'run', 0],
    ['Export .py', 'py', 1],
    ['Keyboard shortcuts', 'cut', 2],
    ['Toggle light / dark theme', 'dark toggle', 3],
    ['Run all cells', 'rac', 4],
    ['Run all cells', 'zz', undefined],
  ])('ranks %j for %j as %j', (label, query, rank) => {
    expect(matchRank(label, query)).toEqual(rank);
  });
});
