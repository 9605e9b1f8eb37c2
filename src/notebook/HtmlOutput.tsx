import type { JSX } from 'solid-js';

/**
 * HTML from Python (`_repr_html_`) is shown in a sandboxed iframe with NO permissions:
 * no scripts, no forms, no same-origin access. Whatever the HTML contains, it can never
 * run code in the app's origin (where the notebooks and databases live).
 */
export function HtmlOutput(props: { html: string; label: string }): JSX.Element {
  let frame: HTMLIFrameElement | undefined;
  const fit = (): void => {
    // Without allow-same-origin the parent cannot measure the document: a fixed,
    // resizable height is the honest option.
    if (frame) frame.style.height = '240px';
  };
  return (
    <iframe
      ref={frame}
      class="html-output"
      title={props.label}
      sandbox=""
      referrerPolicy="no-referrer"
      srcdoc={`<!doctype html><meta charset="utf-8"><style>body{font:13px system-ui,sans-serif;margin:4px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>${props.html}`}
      onLoad={fit}
    />
  );
}
