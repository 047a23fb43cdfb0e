/**
 * Domain errors carry a stable code; the HTTP and queue edges map codes to status codes or
 * batch failures in one place, so the core never knows about transports.
 */
/** The codes a provider's refusal of a message carries (a `SendFailure` kind). */
export type ProviderRefusal =
  | 'rate_limited'
  | 'window_closed'
  | 'invalid_recipient'
  | 'rejected'
  | 'unauthorized'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: 'invalid_identity' | 'not_found' | 'conflict' | 'invalid_input' | ProviderRefusal,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

export class InvalidIdentityError extends DomainError {
  constructor(raw: string, reason: string) {
    super('invalid_identity', `invalid identity "${raw}": ${reason}`, { field: 'identity', reason });
    this.name = 'InvalidIdentityError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} not found`, { id });
    this.name = 'NotFoundError';
  }
}

/** Another writer changed the same thing first: the caller may re-read and try again (409). */
export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}
