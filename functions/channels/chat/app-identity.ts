import { InvalidIdentityError } from '#core/errors.ts';
import { normalizeIdentity } from '#core/identity.ts';
import type { IdentitySighting } from '#core/model.ts';
import { type IdentityTokenClaims, refused } from '#http/identity-token.ts';

const EVIDENCE = 'app:token';

/**
 * What a verified identity token proves: the company's user `app:<sub>`, and the email and phone
 * the company vouches for. The company signed them, so all are verified and may merge.
 */
export function appSightings(claims: IdentityTokenClaims, defaultCountry: string): IdentitySighting[] {
  const sightings: IdentitySighting[] = [vouched('app', claims.sub, defaultCountry)];
  if (claims.email) sightings.push(vouched('email', claims.email, defaultCountry));
  if (claims.phone) sightings.push(vouched('phone', claims.phone, defaultCountry));
  return sightings;
}

function vouched(kind: 'app' | 'email' | 'phone', value: string, defaultCountry: string): IdentitySighting {
  try {
    return {
      identity: normalizeIdentity(`${kind}:${value}`, { defaultCountry }),
      trust: 'verified',
      evidence: EVIDENCE,
    };
  } catch (error) {
    if (!(error instanceof InvalidIdentityError)) throw error;
    const claim = kind === 'app' ? 'sub' : kind;
    throw refused('invalid_claim', `${claim}: ${error.details.reason}`);
  }
}
