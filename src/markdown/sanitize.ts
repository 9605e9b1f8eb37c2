/**
 * The last step before rendered Markdown reaches the page: DOMPurify with a policy for
 * notebooks from anywhere. Nothing runs (no script, event handler, javascript: URL,
 * SVG script), nothing restyles the app (no <style>, no url()/expression() in style
 * attributes; KaTeX's own inline sizes stay), nothing submits or embeds (form, iframe,
 * object, embed), and nothing is fetched from another origin: such images are replaced by
 * a visible placeholder. Links open in a new tab without an opener or referrer.
 */
import DOMPurify, { type Config, type UponSanitizeAttributeHook } from 'dompurify';

const FORBID_TAGS = [
  'style', 'link', 'meta', 'base', 'form', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset',
  'object', 'embed', 'video', 'audio', 'source', 'track', 'picture', 'template',
  // SVG elements that fetch other documents or images.
  'image', 'use', 'feImage', 'foreignObject',
];
const FORBID_ATTR = ['srcset', 'action', 'formaction', 'background', 'poster', 'ping', 'xlink:href'];
/** CSS that fetches, runs or escapes: url(), old IE expression(), bindings, escapes hiding them. */
const UNSAFE_CSS = /url\s*\(|image-set|expression\s*\(|@import|behavior\s*:|-moz-binding|javascript:|\\/i;
const BLOCKED = 'data-ripple-blocked-host';

export interface Sanitizer {
  sanitize(html: string): string;
}

/** `origin`: the app's own (images from it load); `window`: where DOMPurify parses (inertly). */
export function createSanitizer(window: Window & typeof globalThis, origin: string): Sanitizer {
  const purify = DOMPurify(window);
  const config: Config = { FORBID_TAGS, FORBID_ATTR, ADD_ATTR: ['target'], SANITIZE_NAMED_PROPS: true };
  const checkStyle: UponSanitizeAttributeHook = (_node, data) => {
    if (data.attrName === 'style' && UNSAFE_CSS.test(data.attrValue)) data.keepAttr = false;
  };
  purify.addHook('uponSanitizeAttribute', checkStyle);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof window.Element)) return;
    const tag = node.tagName.toLowerCase();
    if (tag === 'a' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (tag === 'input') {
      // Only task-list checkboxes, which show state and never change it.
      if (node.getAttribute('type') !== 'checkbox') node.setAttribute('type', 'checkbox');
      node.setAttribute('disabled', '');
      node.removeAttribute('name');
      node.removeAttribute('value');
    } else if (tag === 'img') {
      const host = foreignHost(node.getAttribute('src') ?? '', origin);
      if (host !== undefined) {
        node.removeAttribute('src');
        node.setAttribute(BLOCKED, host);
      }
    }
  });
  return {
    sanitize(html: string): string {
      const clean = purify.sanitize(html, config);
      if (!clean.includes(BLOCKED)) return clean;
      // Parsed in an inert document (DOMParser): nothing here loads.
      const doc = new window.DOMParser().parseFromString(`<body>${clean}</body>`, 'text/html');
      for (const img of doc.querySelectorAll(`img[${BLOCKED}]`)) {
        const note = doc.createElement('span');
        note.className = 'md-blocked-image';
        note.textContent = `image from ${img.getAttribute(BLOCKED) || 'another site'} not loaded`;
        img.replaceWith(note);
      }
      return doc.body.innerHTML;
    },
  };
}

/** The host an image would be fetched from, when it is not this origin; undefined when it may load. */
export function foreignHost(src: string, origin: string): string | undefined {
  if (/^data:image\//i.test(src.trim())) return undefined;
  let url: URL;
  try {
    url = new URL(src, origin === 'null' ? 'about:blank' : `${origin}/`);
  } catch {
    return 'an invalid address';
  }
  if (url.origin === origin && url.origin !== 'null') return undefined;
  return url.host || url.protocol.replace(/:$/, '');
}
