import { describe, expect, it } from 'vitest';
import { base64Url, codeChallenge, randomToken } from '../src/auth/pkce.ts';

describe('PKCE with S256 (RFC 7636)', () => {
  // Appendix B: the 32 octets of the example verifier, the verifier and its challenge.
  const OCTETS = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
    191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
  ];
  const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('encodes octets as base64url without padding, as appendix B does', () => {
    expect(base64Url(Uint8Array.from(OCTETS))).toBe(VERIFIER);
  });

  it('derives the appendix B code challenge from its verifier', async () => {
    expect(await codeChallenge(VERIFIER)).toBe(CHALLENGE);
  });

  it('makes verifiers of 43 unreserved characters, a new one every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, randomToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
