import { describe, expect, it } from 'vitest';
import { scramClientFinal } from '../../workers/sql/scram';

// RFC 7677, section 3: the SCRAM-SHA-256 exchange for user "user", password "pencil".
const RFC = {
  password: 'pencil',
  clientNonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirstBare: 'n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
};

describe('scramClientFinal', () => {
  it('computes the RFC 7677 client proof and server signature', async () => {
    expect(await scramClientFinal(RFC)).toEqual({
      clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    });
  });

  it.each([
    ['a server nonce that does not extend ours', { serverFirst: 'r=someoneElse123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096' }, 'server nonce does not start with client nonce'],
    ['a server nonce equal to ours', { serverFirst: 'r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096' }, 'server nonce is too short'],
    ['no salt', { serverFirst: 'r=rOprNGfwEbeRWgbNEkqOxyz,i=4096' }, 'salt missing/not base64'],
    ['a zero iteration count', { serverFirst: 'r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0' }, 'missing/invalid iteration count'],
    ['garbage', { serverFirst: 'hello' }, 'invalid attribute'],
  ])('refuses %s', async (_name, change, message) => {
    await expect(scramClientFinal({ ...RFC, ...change })).rejects.toThrow(message);
  });
});
