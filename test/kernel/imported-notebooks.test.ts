import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIpynb } from '../../src/files/ipynb-format';
import type { CellSpec } from '../../workers/protocol';
import { startTestKernel, type TestKernel } from './harness';

// The fixture notebooks of issue 10, imported and run in a real kernel (real Pyodide, real
// PGlite): what the importer writes must run, and a cell that reads an earlier cell's
// `name <<` result must find it (the dropped first line of a `%%sql` cell once broke that).

function imported(name: string): CellSpec[] {
  const { file } = importIpynb(readFileSync(`test/fixtures/ipynb/${name}`, 'utf8'), name);
  return file.cells.map((cell, i) => ({ id: `${name}-${i + 1}`, ...cell }));
}

describe('imported notebooks run', () => {
  let k: TestKernel;
  beforeAll(async () => {
    k = await startTestKernel();
  }, 120_000);
  afterAll(async () => {
    await k.kernel.shutdown();
  });

  const run = async (name: string): Promise<{ ids: string[]; statuses: (string | undefined)[] }> => {
    const cells = imported(name);
    await k.load(cells);
    return { ids: cells.map((c) => c.id), statuses: cells.map((c) => k.status(c.id)) };
  };

  it('ipython-sql writers: the result named on the magic line, :name bound', async () => {
    const { statuses } = await run('ipython-sql-writers.ipynb');
    expect({
      statuses,
      writers: k.rows('ipython-sql-writers.ipynb-4'),
      printed: k.stream('ipython-sql-writers.ipynb-5'),
      byName: k.rows('ipython-sql-writers.ipynb-8'),
    }).toEqual({
      statuses: Array(11).fill('done'),
      writers: [['William', 1616], ['Bertold', 1956]],
      printed: '2 writers\n',
      byName: [[1n]],
    });
  });

  it('jupysql penguins: snippets as CTEs, {{threshold}} bound', async () => {
    const { statuses } = await run('jupysql-snippets.ipynb');
    expect({
      statuses,
      withSnippets: k.rows('jupysql-snippets.ipynb-6'),
      threshold: k.rows('jupysql-snippets.ipynb-8'),
    }).toEqual({
      statuses: Array(9).fill('done'),
      withSnippets: [['Gentoo', 1n]],
      threshold: [['Adelie'], ['Gentoo']],
    });
  });

  it('shell magics: what is left is Python that runs', async () => {
    const { statuses } = await run('shell-magics.ipynb');
    expect({ statuses, printed: k.stream('shell-magics.ipynb-6') }).toEqual({ statuses: Array(9).fill('done'), printed: 'done\n' });
  });

  it('nbformat 3: the converted cells run', async () => {
    const { statuses } = await run('nbformat3.ipynb');
    expect({ statuses, answer: k.rows('nbformat3.ipynb-4') }).toEqual({ statuses: Array(5).fill('done'), answer: [[42n]] });
  });
});
