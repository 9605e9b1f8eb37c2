import { describe, expect, it } from 'vitest';
import { floorRows, type AppStartup } from '../../bench/scenarios/startup';
import type { FloorStartup } from '../../bench/floor/protocol';
import type { BaselineStartup } from '../../bench/baseline/protocol';

const floor = (figures: Partial<FloorStartup>): FloorStartup => ({ engines: [], pagePaintedMs: 50, firstResultMs: 0, result: 42, ...figures });
const app = (editable: number, firstSqlResult: number): AppStartup => ({ editable, kernelReady: 0, firstSqlResult, firstPythonResult: firstSqlResult });
const base = (firstResultMs: number): BaselineStartup => ({ storage: 'opfs-ahp', pyodideReadyMs: 0, pgliteReadyMs: 0, firstResultMs, result: 42 });

describe("the start-up's rows against the engines' floor", () => {
  // Two runs: Python alone is the later one in the first, PGlite alone in the second.
  const rows = floorRows(
    'warm reload',
    [app(300, 2400), app(340, 2600)],
    {
      both: [floor({ engines: ['python', 'pglite'], firstResultMs: 2000 }), floor({ engines: ['python', 'pglite'], firstResultMs: 2200 })],
      python: [floor({ engines: ['python'], pyodideReadyMs: 1500 }), floor({ engines: ['python'], pyodideReadyMs: 1000 })],
      pglite: [floor({ engines: ['pglite'], pgliteReadyMs: 1200 }), floor({ engines: ['pglite'], pgliteReadyMs: 1300 })],
      none: [floor({ pagePaintedMs: 120 }), floor({ pagePaintedMs: 140 })],
    },
    [base(5000), base(4000)],
  );
  const row = (end: string) => rows.find((r) => r.figure.endsWith(end));

  it.each([
    { end: 'the later of the two alone', app: [1500, 1300], baseline: [5000, 4000] },
    { end: 'Python alone ready', app: [1500, 1000], baseline: [0, 0] },
    { end: 'PGlite alone ready', app: [1200, 1300], baseline: [0, 0] },
    { end: "the engines' floor, first result", app: [2000, 2200], baseline: [5000, 4000] },
    { end: "first SQL result against the engines' floor", app: [2400, 2600], baseline: [2000, 2200] },
    { end: "notebook editable against an empty page's first frame", app: [300, 340], baseline: [120, 140] },
  ])('$end', ({ end, app: appSamples, baseline }) => {
    expect({ app: row(end)?.app?.samples, baseline: row(end)?.baseline?.samples }).toEqual({ app: appSamples, baseline });
  });

  it('names the visit in every row', () => {
    expect(rows.every((r) => r.figure.startsWith('warm reload: '))).toBe(true);
  });
});
