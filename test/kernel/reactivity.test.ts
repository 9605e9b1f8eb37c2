import { beforeAll, describe, expect, it } from 'vitest';
import { py, sql, startTestKernel, type TestKernel } from './harness';
import type { CellSpec, CellStatus, KernelEvent, StatusReason } from '../../workers/protocol';
import { readRunParts } from '../../bench/timeline';

// The reactive graph as the kernel drives it: what runs, in which order, and which
// statuses and errors the UI is told about. Real Pyodide, real PGlite.
describe('reactivity through the kernel', () => {
  let k: TestKernel;

  beforeAll(async () => {
    k = await startTestKernel();
  }, 120_000);

  type StatusEvent = Extract<KernelEvent, { type: 'status' }>;
  const statusEvents = (mark: number): StatusEvent[] => k.since(mark).filter((e): e is StatusEvent => e.type === 'status');

  /** Cells that started running since `mark`, in order (a cell run twice appears twice). */
  const ran = (mark: number): string[] => statusEvents(mark).flatMap((e) => (e.status === 'running' ? [e.cellId] : []));

  /** Status changes since `mark` without timings: `{ id, status, reason? }`. */
  const changes = (mark: number): { id: string; status: CellStatus; reason?: StatusReason }[] =>
    statusEvents(mark).map((e) => ({ id: e.cellId, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }));

  const outputs = (mark: number) => k.since(mark).flatMap((e) => (e.type === 'output' ? [{ id: e.cellId, output: e.output }] : []));

  const text = (value: string) => ({ type: 'text', text: value });

  async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 5) {
      if (waited > 10_000) throw new Error('timed out waiting for the kernel');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('re-runs a chain a -> b -> c once each, in order, when a is edited', async () => {
    await k.load([py('ch-a', 'ch_a = 1'), py('ch-b', 'ch_b = ch_a + 1'), py('ch-c', 'ch_b * 100'), py('ch-x', 'ch_x = 0')]);
    const mark = k.events.length;
    await k.edit(py('ch-a', 'ch_a = 10'), 0);
    expect({ ran: ran(mark), outputs: outputs(mark) }).toEqual({
      ran: ['ch-a', 'ch-b', 'ch-c'],
      outputs: [{ id: 'ch-c', output: text('1100') }],
    });
  });

  it('runs each cell of a diamond once, the join last', async () => {
    await k.load([py('dm-a', 'dm_a = 1'), py('dm-b', 'dm_b = dm_a + 1'), py('dm-c', 'dm_c = dm_a * 10'), py('dm-d', 'dm_b + dm_c')]);
    const mark = k.events.length;
    await k.edit(py('dm-a', 'dm_a = 2'), 0);
    expect({ ran: ran(mark), outputs: outputs(mark) }).toEqual({
      ran: ['dm-a', 'dm-b', 'dm-c', 'dm-d'],
      outputs: [{ id: 'dm-d', output: text('23') }],
    });
  });

  it('reports a name defined by two cells as a graph error on both, and runs neither', async () => {
    const mark = k.events.length;
    await k.load([py('md-1', 'md_value = 1'), py('md-2', 'md_value = 2')]);
    expect({
      status: [k.status('md-1'), k.status('md-2')],
      errors: [k.error('md-1'), k.error('md-2')],
      ran: ran(mark),
    }).toEqual({
      status: ['error', 'error'],
      errors: [
        { kind: 'graph', message: '`md_value` is also defined by Cell 2. A name may be defined by one cell only; rename or merge them.' },
        { kind: 'graph', message: '`md_value` is also defined by Cell 1. A name may be defined by one cell only; rename or merge them.' },
      ],
      ran: [],
    });
  });

  it('runs both cells once one of two conflicting definitions is renamed', async () => {
    await k.load([py('mf-1', 'mf_value = 1\nmf_value'), py('mf-2', 'mf_value = 2\nmf_value')]);
    const mark = k.events.length;
    await k.kernel.upsertCell(py('mf-2', 'mf_other = 2\nmf_other'), 1);
    await k.kernel.runAll();
    expect({ status: [k.status('mf-1'), k.status('mf-2')], outputs: outputs(mark) }).toEqual({
      status: ['done', 'done'],
      outputs: [
        { id: 'mf-1', output: text('1') },
        { id: 'mf-2', output: text('2') },
      ],
    });
  });

  it('reports a cycle on every cell in it, blocks what reads from it, and runs nothing', async () => {
    const mark = k.events.length;
    await k.load([py('cy-1', 'cy_x = cy_y + 1'), py('cy-2', 'cy_y = cy_x + 1'), py('cy-3', 'cy_x + cy_y')]);
    const cycle = 'These cells depend on each other in a cycle: Cell 1 -> Cell 2. Break the cycle to run them.';
    expect({ errors: [k.error('cy-1'), k.error('cy-2')], changes: changes(mark), ran: ran(mark) }).toEqual({
      errors: [
        { kind: 'graph', message: cycle },
        { kind: 'graph', message: cycle },
      ],
      changes: [
        { id: 'cy-1', status: 'error', reason: { kind: 'cycle', cycle: ['cy-1', 'cy-2'] } },
        { id: 'cy-2', status: 'error', reason: { kind: 'cycle', cycle: ['cy-1', 'cy-2'] } },
        { id: 'cy-3', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'cy-1' } },
      ],
      ran: [],
    });
  });

  it('marks an edited (not run) cell and its descendants stale, and nothing else', async () => {
    await k.load([py('ed-a', 'ed_a = 1'), py('ed-b', 'ed_b = ed_a + 1'), py('ed-c', 'ed_b * 2'), py('ed-x', 'ed_x = 5')]);
    const mark = k.events.length;
    await k.kernel.upsertCell(py('ed-a', 'ed_a = 2'), 0);
    expect(changes(mark)).toEqual([
      { id: 'ed-a', status: 'stale' },
      { id: 'ed-b', status: 'stale' },
      { id: 'ed-c', status: 'stale' },
    ]);
  });

  it('deleting a cell removes its names and makes its readers stale', async () => {
    await k.load([py('del-a', 'del_x = 1'), py('del-b', 'del_x + 1'), py('del-c', 'del_other = 3')]);
    const mark = k.events.length;
    await k.kernel.deleteCell('del-a');
    const afterDelete = changes(mark);
    await k.kernel.upsertCell(py('del-check', "'del_x' in globals()"), 2);
    await k.kernel.runCells(['del-check', 'del-b']);
    const error = k.error('del-b');
    expect({
      afterDelete,
      inNamespace: k.output('del-check'),
      status: k.status('del-b'),
      ename: error?.kind === 'python' ? error.ename : error,
      tracebackEnd: error?.kind === 'python' ? error.traceback.split('\n').slice(-3) : undefined,
    }).toEqual({
      afterDelete: [{ id: 'del-b', status: 'stale' }],
      inNamespace: text('False'),
      status: 'error',
      ename: 'NameError',
      tracebackEnd: ["NameError: name 'del_x' is not defined", '`del_x` is not defined by any cell.', ''],
    });
  });

  // Same rule as deleting: a name no cell defines any more must not linger, or readers
  // silently keep computing with a value that no code in the notebook produces.
  it('editing a cell so it no longer defines a name removes that name', async () => {
    await k.load([py('rn-a', 'rn_old = 1'), py('rn-b', 'rn_old + 1')]);
    await k.edit(py('rn-a', 'rn_new = 1'), 0);
    await k.kernel.runCells(['rn-b']);
    const error = k.error('rn-b');
    expect({
      status: k.status('rn-b'),
      output: k.output('rn-b'),
      tracebackEnd: error?.kind === 'python' ? error.traceback.split('\n').slice(-3) : error,
    }).toEqual({
      status: 'error',
      output: undefined,
      tracebackEnd: ["NameError: name 'rn_old' is not defined", '`rn_old` is not defined by any cell.', ''],
    });
  });

  it('blocks the descendants of a failing cell, naming it, but not its siblings', async () => {
    const mark = k.events.length;
    await k.load([
      py('fb-base', 'fb_base = 1'),
      py('fb-bad', 'fb_bad = fb_base / 0'),
      py('fb-child', 'fb_child = fb_bad + 1'),
      py('fb-grandchild', 'fb_child * 2'),
      py('fb-sibling', 'fb_base + 1'),
    ]);
    const final = changes(mark).filter((c) => c.status !== 'queued' && c.status !== 'running');
    expect({ final, ran: ran(mark), sibling: k.output('fb-sibling') }).toEqual({
      final: [
        { id: 'fb-base', status: 'done' },
        { id: 'fb-bad', status: 'error' },
        { id: 'fb-child', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'fb-bad' } },
        { id: 'fb-grandchild', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'fb-bad' } },
        { id: 'fb-sibling', status: 'done' },
      ],
      ran: ['fb-base', 'fb-bad', 'fb-sibling'],
      sibling: text('2'),
    });
  });

  it('drops the result of a run superseded by an edit made while it ran', async () => {
    const slow = (value: number, seconds: number) =>
      py('vd-slow', `import asyncio\nawait asyncio.sleep(${seconds})\nvd = ${value}\nprint("run ${value}")\nvd`);
    await k.load([slow(1, 0.3), py('vd-child', 'vd * 10')]);
    const mark = k.events.length;
    const first = k.kernel.runCells(['vd-slow']);
    await until(() => ran(mark).includes('vd-slow'));
    await k.kernel.upsertCell(slow(2, 0.01), 0);
    const second = k.kernel.runCells(['vd-slow']);
    await Promise.all([first, second]);
    expect({
      outputs: outputs(mark),
      childRuns: ran(mark).filter((id) => id === 'vd-child').length,
      status: [k.status('vd-slow'), k.status('vd-child')],
      stream: k.stream('vd-slow'),
    }).toEqual({
      outputs: [
        { id: 'vd-slow', output: text('2') },
        { id: 'vd-child', output: text('20') },
      ],
      childRuns: 1,
      status: ['done', 'done'],
      stream: 'run 2\n',
    });
  });

  it('re-runs a SQL cell and the Python cell reading its result when its variable changes', async () => {
    await k.load([
      sql('sg-setup', "CREATE TABLE sg_users (id int PRIMARY KEY, name text);\nINSERT INTO sg_users VALUES (42, 'Ada'), (7, 'Bob')"),
      py('sg-uid', 'user_id = 42'),
      sql('sg-q', 'SELECT name FROM sg_users WHERE id = {user_id}', 'users_found'),
      py('sg-use', 'users_found[0]["name"].upper()'),
    ]);
    const before = k.output('sg-use');
    const mark = k.events.length;
    await k.edit(py('sg-uid', 'user_id = 7'), 1);
    expect({ before, ran: ran(mark), rows: k.rows('sg-q'), after: k.output('sg-use') }).toEqual({
      before: text("'ADA'"),
      ran: ['sg-uid', 'sg-q', 'sg-use'],
      rows: [['Bob']],
      after: text("'BOB'"),
    });
  });

  it('warns that a {name} inside a string literal is not substituted, and sends the literal', async () => {
    await k.load([py('lit-v', 'lit_name = "Ada"'), sql('lit', "SELECT '{lit_name}' AS s")]);
    const warnings = k.since(0).filter((e) => e.type === 'warnings' && e.cellId === 'lit');
    expect({ warnings: warnings.slice(-1), logs: k.logs('lit'), rows: k.rows('lit') }).toEqual({
      warnings: [
        {
          type: 'warnings',
          cellId: 'lit',
          warnings: [
            {
              name: 'lit_name',
              line: 1,
              column: 9,
              message:
                '{lit_name} is inside a quoted literal, so PostgreSQL receives the characters {lit_name} themselves, not the value of the Python variable lit_name. ' +
                'To send the value, put {lit_name} outside the quotes, e.g. WHERE s = {lit_name} (a Python list is sent as an array, a dict as JSON), ' +
                "or build text with '…' || {lit_name} || '…'.",
            },
          ],
        },
      ],
      logs: ["Executing: SELECT '{lit_name}' AS s\nParameters: []"],
      rows: [['{lit_name}']],
    });
  });

  it('warns about a {name} in a literal only while a variable of that name exists', async () => {
    const cell = sql('nw', "SELECT '{nw_tag}'::text[] AS a, '{nw_dyn}' AS b");
    const warned = async (cells: CellSpec[]): Promise<string[]> => {
      const mark = k.events.length;
      await k.load(cells);
      return k.since(mark).flatMap((e) => (e.type === 'warnings' && e.cellId === 'nw' ? e.warnings.map((w) => w.name) : []));
    };
    expect({
      none: await warned([cell]),
      // A cell defines it.
      byCell: await warned([py('nw-v', 'nw_tag = ["a"]'), cell]),
      // No cell defines it (the analysis cannot see it), but the namespace has it.
      byNamespace: await warned([py('nw-g', 'globals()["nw_dyn"] = 1'), cell]),
      rows: k.rows('nw'),
    }).toEqual({ none: [], byCell: ['nw_tag'], byNamespace: ['nw_dyn'], rows: [[['nw_tag'], '{nw_dyn}']] });
  });

  it('runs several statements of a SQL cell in order and shows the last one', async () => {
    await k.load([
      sql('ms', 'CREATE TABLE ms_items (n int);\nINSERT INTO ms_items VALUES (1), (2), (3);\nSELECT n * 10 AS tens FROM ms_items ORDER BY n'),
    ]);
    expect({ logs: k.logs('ms'), output: k.output('ms') }).toEqual({
      logs: [
        'Executing: CREATE TABLE ms_items (n int)\nParameters: []',
        'Executing: INSERT INTO ms_items VALUES (1), (2), (3)\nParameters: []',
        'Executing: SELECT n * 10 AS tens FROM ms_items ORDER BY n\nParameters: []',
      ],
      output: {
        type: 'table',
        table: { columns: [{ name: 'tens', typeOid: 23, typeName: 'int4' }], rows: [[10], [20], [30]], rowCount: 3, command: 'SELECT 3' },
      },
    });
  });

  it('shows the command tag of an INSERT-only cell', async () => {
    await k.load([sql('io-mk', 'CREATE TABLE io_items (n int)'), sql('io-ins', 'INSERT INTO io_items VALUES (1), (2), (3)')]);
    expect({ status: k.status('io-ins'), output: k.output('io-ins') }).toEqual({
      status: 'done',
      output: { type: 'table', table: { columns: [], rows: [], rowCount: 0, command: 'INSERT 0 3' } },
    });
  });

  it('locates an error in the second statement in the cell as written, past {name} placeholders', async () => {
    await k.load([py('pos-v', 'lo = 1\nhi = 10'), sql('pos', "SELECT 'first';\nSELECT {lo}, {hi}, nope")]);
    expect({ status: k.status('pos'), error: k.error('pos') }).toEqual({
      status: 'error',
      error: {
        kind: 'sql',
        message: 'column "nope" does not exist',
        sqlstate: '42703',
        // Line 2 is `SELECT {lo}, {hi}, nope`: `nope` starts at column 20, offset 16 + 19.
        position: { line: 2, column: 20, offset: 35 },
      },
    });
  });

  it('keeps SQL results current when the same database config is set again', async () => {
    await k.load([sql('same-q', 'SELECT 1 AS one')]);
    const mark = k.events.length;
    await k.kernel.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'test' });
    expect({ changes: changes(mark), status: k.status('same-q') }).toEqual({ changes: [], status: 'done' });
  });

  it("measures each run's parts for the bench's breakdown, and keeps only the last run's", async () => {
    await k.load([py('rp-x', 'rp_x = 1'), sql('rp-q', 'SELECT {rp_x} + 1 AS y', 'rp_r'), py('rp-a', "rp_a = rp_r[0]['y'] + 1"), py('rp-b', 'rp_b = rp_a + 1')]);
    const counts = (): Record<string, number> => Object.fromEntries(Object.entries(readRunParts()).map(([part, p]) => [part, p.count]));
    await k.edit(py('rp-x', 'rp_x = 2'), 0);
    const first = counts();
    await k.edit(py('rp-x', 'rp_x = 3'), 0);
    const kernelMs = readRunParts().kernel?.ms ?? NaN;
    const cellsMs = (readRunParts()['python cell']?.ms ?? NaN) + (readRunParts()['sql cell']?.ms ?? NaN);
    expect({ first, second: counts(), cellsWithinRun: cellsMs <= kernelMs }).toEqual({
      first: { kernel: 1, 'python cell': 3, 'sql cell': 1 },
      second: { kernel: 1, 'python cell': 3, 'sql cell': 1 },
      cellsWithinRun: true,
    });
  });

  // Last: it leaves the kernel on another database.
  it('switches to another PGlite database at once and marks SQL results stale', async () => {
    await k.load([
      sql('db-mk', 'CREATE TABLE db_t (a int);\nINSERT INTO db_t VALUES (1)'),
      sql('db-q', 'SELECT count(*) AS n FROM db_t', 'db_count'),
      py('db-use', 'db_count[0]["n"]'),
      py('db-plain', 'db_plain = 1'),
    ]);
    const mark = k.events.length;
    await k.kernel.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'other' });
    const afterSwitch = changes(mark);
    await k.kernel.runCells(['db-q']);
    expect({ afterSwitch, error: k.error('db-q'), use: k.status('db-use') }).toEqual({
      afterSwitch: [
        { id: 'db-mk', status: 'stale' },
        { id: 'db-q', status: 'stale' },
        { id: 'db-use', status: 'stale' },
      ],
      error: {
        kind: 'sql',
        message: 'relation "db_t" does not exist',
        sqlstate: '42P01',
        position: { line: 1, column: 27, offset: 26 },
      },
      use: 'blocked',
    });
  });
});
