import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../proxy/client-address';

describe('clientAddress', () => {
  const trusted = new Set(['127.0.0.1', '::1']);
  it.each<[string, string | undefined, string | string[] | undefined, string]>([
    ['a peer without the header', '127.0.0.5', undefined, '127.0.0.5'],
    ['an IPv4-mapped peer, spelled once', '::ffff:127.0.0.5', undefined, '127.0.0.5'],
    ['an untrusted peer: the header is ignored', '127.0.0.5', '127.0.0.9', '127.0.0.5'],
    ['a trusted peer: the forwarded client', '127.0.0.1', '127.0.0.9', '127.0.0.9'],
    ['a trusted IPv6 peer', '::1', '127.0.0.9', '127.0.0.9'],
    ['the last entry, the one the trusted proxy appended', '127.0.0.1', '127.0.0.66, 127.0.0.9', '127.0.0.9'],
    ['several header lines are one list', '127.0.0.1', ['127.0.0.66', '127.0.0.8'], '127.0.0.8'],
    ['a forwarded IPv6 client, canonical', '127.0.0.1', ' 0:0:0:0:0:0:0:1 ', '::1'],
    ['a malformed last entry: the peer', '127.0.0.1', '127.0.0.9, evil', '127.0.0.1'],
    ['an empty header: the peer', '127.0.0.1', '', '127.0.0.1'],
    ['no peer address at all', undefined, undefined, 'unknown'],
  ])('%s', (_name, peer, header, expected) => {
    expect(clientAddress(peer, header, trusted)).toBe(expected);
  });
});
