/**
 * "Export" as one menu button (the WAI-ARIA menu button pattern): the formats are its
 * items. Arrow keys move between them, Escape closes and returns to the button.
 */
import { createSignal, createUniqueId, For, onCleanup, Show, type JSX } from 'solid-js';

export interface ExportItem {
  readonly name: string;
  readonly title?: string;
  readonly run: () => void;
}

export function ExportMenu(props: { items: readonly ExportItem[] }): JSX.Element {
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
  // A click anywhere else closes it.
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
        Export
      </button>
      <Show when={open()}>
        <div class="menu" role="menu" id={id} aria-label="Export" onKeyDown={onMenuKey}>
          <For each={props.items}>
            {(item) => (
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                title={item.title}
                onClick={() => {
                  hide(true);
                  item.run();
                }}
              >
                {item.name}
              </button>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
