/**
 * The colour scheme the page shows: the system's, unless the user toggled it. The choice
 * lives on `<html data-theme="light|dark">`, which the style sheets read, so every part of
 * the page (CSS, editors, charts, sandboxed frames through `color-scheme`) follows one
 * switch; createColorScheme (create-color-scheme.ts) is the only writer.
 */
export type Scheme = 'light' | 'dark';
/** What the user chose; `system` follows prefers-color-scheme, live. */
export type SchemeChoice = Scheme | 'system';

const ATTRIBUTE = 'data-theme';

/** The scheme shown for a choice, when the system prefers `system`. */
export function resolveScheme(choice: SchemeChoice, system: Scheme): Scheme {
  return choice === 'system' ? system : choice;
}

/**
 * The choice after "Toggle theme": the other scheme than the one shown. Landing on the
 * system's scheme goes back to following the system, so a toggle there and back leaves
 * no stale override behind.
 */
export function toggledChoice(choice: SchemeChoice, system: Scheme): SchemeChoice {
  const next: Scheme = resolveScheme(choice, system) === 'dark' ? 'light' : 'dark';
  return next === system ? 'system' : next;
}

export function parseChoice(value: string | null | undefined): SchemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

function systemScheme(): Scheme {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches === true ? 'dark' : 'light';
}

/** The scheme shown now (before the app set one: the system's). */
export function currentScheme(): Scheme {
  const shown = typeof document === 'undefined' ? null : document.documentElement.getAttribute(ATTRIBUTE);
  return shown === 'light' || shown === 'dark' ? shown : systemScheme();
}

/** Shows `scheme` on the page. */
export function showScheme(scheme: Scheme): void {
  document.documentElement.setAttribute(ATTRIBUTE, scheme);
}

/** Calls `onChange` with the scheme each time the page's scheme flips (toggled, or the system's followed). */
export function onSchemeChange(onChange: (scheme: Scheme) => void): () => void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return () => {};
  let last = currentScheme();
  const observer = new MutationObserver(() => {
    const now = currentScheme();
    if (now === last) return;
    last = now;
    onChange(now);
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: [ATTRIBUTE] });
  return () => observer.disconnect();
}
