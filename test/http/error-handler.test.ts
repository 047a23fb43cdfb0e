import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DomainError,
  InvalidIdentityError,
  NotFoundError,
  ProviderRefusedError,
} from '#core/errors.ts';
import { ConcurrentUpdateError } from '#core/ports.ts';
import { errorResponse } from '#http/error-handler.ts';
import { payloadTooLarge } from '#http/errors.ts';
import { RoutingConflict } from '#routing/service.ts';
import { ConfigError } from '#shared/env.ts';

const quiet = { error: () => undefined };
const status = (error: unknown) => errorResponse(error, quiet).statusCode;

describe('errorResponse', () => {
  it('maps each domain code to its status', () => {
    expect(status(new DomainError('invalid_input', 'bad'))).toBe(400);
    expect(status(new InvalidIdentityError('x', 'no'))).toBe(400);
    expect(status(new NotFoundError('thing', '1'))).toBe(404);
    expect(status(new ConflictError('taken'))).toBe(409);
  });

  it('answers a conflict with a 409 whichever writer lost the race', () => {
    const conflict = errorResponse(new ConcurrentUpdateError('customer c-1'), quiet);
    expect(conflict.statusCode).toBe(409);
    expect(JSON.parse(String(conflict.body))).toEqual({
      error: { code: 'conflict', message: 'customer c-1 changed concurrently' },
    });
    expect(status(new RoutingConflict('p-1'))).toBe(409);
  });

  it('answers an HTTP refusal from the same table, and hides anything else behind a 500', () => {
    expect(status(payloadTooLarge(10))).toBe(413);
    const internal = errorResponse(new Error('secret detail'), quiet);
    expect(internal.statusCode).toBe(500);
    expect(String(internal.body)).not.toContain('secret');
    const misconfigured = errorResponse(new ConfigError('SECRET_SETTING is not set'), quiet);
    expect(misconfigured.statusCode).toBe(500);
    expect(String(misconfigured.body)).not.toContain('SECRET');
  });
});

describe('a provider refusing a message', () => {
  it('is a 4xx the agent can act on, or a 502 when the fault is on our side', () => {
    expect(status(new ProviderRefusedError('rate_limited', 'slow down'))).toBe(429);
    expect(status(new ProviderRefusedError('window_closed', 'too late'))).toBe(422);
    expect(status(new ProviderRefusedError('unauthorized', 'bad token'))).toBe(502);
  });
});
