import { beforeAll, describe, expect, it } from 'vitest';
import { md, py, startTestKernel, type TestKernel } from './harness';

// Markdown cells in the real kernel: graph nodes that read names and run no Python.
describe('Markdown cells in the kernel', () => {
  let k: TestKernel;

  beforeAll(async () => {
    k = await startTestKernel();
  }, 120_000);

  const ran = (mark: number): string[] => k.since(mark).flatMap((e) => (e.type === 'status' && e.status === 'running' ? [e.cellId] : []));

  it('sends the str() of each {name}, and re-runs with the new text when the defining cell changes', async () => {
    await k.load([py('m-x', 'x = 41'), md('m-doc', '# Answer\n\nIt is **{x}**; `{y}` is code.')]);
    expect(k.output('m-doc')).toEqual({ type: 'markdown-values', values: { x: { text: '41' } } });
    const mark = k.events.length;
    await k.edit(py('m-x', 'x = "forty-two <b>"'), 0);
    expect({ ran: ran(mark), output: k.output('m-doc'), status: k.status('m-doc') }).toEqual({
      ran: ['m-x', 'm-doc'],
      output: { type: 'markdown-values', values: { x: { text: 'forty-two <b>' } } },
      status: 'done',
    });
  });

  it('a missing name is a value marked missing, not an error', async () => {
    await k.load([md('m-missing', 'Hello {nobody_defines_this}')]);
    expect({ output: k.output('m-missing'), error: k.error('m-missing'), status: k.status('m-missing') }).toEqual({
      output: { type: 'markdown-values', values: { nobody_defines_this: { missing: true } } },
      error: undefined,
      status: 'done',
    });
  });

  it('a name in a code span or fence is no reference: editing its definer does not re-run the cell', async () => {
    await k.load([py('m-z', 'z = 1'), md('m-code', 'See `{z}` and\n\n```\n{z}\n```\n')]);
    expect(k.output('m-code')).toEqual({ type: 'markdown-values', values: {} });
    const mark = k.events.length;
    await k.edit(py('m-z', 'z = 2'), 0);
    expect(ran(mark)).toEqual(['m-z']);
  });

  it('runs no Python: Markdown that is valid Python has no effect, and long values are truncated', async () => {
    await k.load([py('m-long', 'long_text = "a" * 20000\nran = []'), md('m-py', 'ran.append(1)\n\n{long_text}')]);
    const value = k.output('m-py');
    await k.edit(py('m-check', 'len(ran)'), 2);
    expect({
      truncated: value?.type === 'markdown-values' ? value.values.long_text : undefined,
      ranLength: k.output('m-check'),
    }).toEqual({ truncated: { text: 'a'.repeat(10_000), truncated: true }, ranLength: { type: 'text', text: '0' } });
  });
});
