import type { JSX } from 'solid-js';
import type { ImageMime } from '../../../workers/protocol';

/** PNG, JPEG or GIF bytes from Python, as a `data:` URL: nothing is fetched. */
export function ImageOutput(props: { mime: ImageMime; base64: string; label: string }): JSX.Element {
  return <img class="image-output" src={`data:${props.mime};base64,${props.base64}`} alt={props.label} />;
}
