import type { CellSpec, DatabaseConfig, KernelApi, KernelEvent } from '../workers/protocol';

/**
 * The issue-2 latency scenario, shared by the Node and the browser runs: cold start
 * (Pyodide ready, PGlite ready), then medians of a trivial Python cell, a trivial SQL
 * cell, and a Python -> SQL re-run (edit `x`, run it, the SQL cell re-runs by itself).
 */
export interface KernelFigures {
  pyodideReadyMs: number;
  pgliteReadyMs: number;
  pythonCellMs: number;
  sqlCellMs: number;
  /** A SQL cell that commits one row: what the storage backend costs per write. */
  insertCellMs: number;
  pythonToSqlMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

type Kernel = Pick<KernelApi, 'init' | 'setCells' | 'upsertCell' | 'runCells' | 'setDatabaseConfig'>;

export async function runKernelScenario(
  kernel: Kernel,
  listen: (listener: (event: KernelEvent) => void) => Parameters<KernelApi['init']>[1],
  database: DatabaseConfig,
  init: Parameters<KernelApi['init']>[0] = {},
  repeats = 20,
): Promise<KernelFigures> {
  const now = () => performance.now();
  let t = now();
  await kernel.init(init, listen(() => {}));
  const pyodideReadyMs = now() - t;
  t = now();
  await kernel.setDatabaseConfig(database);
  const pgliteReadyMs = now() - t;

  const cells: CellSpec[] = [
    { id: 'py', kind: 'python', code: 'y = 1' },
    { id: 'x', kind: 'python', code: 'x = 0' },
    { id: 'q', kind: 'sql', code: 'SELECT {x} + 1 AS y' },
    { id: 'trivial', kind: 'sql', code: 'SELECT 1' },
    { id: 'table', kind: 'sql', code: 'CREATE TABLE IF NOT EXISTS bench_rows (v int)' },
    { id: 'insert', kind: 'sql', code: 'INSERT INTO bench_rows VALUES (1)' },
  ];
  await kernel.setCells(cells);
  await kernel.runCells(['py', 'x', 'trivial', 'table']);
  const time = async (action: () => Promise<void>) => {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = now();
      await action();
      samples.push(now() - start);
    }
    return median(samples);
  };
  const pythonCellMs = await time(() => kernel.runCells(['py']));
  const sqlCellMs = await time(() => kernel.runCells(['trivial']));
  const insertCellMs = await time(() => kernel.runCells(['insert']));
  let n = 0;
  const pythonToSqlMs = await time(async () => {
    n += 1;
    await kernel.upsertCell({ id: 'x', kind: 'python', code: `x = ${n}` }, 1);
    await kernel.runCells(['x']); // resolves once q, downstream, has re-run
  });
  return { pyodideReadyMs, pgliteReadyMs, pythonCellMs, sqlCellMs, insertCellMs, pythonToSqlMs };
}
