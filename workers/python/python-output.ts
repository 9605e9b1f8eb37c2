import type { CellOutput } from '../protocol';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The output dict ripple_runtime.py's `_output_of` returns, checked key by key: Python
 * code in the notebook can reach that module, so its answer is validated rather than
 * trusted. Anything unexpected becomes a text output saying so.
 */
export function pythonOutput(raw: unknown): CellOutput | null {
  if (raw === null || raw === undefined) return null;
  if (isRecord(raw)) {
    if (raw.type === 'text' && typeof raw.text === 'string') return { type: 'text', text: raw.text };
    if (raw.type === 'html' && typeof raw.html === 'string') return { type: 'html', html: raw.html };
    if (raw.type === 'vegalite' && typeof raw.spec === 'string') return { type: 'vegalite', spec: raw.spec };
  }
  return { type: 'text', text: 'The kernel returned an output Ripple cannot show.' };
}
