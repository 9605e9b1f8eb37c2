import { expect, it } from 'vitest';
import { describeDatabaseConfig } from '../../src/notebook/database-description';

it('describes a remote database without its password or the proxy token', () => {
  const described = describeDatabaseConfig({
    kind: 'remote',
    proxyUrl: 'ws://127.0.0.1:5480/?token=00112233445566778899aabbccddeeff',
    connectionString: 'postgresql://ripple:s3cret@db.internal:5432/app',
  });
  expect(described).toBe('Remote PostgreSQL: postgresql://ripple@db.internal:5432/app via proxy 127.0.0.1:5480');
});
