import { afterEach, expect, it } from 'vitest';
import { measureLastRunPart, measureRunPart, measureWasmCompiles, startRunTimeline, timed, timedSync } from '../../workers/timeline';
import { readRunParts } from '../../bench/timeline';

/** The smallest valid wasm module: magic and version. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const measures = () => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('ripple:')).map((e) => e.name);
afterEach(() => performance.clearMeasures());

it('records a phase as a ripple: measure, also when the work fails, and passes its result through', async () => {
  const value = await timed('a: async', async () => 42);
  const sync = timedSync('b: sync', () => 'x');
  const failure = await timed('c: failed', async () => {
    throw new Error('boom');
  }).catch((error: Error) => error.message);
  expect({ value, sync, failure, measures: measures() }).toEqual({ value: 42, sync: 'x', failure: 'boom', measures: ['ripple:a: async', 'ripple:b: sync', 'ripple:c: failed'] });
});

it('measures each wasm compile by file, and leaves instantiating a compiled module alone', async () => {
  // A copy of the namespace, so this global's WebAssembly stays as it was.
  const wasm = Object.create(WebAssembly) as typeof WebAssembly;
  measureWasmCompiles(wasm);
  const fromBytes = await wasm.instantiate(EMPTY_MODULE);
  const response = new Response(EMPTY_MODULE, { headers: { 'content-type': 'application/wasm' } });
  Object.defineProperty(response, 'url', { value: 'http://127.0.0.1/assets/pglite-AbC123xY.wasm' });
  const streamed = await wasm.instantiateStreaming(response);
  const linked = await wasm.instantiate(fromBytes.module);
  expect({
    kinds: [fromBytes.instance instanceof WebAssembly.Instance, streamed.module instanceof WebAssembly.Module, linked instanceof WebAssembly.Instance],
    measures: measures(),
  }).toEqual({ kinds: [true, true, true], measures: ['ripple:wasm compile: 8 bytes', 'ripple:wasm compile: pglite.wasm'] });
});

it("keeps the last run's parts, summed by part, and a new run clears them but not the start-up's measures", () => {
  timedSync('python: kernel modules', () => undefined);
  const run = (cells: number): void => {
    startRunTimeline();
    for (let i = 0; i < cells; i++) measureRunPart('python cell', performance.now());
    measureRunPart('kernel', performance.now());
  };
  run(3);
  const first = readRunParts();
  run(2);
  const second = readRunParts();
  const count = (parts: ReturnType<typeof readRunParts>) => Object.fromEntries(Object.entries(parts).map(([part, p]) => [part, p.count]));
  expect({ first: count(first), second: count(second), startUp: measures().filter((name) => !name.startsWith('ripple:run: ')) }).toEqual({
    first: { 'python cell': 3, kernel: 1 },
    second: { 'python cell': 2, kernel: 1 },
    startUp: ['ripple:python: kernel modules'],
  });
});

it('keeps only the latest of a part measured where no run start is known (the page)', () => {
  measureLastRunPart('page apply', performance.now());
  measureLastRunPart('page apply', performance.now());
  expect(readRunParts()['page apply']?.count).toBe(1);
});
