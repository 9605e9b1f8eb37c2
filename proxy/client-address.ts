import { canonicalAddress } from './targets';

/**
 * The address the per-client limit and the logs count a connection under.
 *
 * Behind a reverse proxy (TLS in front, README) every connection comes from the reverse
 * proxy's own address, so one busy user would use up everyone's per-client slots. For a
 * peer listed with `--trusted-proxy`, the client is the last address in
 * `X-Forwarded-For`: the one that trusted proxy appended. Earlier entries were written by
 * the client itself and prove nothing. A header from any other peer is ignored, so it
 * cannot be used to dodge the limit; a malformed one falls back to the peer.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | readonly string[] | undefined, trustedProxies: ReadonlySet<string>): string {
  const raw = peer ?? 'unknown';
  const direct = canonicalAddress(raw) ?? raw;
  if (!trustedProxies.has(direct) || forwardedFor === undefined) return direct;
  // Several header lines mean one list, in order.
  const entries = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',');
  const last = entries.at(-1)?.trim() ?? '';
  return canonicalAddress(last) ?? direct;
}
