import { expect, it } from 'vitest';
import { py, startTestKernel } from './harness';

// Start-up cost that has crept in before: importlib.invalidate_caches() imports
// importlib.metadata (and email, ...), 135 ms of every kernel start.
it('starting the kernel imports no module it does not use (importlib.metadata)', async () => {
  const k = await startTestKernel({ snapshot: true });
  await k.load([py('m', "import sys\nsorted(m for m in ('importlib.metadata', 'email') if m in sys.modules)")]);
  const output = k.output('m');
  await k.kernel.shutdown();
  expect(output).toEqual({ type: 'text', text: '[]' });
}, 60_000);
