import { fireEvent, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { expect, it, vi } from 'vitest';
import { CellActions, KindSwitcher } from '../../src/notebook/CellToolbar';
import type { CommandAction } from '../../src/notebook/command-keys';

function toolbar(options: { hasOutput?: boolean } = {}) {
  const onCommand = vi.fn<(command: CommandAction) => void>();
  const [collapsed, setCollapsed] = createSignal(false);
  const view = render(() => <CellActions hasOutput={options.hasOutput ?? false} collapsed={collapsed()} onCommand={onCommand} />);
  const more = view.getByRole('button', { name: 'More actions' });
  /** What assistive technology reads as a control's description: the text its aria-describedby points to. */
  const description = (element: HTMLElement): string | undefined => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent ?? undefined;
  const focused = (): string | null => document.activeElement?.getAttribute('aria-label') ?? null;
  const key = (k: string): boolean => fireEvent.keyDown(document.activeElement!, { key: k });
  const items = (): string[] => view.queryAllByRole('menuitem').map((item) => item.getAttribute('aria-label') ?? '');
  return { ...view, onCommand, more, description, focused, key, items, setCollapsed };
}

/** Lets the menu's deferred focus (queueMicrotask, once the items are rendered) happen. */
const settle = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

it('each button keeps its name and is described by a tooltip naming its shortcut from COMMAND_KEYS', () => {
  const t = toolbar();
  const named = ['Run cell', 'Move cell up', 'Move cell down', 'More actions'].map((name) => t.getByRole('button', { name }));
  const kind = render(() => <KindSwitcher subject="cell 1" kind="python" onKind={() => {}} />).getByRole('combobox', { name: 'Kind of cell 1' });
  expect({ descriptions: named.map(t.description), kind: t.description(kind) }).toEqual({
    descriptions: ['Run cell (Ctrl+Enter)', 'Move cell up (Ctrl+Shift+↑)', 'Move cell down (Ctrl+Shift+↓)', 'More actions: add a cell, collapse the output, delete'],
    kind: 'Change the kind: Python (Y), SQL (S), Markdown (M)',
  });
});

it('a tooltip shows while its button has the focus or the pointer, and Escape hides it', () => {
  const t = toolbar();
  const run = t.getByRole('button', { name: 'Run cell' });
  const tip = document.getElementById(run.getAttribute('aria-describedby')!)!;
  const states: boolean[] = [tip.hidden];
  fireEvent.focusIn(run);
  states.push(tip.hidden);
  fireEvent.keyDown(run, { key: 'Escape' });
  states.push(tip.hidden);
  fireEvent.pointerOver(run);
  states.push(tip.hidden);
  fireEvent.pointerLeave(run.parentElement!);
  states.push(tip.hidden);
  expect({ role: tip.getAttribute('role'), states }).toEqual({ role: 'tooltip', states: [true, false, true, false, true] });
});

it('the buttons perform their commands', () => {
  const t = toolbar();
  for (const name of ['Run cell', 'Move cell up', 'Move cell down']) fireEvent.click(t.getByRole('button', { name }));
  expect(t.onCommand.mock.calls.map(([command]) => command)).toEqual([
    { kind: 'run', then: 'stay' },
    { kind: 'move', delta: -1 },
    { kind: 'move', delta: 1 },
  ]);
});

it('"…" is a menu button: ↓ opens on the first item, arrows wrap, Home/End, Escape returns to the button', async () => {
  const t = toolbar();
  t.more.focus();
  const closed = { expanded: t.more.getAttribute('aria-expanded'), popup: t.more.getAttribute('aria-haspopup') };
  t.key('ArrowDown');
  await settle();
  const seen = [t.focused()];
  for (const k of ['ArrowUp', 'Home', 'ArrowDown', 'End', 'ArrowDown']) {
    t.key(k);
    seen.push(t.focused());
  }
  const open = { expanded: t.more.getAttribute('aria-expanded'), controls: t.getByRole('menu', { name: 'Cell actions' }).id === t.more.getAttribute('aria-controls') };
  t.key('Escape');
  expect({ closed, seen, open, after: { menus: t.queryAllByRole('menu').length, focused: document.activeElement === t.more } }).toEqual({
    closed: { expanded: 'false', popup: 'menu' },
    seen: ['Add Python cell above', 'Delete cell', 'Add Python cell above', 'Add SQL cell above', 'Delete cell', 'Add Python cell above'],
    open: { expanded: 'true', controls: true },
    after: { menus: 0, focused: true },
  });
});

it('the menu holds the rest, under their old names, with their keys beside them; an item runs its command and closes the menu', async () => {
  const t = toolbar({ hasOutput: true });
  fireEvent.click(t.more);
  await settle();
  const items = t.items();
  const keys = t.getAllByRole('menuitem').map((item) => item.querySelector('kbd')?.textContent ?? '');
  fireEvent.click(t.getByRole('menuitem', { name: 'Add SQL cell below' }));
  const closedByItem = t.queryAllByRole('menu').length;
  t.setCollapsed(true);
  fireEvent.click(t.more);
  await settle();
  fireEvent.click(t.getByRole('menuitem', { name: 'Expand output' }));
  fireEvent.click(t.more);
  await settle();
  fireEvent.pointerDown(document.body);
  expect({ items, keys, closedByItem, ran: t.onCommand.mock.calls.map(([command]) => command), closedByOutside: t.queryAllByRole('menu').length }).toEqual({
    items: ['Add Python cell above', 'Add SQL cell above', 'Add Markdown cell above', 'Add Python cell below', 'Add SQL cell below', 'Add Markdown cell below', 'Collapse output', 'Delete cell'],
    keys: ['A', '', '', 'B', '', '', 'O', 'D D'],
    closedByItem: 0,
    ran: [
      { kind: 'add', where: 'below', cellKind: 'sql' },
      { kind: 'toggle-output' },
    ],
    closedByOutside: 0,
  });
});

it('without an output there is nothing to collapse', async () => {
  const t = toolbar({ hasOutput: false });
  fireEvent.click(t.more);
  await settle();
  expect(t.items()).not.toContain('Collapse output');
});
