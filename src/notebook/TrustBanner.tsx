import { onMount, Show, type JSX } from 'solid-js';

export const TRUST_BANNER_TEXT = 'This notebook came from a file. Its code has not run.';

export interface TrustBannerProps {
  /** What the file's database settings point at (no secrets), while they are not applied. */
  databaseRequest: string | undefined;
  onRunAll: () => void;
  onTrustAndRun: () => void;
}

/**
 * Shown instead of running a notebook that came from a file (the rule is in trust.ts).
 * It takes focus when it appears, so a keyboard or screen reader user meets it first
 * and Tab reaches its buttons; nothing runs until one of them is pressed.
 */
export function TrustBanner(props: TrustBannerProps): JSX.Element {
  let region!: HTMLElement;
  onMount(() => region.focus());
  return (
    <section ref={region} class="trust-banner" role="region" aria-label="Notebook from a file" tabindex="-1">
      <p class="trust-banner-title">{TRUST_BANNER_TEXT}</p>
      <p>
        Its Python can read what Ripple keeps in this browser, remembered database passwords included. Run it only if you
        trust where it came from. <strong>Run all</strong> runs it this once; <strong>Trust and run</strong> also runs it
        whenever you open it. Running a cell yourself runs that cell and the cells that depend on it.
      </p>
      <Show when={props.databaseRequest}>
        {(request) => <p>Its database settings ask for {request()}. They apply when you run it, or apply them in Database settings.</p>}
      </Show>
      <div class="trust-banner-actions">
        <button type="button" onClick={() => props.onRunAll()}>
          Run all
        </button>
        <button type="button" onClick={() => props.onTrustAndRun()}>
          Trust and run
        </button>
      </div>
    </section>
  );
}
