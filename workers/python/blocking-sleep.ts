/**
 * `time.sleep` for Python in a worker: blocks the thread, as CPython's does, and returns
 * early when the interrupt flag is raised, so Interrupt stops `time.sleep(3600)` at once.
 * It then lowers the flag and returns true, and the Python side raises KeyboardInterrupt
 * in the sleeping frame. Leaving the flag up for Pyodide would raise it wherever Python
 * next checks: possibly in the event loop's own code, outside the cell, where nothing
 * catches it and the cell's run never finishes.
 *
 * Pyodide's own `time.sleep` suspends through WebAssembly stack switching, but whether
 * that is on is recorded in the memory snapshot, which is built in Node without it: in
 * the browser it then fails with "WebAssembly stack switching not supported".
 */
export function blockingSleep(interruptFlag: Int32Array | undefined, pulse: () => void = () => {}): (milliseconds: number) => boolean {
  // Atomics.wait needs shared memory: the interrupt flag when there is one, else our own
  // (Node always has SharedArrayBuffer; a page that is not cross-origin isolated has not).
  const flag = interruptFlag ?? (typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : undefined);
  return (milliseconds) => {
    const deadline = performance.now() + milliseconds;
    for (;;) {
      pulse(); // a sleeping cell is a slow one: the page should see it running
      const left = deadline - performance.now();
      if (interruptFlag && Atomics.load(interruptFlag, 0) !== 0) {
        Atomics.store(interruptFlag, 0, 0);
        return true;
      }
      if (left <= 0) return false;
      // Short slices: a flag raised without Atomics.notify is still seen within 50 ms.
      if (flag) Atomics.wait(flag, 0, 0, Math.min(left, 50));
      // Without shared memory there is nothing to wait on; such a page restarts the
      // worker to interrupt, so spinning is the only way to block.
    }
  };
}
