/**
 * Every way the proxy turns a client away or ends a session, with the WebSocket
 * close code and reason the client sees. Browsers only show a page the close
 * code and reason (never an HTTP status of a failed upgrade), so checks that may
 * run after the upgrade complete it and then close with a 4xxx code and reason.
 *
 * Only two checks answer with an HTTP status before the upgrade, because
 * completing it would already be the harm: a foreign Origin (403; a page of
 * another site learns nothing but "refused") and a proxy that is shutting down (503).
 */
export interface CloseReason {
  readonly code: number;
  readonly reason: string;
}

export const REFUSED = {
  tokenMissingOrWrong: { code: 4001, reason: 'token missing or wrong' },
  targetMalformed: { code: 4002, reason: 'address parameter missing or malformed' },
  targetNotAllowed: { code: 4003, reason: 'target not allowed' },
  tooManyConnections: { code: 4029, reason: 'too many connections' },
  tooManyFromClient: { code: 4029, reason: 'too many connections from this address' },
  notPostgres: { code: 4010, reason: 'not a PostgreSQL startup message' },
  startupTimeout: { code: 4008, reason: 'no startup message in time' },
  textFrame: { code: 1003, reason: 'binary frames only' },
} as const satisfies Record<string, CloseReason>;

export const ENDED = {
  databaseClosed: { code: 1000, reason: 'database closed the connection' },
  databaseError: { code: 1011, reason: 'database connection error' },
  databaseUnreachable: { code: 4502, reason: 'database unreachable' },
  connectTimeout: { code: 4504, reason: 'database connect timeout' },
  idleTimeout: { code: 4408, reason: 'idle timeout' },
  shuttingDown: { code: 1001, reason: 'proxy shutting down' },
} as const satisfies Record<string, CloseReason>;

/** Set by the `ws` library itself when a message exceeds `maxPayload`. */
export const FRAME_TOO_LARGE: CloseReason = { code: 1009, reason: 'Max payload size exceeded' };

/** HTTP answers before the upgrade. */
export const HTTP_REFUSED = {
  originNotAllowed: { status: 403, reason: 'origin not allowed' },
  shuttingDown: { status: 503, reason: 'proxy shutting down' },
} as const;
