import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { errorCode } from './log';

/**
 * Which `host:port` the proxy may dial. A client names its target in the
 * `address` query parameter; it must be on the allowlist, and when it is a host
 * name, the name is resolved once and the proxy dials that address, which must
 * be on the allowlist too. So a name cannot be re-pointed (DNS rebinding) at
 * 169.254.169.254 or another host of the user's network.
 */
export interface Target {
  /** A lower-case host name without trailing dot, or a canonical IP address. */
  readonly host: string;
  readonly port: number;
}

/** Resolves a host name to its addresses, in the order to try them. */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export type Resolution =
  | { readonly ok: true; readonly address: string; readonly port: number }
  | { readonly ok: false; readonly why: 'not-allowed' | 'not-found'; readonly detail: string };

export interface TargetPolicy {
  readonly targets: readonly Target[];
  allows(target: Target): boolean;
  /** The address to dial for an allowed target; resolved at most once. */
  resolve(target: Target): Promise<Resolution>;
}

export function createTargetPolicy(allowlist: readonly Target[], resolver: Resolver): TargetPolicy {
  const allowed = new Set(allowlist.map(formatTarget));
  const allows = (target: Target): boolean => allowed.has(formatTarget(target));
  return {
    targets: allowlist,
    allows,
    async resolve(target) {
      if (isIP(target.host) !== 0) return { ok: true, address: target.host, port: target.port };
      let addresses: readonly string[];
      try {
        addresses = await resolver(target.host);
      } catch (error) {
        return { ok: false, why: 'not-found', detail: `resolving failed: ${errorCode(error)}` };
      }
      for (const raw of addresses) {
        const address = canonicalAddress(raw);
        if (address !== undefined && allows({ host: address, port: target.port })) {
          return { ok: true, address, port: target.port };
        }
      }
      return { ok: false, why: 'not-allowed', detail: `${formatTarget(target)} resolves to no allowed address` };
    },
  };
}

/**
 * `host:port`, `[v6]:port`, or a bare IPv6 address and port split at the last
 * colon (the Neon driver appends `:port` to the host as it is, brackets or not).
 */
export function parseTarget(text: string): Target | undefined {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const colon = text.lastIndexOf(':');
  const rawHost = bracketed ? bracketed[1] : colon > 0 ? text.slice(0, colon) : undefined;
  const rawPort = bracketed ? bracketed[2] : colon > 0 ? text.slice(colon + 1) : undefined;
  if (rawHost === undefined || rawPort === undefined || !/^\d{1,5}$/.test(rawPort)) return undefined;
  const port = Number(rawPort);
  if (port < 1 || port > 65535) return undefined;
  const host = canonicalHost(rawHost, bracketed !== null);
  return host === undefined ? undefined : { host, port };
}

export function formatTarget(target: Target): string {
  return isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

function canonicalHost(raw: string, mustBeIPv6: boolean): string | undefined {
  const address = canonicalAddress(raw);
  if (address !== undefined) return address;
  if (mustBeIPv6) return undefined;
  const name = raw.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  const validLabel = (label: string): boolean => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label);
  return name.length <= 253 && labels.every(validLabel) ? name : undefined;
}

/** One spelling per address: `::FFFF:127.0.0.1` and `::ffff:7f00:1` are `127.0.0.1`. */
export function canonicalAddress(raw: string): string | undefined {
  const version = isIP(raw);
  if (version === 4) return raw;
  if (version !== 6) return undefined;
  const compressed = new URL(`http://[${raw}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
  if (!mapped) return compressed;
  const high = parseInt(mapped[1] ?? '0', 16);
  const low = parseInt(mapped[2] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Loopback: 127.0.0.0/8 and ::1 (and `localhost`, by name). */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const address = canonicalAddress(host);
  return address === '::1' || (address !== undefined && /^127\./.test(address));
}
