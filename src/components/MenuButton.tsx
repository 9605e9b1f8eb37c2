/**
 * A button that opens a menu (the WAI-ARIA menu button pattern): ↓/↑ on the button open it
 * on the first/last item, arrow keys and Home/End move between items, Escape closes it and
 * returns to the button, Tab or a click anywhere else closes it.
 */
import { createSignal, createUniqueId, For, onCleanup, Show, type JSX } from 'solid-js';

export interface MenuItem {
  /** The item's accessible name, also its text. */
  readonly name: string;
  readonly title?: string;
  /** The shortcut that does the same, shown beside the name (not part of it). */
  readonly keys?: string;
  /** A separator goes before this item. */
  readonly group?: boolean;
  readonly run: () => void;
}

export interface MenuButtonProps {
  /** The menu's accessible name. */
  readonly menuName: string;
  /** The button's content; `buttonName` names it when that content is a symbol ("…"). */
  readonly button: JSX.Element;
  readonly buttonName?: string;
  /** The id of the button's description (its Tooltip). */
  readonly describedBy?: string;
  readonly items: readonly MenuItem[];
}

export function MenuButton(props: MenuButtonProps): JSX.Element {
  const id = createUniqueId();
  const [open, setOpen] = createSignal(false);
  let wrap: HTMLDivElement | undefined;
  let trigger: HTMLButtonElement | undefined;
  const items = (): HTMLElement[] => [...(wrap?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const show = (at: 'first' | 'last' = 'first'): void => {
    setOpen(true);
    queueMicrotask(() => (at === 'first' ? items()[0] : items().at(-1))?.focus());
  };
  const hide = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) trigger?.focus();
  };
  const outside = (e: PointerEvent): void => {
    if (open() && wrap && !wrap.contains(e.target as Node)) hide(false);
  };
  document.addEventListener('pointerdown', outside);
  onCleanup(() => document.removeEventListener('pointerdown', outside));
  const onMenuKey = (e: KeyboardEvent): void => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number): void => all[(to + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') hide(true);
    else if (e.key === 'Tab') return hide(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div class="menu-wrap" ref={wrap}>
      <button
        type="button"
        ref={trigger}
        aria-label={props.buttonName}
        aria-describedby={props.describedBy}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={id}
        onClick={() => (open() ? hide(true) : show())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            show(e.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {props.button}
      </button>
      <Show when={open()}>
        <div class="menu" role="menu" id={id} aria-label={props.menuName} onKeyDown={onMenuKey}>
          <For each={props.items}>
            {(item) => (
              <>
                <Show when={item.group}>
                  <div role="separator" class="menu-separator" />
                </Show>
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  title={item.title}
                  aria-label={item.name}
                  onClick={() => {
                    // Back to the button first: an item that moves the focus (a new cell's editor) then wins.
                    hide(true);
                    item.run();
                  }}
                >
                  <span>{item.name}</span>
                  <Show when={item.keys}>{(keys) => <kbd aria-hidden="true">{keys()}</kbd>}</Show>
                </button>
              </>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
