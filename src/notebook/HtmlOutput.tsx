import { createSignal, onCleanup, type JSX } from 'solid-js';

/**
 * Measures the document and tells the parent its height. This is the only script the
 * frame may run: the Content-Security-Policy allows scripts by this hash alone, so a
 * `<script>` or an `onerror=` in Python's HTML is refused by the browser.
 * Keep HTML_HEIGHT_SCRIPT_HASH in step with it (a test recomputes the hash).
 */
export const HTML_HEIGHT_SCRIPT =
  "(function(){var last=-1;function send(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);if(h!==last){last=h;parent.postMessage({rippleHtmlHeight:h},'*')}}new ResizeObserver(send).observe(document.documentElement)})()";
export const HTML_HEIGHT_SCRIPT_HASH = 'sha256-hGk1b+/QgC03ZpMMDE74HxNGUQWcFVG23moYbVDOWFw=';

/** Taller HTML scrolls inside its frame (which the user can also resize). */
export const HTML_MAX_HEIGHT = 800;
const HTML_MIN_HEIGHT = 24;

const CSP = [
  "default-src 'none'",
  `script-src '${HTML_HEIGHT_SCRIPT_HASH}'`,
  "style-src 'unsafe-inline'",
  // Images and fonts only from the HTML itself: no request can carry data out.
  'img-src data: blob:',
  'font-src data:',
].join('; ');

const BASE_STYLE =
  ':root{color-scheme:light dark}html,body{margin:0}body{font:13px system-ui,sans-serif;padding:4px}' +
  'table{border-collapse:collapse}td,th{border:1px solid #8888;padding:2px 6px}';

export function htmlDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><style>${BASE_STYLE}</style><script>${HTML_HEIGHT_SCRIPT}</script></head><body>${html}</body></html>`;
}

/**
 * HTML from Python (`_repr_html_`) is shown in a sandboxed iframe without
 * allow-same-origin: it runs in an opaque origin, so even a script that slipped through
 * could not reach the app's origin (where the notebooks and databases live). Within it,
 * the CSP above lets only our height script run; the frame is as tall as its content.
 */
export function HtmlOutput(props: { html: string; label: string }): JSX.Element {
  let frame: HTMLIFrameElement | undefined;
  const [height, setHeight] = createSignal<number>();
  const onMessage = (event: MessageEvent): void => {
    // Only our own frame's messages; the value is clamped whatever it says.
    if (!frame || event.source !== frame.contentWindow) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !('rippleHtmlHeight' in data)) return;
    const h = Number(data.rippleHtmlHeight);
    if (Number.isFinite(h)) setHeight(Math.min(HTML_MAX_HEIGHT, Math.max(HTML_MIN_HEIGHT, h + 2)));
  };
  window.addEventListener('message', onMessage);
  onCleanup(() => window.removeEventListener('message', onMessage));
  return (
    <iframe
      ref={frame}
      class="html-output"
      title={props.label}
      sandbox="allow-scripts"
      referrerPolicy="no-referrer"
      style={{ height: height() === undefined ? undefined : `${height()}px` }}
      srcdoc={htmlDocument(props.html)}
    />
  );
}
