/**
 * A Vega-Lite spec a Python cell produced (an Altair-like dict or a mime bundle), drawn by
 * the same lazy renderer as the chart builder. The spec carries its own data.
 */
import { createMemo, createUniqueId, lazy, Show, type JSX } from 'solid-js';
import type { TopLevelSpec } from 'vega-lite';

const VegaChart = lazy(async () => ({ default: (await import('../charts/VegaChart')).VegaChart }));

function parse(spec: string): { spec: TopLevelSpec; name: string } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(spec);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'The Vega-Lite spec is not a JSON object.' };
    const record = parsed as Record<string, unknown>;
    const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
    const title = record.title;
    const name = text(record.description) ?? text(title) ?? (typeof title === 'object' && title !== null ? text((title as Record<string, unknown>).text) : undefined) ?? 'Vega-Lite chart';
    return { spec: parsed as TopLevelSpec, name };
  } catch (error) {
    return { error: `The Vega-Lite spec is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function VegaLiteOutput(props: { spec: string; subject: string }): JSX.Element {
  const summaryId = createUniqueId();
  const parsed = createMemo(() => parse(props.spec));
  return (
    <Show when={'spec' in parsed() ? (parsed() as { spec: TopLevelSpec; name: string }) : undefined} fallback={<div class="error">{(parsed() as { error: string }).error}</div>}>
      {(ok) => (
        <div class="vegalite-output">
          <VegaChart
            spec={ok().spec}
            name={ok().name}
            describedBy={summaryId}
            fileName={`chart-${props.subject.replace(/\s+/g, '-')}`}
          />
          <p class="chart-summary" id={summaryId}>Vega-Lite chart from Python: {ok().name}.</p>
        </div>
      )}
    </Show>
  );
}
