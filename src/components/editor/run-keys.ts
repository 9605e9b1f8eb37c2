/**
 * The run keys of a cell editor, read from the keydown before CodeMirror sees it.
 *
 * Why before: CodeMirror answers every keydown it handles by scheduling a layout
 * measurement (requestAnimationFrame), and after a keydown that asked for a frame Chrome
 * holds the page's other tasks (the kernel's events among them) until that frame is
 * drawn. A run's output then arrived a frame late, every time. A keydown marked handled
 * (defaultPrevented) is one CodeMirror leaves alone.
 */

export type RunMode = 'advance' | 'stay';

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'isComposing'>;

/**
 * Shift+Enter runs and moves on; Ctrl+Enter (and Cmd+Enter on macOS, CodeMirror's Mod)
 * runs in place. Exactly these modifiers, as a CodeMirror keymap matches them.
 */
export function runKeyMode(event: Keys, mac: boolean): RunMode | undefined {
  if (event.key !== 'Enter' || event.altKey || event.isComposing) return undefined;
  if (event.shiftKey) return event.ctrlKey || event.metaKey ? undefined : 'advance';
  if (event.ctrlKey && !event.metaKey) return 'stay';
  if (mac && event.metaKey && !event.ctrlKey) return 'stay';
  return undefined;
}

/**
 * Control, Meta or Shift pressed alone, before the key they modify: nothing in the editor
 * acts on them (Alt is not one of them: it shows the rectangular-selection cursor).
 */
export function isBareModifier(event: Pick<KeyboardEvent, 'key'>): boolean {
  return event.key === 'Control' || event.key === 'Meta' || event.key === 'Shift';
}

/** Where CodeMirror's Mod is Cmd (its own test, near enough: Apple platforms). */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad|iPod/.test(navigator.platform);
}
