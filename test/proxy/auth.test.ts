import { describe, expect, it } from 'vitest';
import { generateToken, originAllowed, parseSubprotocols, requestToken, tokenMatches } from '../../proxy/auth';
import { neonProxyConfig, pasteUrl } from '../../proxy/url';

describe('tokens', () => {
  it('generates 256 random bits as hex, different each time', () => {
    const a = generateToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    const token = generateToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}0`)).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    // Every byte counts: not one of 2,000 other tokens passes.
    const others = Array.from({ length: 2000 }, () => generateToken());
    expect(others.filter((other) => tokenMatches(token, other))).toEqual([]);
  });

  it('reads the token from the query, else from a ripple-token subprotocol', () => {
    expect(requestToken(new URLSearchParams('token=abc&address=x'), [])).toBe('abc');
    expect(requestToken(new URLSearchParams(''), parseSubprotocols('chat, ripple-token.def'))).toBe('def');
    expect(requestToken(new URLSearchParams('token=abc'), ['ripple-token.def'])).toBe('abc');
    expect(requestToken(new URLSearchParams(''), ['chat'])).toBeUndefined();
  });
});

describe('originAllowed', () => {
  const allow = ['http://localhost:5173', 'https://notebook.example'];
  it.each<[string | undefined, boolean, boolean]>([
    ['http://localhost:5173', false, true],
    ['HTTP://LOCALHOST:5173', false, true],
    ['https://notebook.example:443', false, true],
    ['http://localhost:5174', false, false],
    ['http://localhost:5173.evil.example', false, false],
    ['https://evil.example', false, false],
    ['null', false, false],
    ['not a url', false, false],
    [undefined, false, false],
    [undefined, true, true],
  ])('%s (no-origin allowed: %s) -> %s', (origin, allowNoOrigin, expected) => {
    expect(originAllowed(origin, allow, allowNoOrigin)).toBe(expected);
  });
});

describe('the URL contract', () => {
  it('adds the token to the printed URL', () => {
    expect(pasteUrl('ws://127.0.0.1:5480/', 'abc')).toBe('ws://127.0.0.1:5480/?token=abc');
    expect(pasteUrl('wss://db.example/ripple?x=1', 'abc')).toBe('wss://db.example/ripple?x=1&token=abc');
    expect(pasteUrl('ws://127.0.0.1:5480/', null)).toBe('ws://127.0.0.1:5480/');
  });

  it('gives the Neon driver a scheme-less wsProxy that carries token and address', () => {
    const plain = neonProxyConfig('ws://127.0.0.1:5480/?token=abc');
    expect(plain.useSecureWebSocket).toBe(false);
    expect(plain.wsProxy('localhost', 5432)).toBe('127.0.0.1:5480/?token=abc&address=localhost%3A5432');
    expect(plain.wsProxy('::1', '5432')).toBe('127.0.0.1:5480/?token=abc&address=%5B%3A%3A1%5D%3A5432');
    const secure = neonProxyConfig('wss://db.example/ripple?token=abc');
    expect(secure.useSecureWebSocket).toBe(true);
    expect(secure.wsProxy('10.0.0.5', 5432)).toBe('db.example/ripple?token=abc&address=10.0.0.5%3A5432');
  });

  it('refuses a URL that is not ws:// or wss://', () => {
    expect(() => neonProxyConfig('http://127.0.0.1:5480/')).toThrow('the proxy URL must start with ws:// or wss://');
    expect(() => neonProxyConfig('127.0.0.1:5480')).toThrow();
  });
});
