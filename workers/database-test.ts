import type { DatabaseConfig, DatabaseTestResult, RemoteDatabaseConfig } from './protocol';
import type { SqlExecutor } from './sql/executor';
import { checkDatabaseConfig, secretsOf } from './database-config';
import { redactMessage } from './redact';

/**
 * The settings panel's "Test connection": a throwaway connection, opened by the same
 * backend chooser as the notebook's own, measured and closed. Never rejects; every
 * failure message goes through the one redaction function.
 */
export async function testDatabase(
  config: RemoteDatabaseConfig,
  open: (config: DatabaseConfig) => Promise<SqlExecutor>,
  now: () => number,
): Promise<DatabaseTestResult> {
  const redact = (error: unknown): string => redactMessage(error instanceof Error ? error.message : String(error), secretsOf(config));
  const checked = checkDatabaseConfig(config);
  if (!checked.ok) return { ok: false, message: checked.message };
  if (checked.value.kind !== 'remote') return { ok: false, message: 'Only a remote database can be tested: PGlite runs in this browser.' };
  const started = now();
  let executor: SqlExecutor;
  try {
    executor = await open(checked.value);
  } catch (error) {
    return { ok: false, message: redact(error) };
  }
  try {
    const connectMs = now() - started;
    const serverVersion = await executor.serverVersion();
    const sent = now();
    await executor.query('SELECT 1', []);
    const roundTripMs = now() - sent;
    return { ok: true, serverVersion, roundTripMs, connectMs, description: executor.description };
  } catch (error) {
    return { ok: false, message: redact(error) };
  } finally {
    await executor.close().catch(() => {});
  }
}
