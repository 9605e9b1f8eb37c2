import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token and the Origin check. Browsers cannot set headers on a WebSocket,
 * so the token travels in the URL's `token` query parameter or as a
 * `ripple-token.<token>` subprotocol. It is never logged, and neither is any URL.
 */

export const TOKEN_SUBPROTOCOL_PREFIX = 'ripple-token.';
/** 256 random bits, hex: comfortably above the 128 bits an attacker would have to guess. */
const GENERATED_TOKEN_BYTES = 32;
/** A given token must be at least this long (32 hex digits = 128 bits). */
export const MIN_TOKEN_LENGTH = 32;
const TOKEN_SYNTAX = /^[A-Za-z0-9._~-]+$/;

export function generateToken(): string {
  return randomBytes(GENERATED_TOKEN_BYTES).toString('hex');
}

/** Why a token given by the user is unfit, or undefined when it is fine. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `the token must have at least ${MIN_TOKEN_LENGTH} characters (128 bits)`;
  if (!TOKEN_SYNTAX.test(token)) return 'the token may contain only letters, digits and . _ ~ -';
  return undefined;
}

/**
 * Constant time whatever the candidate: both sides are hashed first, so the
 * comparison runs on equal-length digests and leaks neither content nor length.
 */
export function tokenMatches(expected: string, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(candidate));
}

/** The token a request carries: the `token` query parameter, else a `ripple-token.` subprotocol. */
export function requestToken(search: URLSearchParams, subprotocols: readonly string[]): string | undefined {
  const fromQuery = search.get('token');
  if (fromQuery !== null) return fromQuery;
  const protocol = subprotocols.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  return protocol?.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
}

/** The `Sec-WebSocket-Protocol` header, split as RFC 6455 says. */
export function parseSubprotocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Browsers always send Origin on a WebSocket handshake, so a missing one means a
 * non-browser client; it is refused unless `allowNoOrigin` (the token is still
 * required). `null` (sandboxed frames, file: pages) is refused unless listed.
 */
export function originAllowed(origin: string | undefined, allowOrigins: readonly string[], allowNoOrigin: boolean): boolean {
  if (origin === undefined) return allowNoOrigin;
  return allowOrigins.includes(normaliseOrigin(origin));
}

/** Scheme and host are case-insensitive; the default port is implied. */
export function normaliseOrigin(origin: string): string {
  if (origin === 'null') return origin;
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? origin : url.origin;
  } catch {
    return origin;
  }
}
