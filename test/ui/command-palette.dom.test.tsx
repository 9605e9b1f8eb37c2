import { fireEvent, render } from '@solidjs/testing-library';
import { expect, it, vi } from 'vitest';
import { CommandPalette } from '../../src/notebook/CommandPalette';
import { paletteEntries, type PaletteEntry } from '../../src/notebook/palette-actions';

function palette() {
  const onRun = vi.fn<(entry: PaletteEntry) => void>();
  const onClose = vi.fn<() => void>();
  const view = render(() => <CommandPalette entries={paletteEntries({ cellSelected: false })} onRun={onRun} onClose={onClose} />);
  const box = view.getByRole('combobox', { name: 'Search actions' }) as HTMLInputElement;
  const key = (k: string): boolean => fireEvent.keyDown(box, { key: k });
  const type = (text: string): void => {
    box.value = text;
    fireEvent.input(box);
  };
  /** The highlighted option, as assistive technology learns it: by aria-activedescendant. */
  const active = (): string | null => {
    const id = box.getAttribute('aria-activedescendant');
    return id === null ? null : (document.getElementById(id)?.getAttribute('aria-label') ?? null);
  };
  const options = (): string[] => view.getAllByRole('option').map((o) => `${o.getAttribute('aria-label')}${o.getAttribute('aria-selected') === 'true' ? ' *' : ''}`);
  return { ...view, box, key, type, active, options, onRun, onClose };
}

it('is a modal dialog whose combobox has the focus and names the highlighted option', () => {
  const p = palette();
  const dialog = p.getByRole('dialog', { name: 'Command palette' });
  const list = p.getByRole('listbox', { name: 'Actions' });
  expect({
    modal: dialog.getAttribute('aria-modal'),
    focused: document.activeElement === p.box,
    controls: p.box.getAttribute('aria-controls') === list.id,
    active: p.active(),
    first: p.options().slice(0, 2),
    keys: p.getByRole('option', { name: 'Save now' }).querySelector('kbd')?.textContent,
  }).toEqual({ modal: 'true', focused: true, controls: true, active: 'Run all cells', first: ['Run all cells *', 'Interrupt the kernel'], keys: 'Ctrl+S' });
});

it('filters as you type; ↑/↓ move and wrap; Enter runs the highlighted one', () => {
  const p = palette();
  p.type('export');
  const filtered = p.options();
  p.key('ArrowDown');
  const down = p.active();
  p.key('ArrowUp');
  p.key('ArrowUp');
  const wrapped = p.active();
  p.key('Enter');
  expect({ filtered, down, wrapped, ran: p.onRun.mock.calls.map(([e]) => e.command) }).toEqual({
    filtered: ['Export .py *', 'Export .ipynb', 'Export SQL (the database)'],
    down: 'Export .ipynb',
    wrapped: 'Export SQL (the database)',
    ran: [{ kind: 'app', command: 'export-sql' }],
  });
});

it('typing again highlights the best match; nothing matching says so and Enter runs nothing', () => {
  const p = palette();
  p.key('ArrowDown');
  p.type('theme');
  const afterTyping = p.active();
  p.type('zzqq');
  const none = { options: p.queryAllByRole('option').length, active: p.active(), said: p.getByRole('status').textContent };
  p.key('Enter');
  expect({ afterTyping, none, ran: p.onRun.mock.calls.length }).toEqual({
    afterTyping: 'Toggle light / dark theme',
    none: { options: 0, active: null, said: 'No action matches “zzqq”.' },
    ran: 0,
  });
});

it('Escape closes; Tab stays in the dialog; a click runs an option; a click outside closes', () => {
  const p = palette();
  p.key('Escape');
  const tabKept = !p.key('Tab'); // fireEvent returns false when the default was prevented
  fireEvent.click(p.getByRole('option', { name: 'New notebook' }));
  fireEvent.pointerDown(p.getByRole('dialog').parentElement!);
  expect({ closes: p.onClose.mock.calls.length, tabKept, ran: p.onRun.mock.calls.map(([e]) => e.label) }).toEqual({ closes: 2, tabKept: true, ran: ['New notebook'] });
});
