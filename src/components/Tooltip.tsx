/**
 * A small tooltip that describes a control (aria-describedby), so the control's accessible
 * name stays its own: a native `title` would be read as the name of a control without one.
 * It shows while the pointer is over the control or the control has the focus, and Escape
 * hides it (WCAG 1.4.13: dismissible without moving the pointer or the focus).
 */
import { createSignal, createUniqueId, type JSX } from 'solid-js';

export function Tooltip(props: { text: string; children: (describedBy: string) => JSX.Element }): JSX.Element {
  const id = createUniqueId();
  const [shown, setShown] = createSignal(false);
  // Listened for on the wrapper, which may also hold a menu the control opens: only the
  // control itself shows the tip, so it never covers the menu's items.
  const isAnchor = (target: EventTarget | null): boolean => target instanceof Element && target.closest(`[aria-describedby~="${id}"]`) !== null;
  return (
    <span
      class="tip"
      onPointerOver={(e) => setShown(isAnchor(e.target))}
      onPointerLeave={() => setShown(false)}
      onFocusIn={(e) => setShown(isAnchor(e.target))}
      onFocusOut={() => setShown(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setShown(false);
      }}
    >
      {props.children(id)}
      <span role="tooltip" id={id} class="tooltip" hidden={!shown()}>
        {props.text}
      </span>
    </span>
  );
}
