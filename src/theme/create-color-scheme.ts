import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { parseChoice, resolveScheme, showScheme, toggledChoice, type Scheme, type SchemeChoice } from './color-scheme';

/** Where the toggled choice is kept: a preference of this browser, not of a notebook. */
const STORAGE_KEY = 'ripple-theme';

export interface ColorScheme {
  /** The scheme shown. */
  readonly scheme: Accessor<Scheme>;
  /** Shows the other scheme, and remembers that choice for the next visit. */
  toggle(): void;
}

function readChoice(): SchemeChoice {
  try {
    return parseChoice(localStorage.getItem(STORAGE_KEY));
  } catch {
    return 'system'; // storage blocked: follow the system
  }
}

function writeChoice(choice: SchemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage blocked: the toggle still holds for this page.
  }
}

/** Sets the page's scheme from the stored choice and the system's, and follows the system live. Call inside a Solid owner. */
export function createColorScheme(): ColorScheme {
  const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  const [system, setSystem] = createSignal<Scheme>(media?.matches === true ? 'dark' : 'light');
  const [choice, setChoice] = createSignal<SchemeChoice>(readChoice());
  const scheme = (): Scheme => resolveScheme(choice(), system());
  const apply = (): void => showScheme(scheme());
  apply();
  const onSystem = (event: MediaQueryListEvent): void => {
    setSystem(event.matches ? 'dark' : 'light');
    apply();
  };
  media?.addEventListener('change', onSystem);
  onCleanup(() => media?.removeEventListener('change', onSystem));
  return {
    scheme,
    toggle() {
      const next = toggledChoice(choice(), system());
      setChoice(next);
      writeChoice(next);
      apply();
    },
  };
}
