import { SignJWT } from 'jose';

const SECRET = 'platform-tests-identity-secret-0123456789';
const AUDIENCE = 'onethread-platform-tests';

/** What `npm start` needs to accept identity tokens the company's backend signs. */
export const IDENTITY_TOKEN_ENV = {
  ONETHREAD_IDENTITY_TOKEN_SECRET: SECRET,
  ONETHREAD_IDENTITY_TOKEN_AUDIENCE: AUDIENCE,
};

/**
 * A token as the company's backend would sign it for a signed-in user, vouching for their phone
 * or email: what makes those identities verified in a chat session.
 */
export function signedIdentity(claims: { sub: string; phone?: string; email?: string }): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
}
