/**
 * Domain errors carry a stable code; the HTTP and queue edges map codes to status codes or
 * batch failures in one place, so the core never knows about transports. Every error a handler
 * may meet on purpose is one of these: anything else is a fault of ours.
 */
/** The codes a provider's refusal of a message carries (a `SendFailure` kind). */
export type ProviderRefusal =
  | 'rate_limited'
  | 'window_closed'
  | 'invalid_recipient'
  | 'rejected'
  | 'unauthorized'
  | 'unavailable';

/** What the caller sent is wrong: fixing the request fixes it. */
type InputCode =
  | 'invalid_input'
  | 'invalid_identity'
  | 'invalid_request'
  | 'wrong_code'
  | 'payload_too_large'
  | 'export_too_large'
  | 'unsupported_media_type'
  | 'no_phone_number';

/** Who the caller is, or may do. */
type AccessCode = 'unauthorized' | 'invalid_signature' | 'forbidden' | 'unverified_address';

/** The thing asked about is missing, in another state, or gone. */
type StateCode =
  | 'not_found'
  | 'conflict'
  | 'call_ended'
  | 'export_not_ready'
  | 'not_waiting'
  | 'other_partition'
  | 'connect_not_configured'
  | 'code_exhausted'
  | 'code_expired'
  | 'export_expired'
  | 'attachment_not_uploaded'
  | 'attachment_gone';

/** Too many, too often: Retry-After says when. */
type LimitCode = 'rate_limited' | 'too_many_callbacks';

/** This deployment, or a service behind it, cannot do it now or at all. */
type ServiceCode =
  | 'not_configured'
  | 'web_calls_not_configured'
  | 'channel_not_configured'
  | 'exports_not_configured'
  | 'unavailable'
  | 'connect_busy'
  | 'connect_refused'
  | 'connect_rejected'
  | 'email_not_sent'
  | 'email_unavailable'
  | 'email_rejected'
  | 'translation_failed'
  | 'not_yet_stored'
  | 'invalid_config';

export type ErrorCode = InputCode | AccessCode | StateCode | LimitCode | ServiceCode;

export interface DomainErrorOptions {
  cause?: unknown;
  /** When the same request may succeed (rate limits, a service catching up). */
  retryAfterSeconds?: number | undefined;
}

export class DomainError<Code extends string = ErrorCode> extends Error {
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * A provider refused to carry a message. Its codes overlap the caller's own (`unauthorized`
 * means our credentials, not theirs), so they are a family of their own.
 */
export class ProviderRefusedError extends DomainError<ProviderRefusal> {
  constructor(code: ProviderRefusal, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ProviderRefusedError';
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

/** A cursor this API did not hand out, or one for another query. */
export class InvalidCursorError extends DomainError {
  constructor(message = 'cursor is not one this API handed out') {
    super('invalid_input', message, { field: 'cursor' });
    this.name = 'InvalidCursorError';
  }
}
