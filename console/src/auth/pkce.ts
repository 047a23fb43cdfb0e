/**
 * Proof Key for Code Exchange (RFC 7636) with S256. The console keeps the verifier in its tab and
 * sends only its hash with the sign-in request, so a stolen authorization code is useless to
 * anyone who does not also hold the verifier.
 */

/** Base64url without padding (RFC 7636 appendix A). */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An unguessable value: 32 random bytes, 43 characters (a verifier, or the `state`). */
export function randomToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The `code_challenge` of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
