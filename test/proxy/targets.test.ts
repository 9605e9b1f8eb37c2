import { describe, expect, it } from 'vitest';
import { canonicalAddress, createTargetPolicy, formatTarget, isLoopback, parseTarget, type Resolver, type Target } from '../../proxy/targets';

describe('parseTarget', () => {
  const cases: readonly [string, Target | undefined][] = [
    ['127.0.0.1:5432', { host: '127.0.0.1', port: 5432 }],
    ['LocalHost.:5432', { host: 'localhost', port: 5432 }],
    ['db.example.com:6543', { host: 'db.example.com', port: 6543 }],
    ['[::1]:5432', { host: '::1', port: 5432 }],
    ['::1:5432', { host: '::1', port: 5432 }],
    ['[0:0:0:0:0:0:0:1]:5432', { host: '::1', port: 5432 }],
    ['[::ffff:127.0.0.2]:5432', { host: '127.0.0.2', port: 5432 }],
    ['127.0.0.1', undefined],
    ['127.0.0.1:', undefined],
    ['127.0.0.1:0', undefined],
    ['127.0.0.1:65536', undefined],
    ['127.0.0.1:54x', undefined],
    [':5432', undefined],
    ['[db]:5432', undefined],
    ['under_score:5432', undefined],
    ['a b:5432', undefined],
    ['-bad.example:5432', undefined],
    ['host/path:5432', undefined],
    [`${'a'.repeat(64)}.example:5432`, undefined],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it('formats IPv6 with brackets', () => {
    expect(formatTarget({ host: '::1', port: 5432 })).toBe('[::1]:5432');
    expect(formatTarget({ host: 'localhost', port: 5432 })).toBe('localhost:5432');
  });
});

describe('canonicalAddress and isLoopback', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:2', '127.0.0.2'],
    ['0::1', '::1'],
    ['localhost', undefined],
  ])('%s -> %s', (raw, expected) => expect(canonicalAddress(raw)).toBe(expected));

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.0.2.1', false],
  ])('isLoopback(%s) = %s', (host, expected) => expect(isLoopback(host)).toBe(expected));
});

describe('createTargetPolicy', () => {
  const allow = ['127.0.0.1:5432', 'localhost:5432', 'evil.test:5432', 'gone.test:5432', '[::1]:5432'].map((t) => parseTarget(t) as Target);
  const names: Record<string, string[]> = {
    localhost: ['::2', '127.0.0.1'],
    // DNS rebinding: the name is allowed, the address it points at is not.
    'evil.test': ['127.0.0.2'],
  };
  let lookups: string[] = [];
  const resolver: Resolver = async (name) => {
    lookups.push(name);
    const found = names[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found;
  };
  const policy = createTargetPolicy(allow, resolver);
  const target = (text: string): Target => parseTarget(text) as Target;

  it('allows only listed host:port pairs', () => {
    expect(policy.allows(target('127.0.0.1:5432'))).toBe(true);
    expect(policy.allows(target('LOCALHOST:5432'))).toBe(true);
    expect(policy.allows(target('127.0.0.1:5433'))).toBe(false);
    expect(policy.allows(target('127.0.0.3:5432'))).toBe(false);
    expect(policy.allows(target('[0::1]:5432'))).toBe(true);
  });

  it('dials an IP literal as it is, without resolving', async () => {
    lookups = [];
    expect(await policy.resolve(target('127.0.0.1:5432'))).toEqual({ ok: true, address: '127.0.0.1', port: 5432 });
    expect(lookups).toEqual([]);
  });

  it('resolves a name once and dials its first allowed address', async () => {
    lookups = [];
    expect(await policy.resolve(target('localhost:5432'))).toEqual({ ok: true, address: '127.0.0.1', port: 5432 });
    expect(lookups).toEqual(['localhost']);
  });

  it('refuses a name that resolves to no allowed address', async () => {
    expect(await policy.resolve(target('evil.test:5432'))).toEqual({ ok: false, why: 'not-allowed', detail: 'evil.test:5432 resolves to no allowed address' });
  });

  it('reports a name that does not resolve, by error code only', async () => {
    expect(await policy.resolve(target('gone.test:5432'))).toEqual({ ok: false, why: 'not-found', detail: 'resolving failed: ENOTFOUND' });
  });
});
