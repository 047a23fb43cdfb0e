import { type CodeMailer, CodeNotSentError } from '#channels/email/code-mailer.ts';
import type { ChatSession } from '#core/chat-session.ts';
import {
  addressRateKey,
  CODE_LIMITS,
  CODE_TTL_SECONDS,
  codeMatches,
  MAX_CODE_ATTEMPTS,
  newEmailCode,
  pendingEmailCode,
  sessionRateKey,
} from '#core/email-code.ts';
import { DomainError } from '#core/errors.ts';
import type { IdentityKey } from '#core/model.ts';
import type { AppDeps } from '#deps/app.ts';
import { tooManyRequests } from '#http/errors.ts';
import type { HttpResult } from '#http/response.ts';
import { json } from '#http/response.ts';
import { logger } from '#shared/observability.ts';
import type { VerificationRepo } from '#store/verification-repo.ts';

export interface EmailVerificationDeps extends Pick<AppDeps, 'customers' | 'clock'> {
  verifications: VerificationRepo;
  /** Undefined when the deployment has no address to send from. */
  codeMailer?: CodeMailer | undefined;
}

/**
 * Sends a code to the address a visitor wants to prove. The code is stored only as a digest and
 * never logged, nor is the address: logs name the session alone.
 */
export async function sendEmailCode(
  session: ChatSession,
  email: IdentityKey,
  deps: EmailVerificationDeps,
): Promise<HttpResult> {
  if (!deps.codeMailer) {
    throw new DomainError('unavailable', 'email verification is not configured: no address to send from');
  }
  const address = email.slice('email:'.length);
  const now = deps.clock.now();
  const code = newEmailCode();
  const started = await deps.verifications.startCode(
    pendingEmailCode(session.sessionId, address, code, now),
    [
      { key: addressRateKey(address), scope: 'address', ...CODE_LIMITS.address },
      { key: sessionRateKey(session.sessionId), scope: 'session', ...CODE_LIMITS.session },
    ],
    now,
  );
  if (!started.started) {
    logger.info('email code refused by rate limit', { sessionId: session.sessionId, scope: started.scope });
    throw tooManyRequests(
      `too many codes sent to this ${started.scope === 'address' ? 'address' : 'session'}; retry later`,
      started.retryAfterSeconds,
      { scope: started.scope },
    );
  }
  try {
    await deps.codeMailer.send(address, code);
  } catch (error) {
    if (!(error instanceof CodeNotSentError)) throw error;
    logger.warn('email code not sent', { sessionId: session.sessionId, sesError: error.sesCode });
    throw new DomainError('email_not_sent', 'the code could not be sent; check the address and retry');
  }
  logger.info('email code sent', { sessionId: session.sessionId });
  return json(202, { sent: true, expiresInSeconds: CODE_TTL_SECONDS, attempts: MAX_CODE_ATTEMPTS });
}

/**
 * Checks a typed code. The attempt is counted before the comparison, so even the right code is
 * refused once five attempts are spent. A match proves the address: the session and the address
 * are resolved together as verified, so the visitor's customer merges with the address's owner.
 */
export async function confirmEmailCode(
  session: ChatSession,
  code: string,
  deps: EmailVerificationDeps,
): Promise<HttpResult> {
  const now = deps.clock.now();
  const attempt = await deps.verifications.countAttempt(session.sessionId, now);
  if (attempt.state === 'none') throw new DomainError('not_found', 'no email code was sent in this session');
  if (attempt.state === 'expired') {
    throw new DomainError('code_expired', 'the code has expired; ask for a new one', { field: 'code' });
  }
  if (attempt.state === 'exhausted') {
    throw new DomainError('code_exhausted', 'too many wrong codes; ask for a new one', {
      field: 'code',
      attemptsLeft: 0,
    });
  }
  const { pending } = attempt;
  if (!codeMatches(pending, code)) {
    const attemptsLeft = Math.max(0, MAX_CODE_ATTEMPTS - pending.attempts);
    logger.info('email code mismatch', { sessionId: session.sessionId, attemptsLeft });
    throw new DomainError('wrong_code', `code: not the code sent (${attemptsLeft} attempts left)`, {
      field: 'code',
      attemptsLeft,
    });
  }
  const customer = await deps.customers.resolve(
    [
      { identity: `chat:${session.sessionId}`, trust: 'verified', evidence: 'chat:session' },
      { identity: `email:${pending.email}`, trust: 'verified', evidence: 'chat:email-code' },
    ],
    { at: now.toISOString(), channel: 'chat' },
  );
  // Spent only once the address is on the customer: a failure above leaves the code to retry.
  await deps.verifications.consume(pending);
  logger.info('email proven in chat', { sessionId: session.sessionId, customerId: customer.customerId });
  return json(200, { verified: true, customerId: customer.customerId });
}
