import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { CellError, CellOutput, CellSpec, CellStatus, KernelEvent, KernelState } from '../workers/protocol';
import { createKernelClient } from './kernel-client';

/** A placeholder page until the notebook UI lands: it starts the kernel and runs a demo. */
const DEMO: CellSpec[] = [
  { id: 'x', kind: 'python', code: 'x = 41' },
  { id: 'answer', kind: 'sql', code: 'SELECT {x} + 1 AS answer', resultName: 'answer' },
  { id: 'scratch', kind: 'python', code: 'answer.rows[0][0]' },
];

interface CellView {
  status: CellStatus;
  output?: CellOutput;
  error?: CellError;
  log: string[];
}

function describeError(error: CellError): string {
  switch (error.kind) {
    case 'python':
      return error.traceback;
    case 'sql':
      return `${error.message}${error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ''}`;
    default:
      return error.message;
  }
}

function Output(props: { output: CellOutput }): JSX.Element {
  const o = props.output;
  if (o.type === 'table') {
    return (
      <table>
        <thead>
          <tr>
            <For each={o.table.columns}>{(c) => <th scope="col">{c.name}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={o.table.rows}>{(row) => <tr><For each={row}>{(v) => <td>{String(v)}</td>}</For></tr>}</For>
        </tbody>
      </table>
    );
  }
  return <pre>{o.type === 'text' ? o.text : o.html}</pre>;
}

export function App(): JSX.Element {
  const [state, setState] = createSignal<KernelState>('starting');
  const [database, setDatabase] = createSignal('starting…');
  const [code, setCode] = createStore<Record<string, string>>(Object.fromEntries(DEMO.map((c) => [c.id, c.code])));
  const [cells, setCells] = createStore<Record<string, CellView>>(
    Object.fromEntries(DEMO.map((c) => [c.id, { status: 'idle' as CellStatus, log: [] }])),
  );
  const onEvent = (event: KernelEvent): void => {
    if (event.type === 'kernel-state') return void setState(event.state);
    if (!(event.cellId in cells)) return;
    setCells(
      produce((all) => {
        const cell = all[event.cellId]!;
        if (event.type === 'run-start') Object.assign(cell, { output: undefined, error: undefined, log: [] });
        else if (event.type === 'status') cell.status = event.status;
        else if (event.type === 'output') cell.output = event.output;
        else if (event.type === 'error') cell.error = event.error;
        else if (event.type === 'log') cell.log.push(event.text);
      }),
    );
  };
  const kernel = createKernelClient(onEvent);
  onCleanup(() => kernel.dispose());
  void (async () => {
    // The database opens while Python starts: both are seconds of work, in one worker.
    const database = kernel.setDatabaseConfig({ kind: 'pglite', storage: 'auto', name: 'demo' }).then(
      (info) => setDatabase(`${info.description} (PostgreSQL ${info.serverVersion})`),
      (error: unknown) => setDatabase(String(error)),
    );
    await kernel.info;
    await kernel.setCells(DEMO);
    await database;
    await kernel.runAll();
  })();

  const run = async (spec: CellSpec, index: number): Promise<void> => {
    await kernel.upsertCell({ ...spec, code: code[spec.id] ?? spec.code }, index);
    await kernel.runCells([spec.id]);
  };

  return (
    <main>
      <h1>Ripple</h1>
      <p role="status" aria-label="Kernel state">Kernel: {state()}</p>
      <p aria-label="Database">Database: {database()}</p>
      <button type="button" onClick={() => void kernel.interrupt()}>Interrupt</button>
      <For each={DEMO}>
        {(spec, i) => (
          <section role="group" aria-label={`Cell ${i() + 1}`}>
            <textarea
              aria-label={`Code of cell ${i() + 1}`}
              value={code[spec.id]}
              onInput={(e) => setCode(spec.id, e.currentTarget.value)}
              rows={3}
              cols={60}
            />
            <button type="button" onClick={() => void run(spec, i())}>Run cell</button>
            <p>Status: {cells[spec.id]!.status}</p>
            <div role="region" aria-label={`Output of cell ${i() + 1}`}>
              <Show when={cells[spec.id]!.output}>{(o) => <Output output={o()} />}</Show>
              <Show when={cells[spec.id]!.error}>{(e) => <pre>{describeError(e())}</pre>}</Show>
            </div>
          </section>
        )}
      </For>
    </main>
  );
}
