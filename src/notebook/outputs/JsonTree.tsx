import { For, Show, type JSX } from 'solid-js';
import type { JsonValue } from '../../../workers/protocol';

/** A long array or object shows its first entries; the rest is counted, not drawn. */
export const JSON_CHILDREN_SHOWN = 200;

function scalar(value: JsonValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function entriesOf(value: JsonValue): [string, JsonValue][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (value !== null && typeof value === 'object') return Object.entries(value);
  return [];
}

function isContainer(value: JsonValue): boolean {
  return value !== null && typeof value === 'object';
}

function summary(value: JsonValue): string {
  const n = entriesOf(value).length;
  return Array.isArray(value) ? `[${n} ${n === 1 ? 'item' : 'items'}]` : `{${n} ${n === 1 ? 'key' : 'keys'}}`;
}

/**
 * One node: a container is a native disclosure (<details>), so keyboard and screen
 * readers work without script; the first level starts open. Keys and strings are text
 * nodes, never HTML.
 */
function Node(props: { name?: string; value: JsonValue; depth: number }): JSX.Element {
  const label = (): JSX.Element => (
    <Show when={props.name !== undefined}>
      <span class="json-key">{props.name}</span>:{' '}
    </Show>
  );
  if (!isContainer(props.value)) {
    return (
      <div class="json-leaf">
        {label()}
        <span class={`json-${props.value === null ? 'null' : typeof props.value}`}>{scalar(props.value)}</span>
      </div>
    );
  }
  const entries = entriesOf(props.value);
  return (
    <details open={props.depth === 0}>
      <summary>
        {label()}
        <span class="json-summary">{summary(props.value)}</span>
      </summary>
      <div class="json-children">
        <For each={entries.slice(0, JSON_CHILDREN_SHOWN)}>{([name, value]) => <Node name={name} value={value} depth={props.depth + 1} />}</For>
        <Show when={entries.length > JSON_CHILDREN_SHOWN}>
          <div class="json-more">… {(entries.length - JSON_CHILDREN_SHOWN).toLocaleString('en-US')} more</div>
        </Show>
      </div>
    </details>
  );
}

export function JsonTree(props: { json: JsonValue; label: string }): JSX.Element {
  return (
    <div class="json-output" role="group" aria-label={props.label}>
      <Node value={props.json} depth={0} />
    </div>
  );
}
