/**
 * Structured logs: one JSON object per line, per event. Fields are chosen by the
 * code, never copied from a request: no URL, token, password, startup parameter
 * or payload byte can reach a log line. Client-supplied text that is logged
 * (an Origin, a refused target) is cut to a short length.
 */
export type LogEvent =
  | { readonly event: 'listening'; readonly host: string; readonly port: number; readonly targets: readonly string[]; readonly origins: readonly string[] }
  | { readonly event: 'refused'; readonly client: string; readonly session?: number; readonly code: number; readonly reason: string; readonly detail?: string }
  | { readonly event: 'connect'; readonly client: string; readonly session: number; readonly target: string }
  | { readonly event: 'upstream'; readonly session: number; readonly address: string; readonly ms: number }
  | {
      readonly event: 'close';
      readonly session: number;
      readonly client: string;
      readonly code: number;
      readonly reason: string;
      readonly by: 'client' | 'database' | 'proxy';
      readonly bytesFromClient: number;
      readonly bytesFromDatabase: number;
      readonly ms: number;
    }
  | { readonly event: 'draining'; readonly sessions: number; readonly graceMs: number }
  | { readonly event: 'stopped' }
  | { readonly event: 'error'; readonly where: string; readonly detail: string };

export type Log = (event: LogEvent) => void;

/** `write` gets one complete line (with its newline) per event. */
export function jsonLineLog(write: (line: string) => void, now: () => Date = () => new Date()): Log {
  return (event) => write(`${JSON.stringify({ t: now().toISOString(), ...event })}\n`);
}

export const stderrLog: Log = jsonLineLog((line) => void process.stderr.write(line));

const MAX_LOGGED_TEXT = 120;

/** For client-supplied text that is safe to log (never a URL or token): bounded. */
export function clip(text: string): string {
  return text.length <= MAX_LOGGED_TEXT ? text : `${text.slice(0, MAX_LOGGED_TEXT)}…`;
}

/** The error's code (ECONNREFUSED…) only: messages can quote hosts, paths or data. */
export function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}
