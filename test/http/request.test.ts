import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DomainError } from '#core/errors.ts';
import { statusOf } from '#http/error-handler.ts';
import { MAX_PATH_ID_LENGTH, parseJsonBody, pathParameter } from '#http/request.ts';
import { httpEvent } from '../support/events.ts';

/** The error a call throws, with the status it is answered with, or a failure when it throws none. */
function errorOf(call: () => unknown): DomainError & { status: number } {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return Object.assign(error, { status: statusOf(error) });
    throw error;
  }
  throw new Error('expected a DomainError');
}

const withContentType = (event: APIGatewayProxyEventV2, contentType: string | undefined) => ({
  ...event,
  headers: contentType === undefined ? {} : { 'content-type': contentType },
});

describe('path parameters', () => {
  const event = (agentId: string) => httpEvent('GET /agents/{agentId}', { pathParameters: { agentId } });

  it('decodes a percent-encoded id', () => {
    expect(pathParameter(event('agent%20ana'), 'agentId')).toBe('agent ana');
  });

  it('answers 400 naming the parameter for malformed percent-encoding', () => {
    for (const raw of ['%ZZ', 'abc%', '%E0%A4%A']) {
      const error = errorOf(() => pathParameter(event(raw), 'agentId'));
      expect(error).toMatchObject({ status: 400, details: { field: 'agentId' } });
      expect(error.message).toMatch(/percent-encoding/);
    }
  });

  it(`takes ids up to ${MAX_PATH_ID_LENGTH} characters and refuses longer ones, which no key could hold`, () => {
    expect(pathParameter(event('a'.repeat(MAX_PATH_ID_LENGTH)), 'agentId')).toHaveLength(MAX_PATH_ID_LENGTH);
    for (const length of [MAX_PATH_ID_LENGTH + 1, 2_100, 15_000]) {
      const error = errorOf(() => pathParameter(event('a'.repeat(length)), 'agentId'));
      expect(error).toMatchObject({ status: 400, details: { field: 'agentId' } });
    }
    // Counted decoded: three encoded bytes are one character.
    expect(pathParameter(event('%C3%A9'.repeat(MAX_PATH_ID_LENGTH)), 'agentId')).toHaveLength(
      MAX_PATH_ID_LENGTH,
    );
  });
});

describe('JSON bodies', () => {
  const Schema = z.strictObject({ text: z.string() });
  const post = (contentType: string | undefined, body = '{"text":"hi"}') =>
    withContentType(httpEvent('POST /chat/sessions', { rawBody: body }), contentType);

  it('reads a body sent as application/json or a +json type, with or without charset', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;charset=UTF-8',
      'application/merge-patch+json',
      'application/vnd.api+json; charset=utf-8',
    ]) {
      expect(parseJsonBody(post(type), Schema)).toEqual({ text: 'hi' });
    }
  });

  it('answers 415 naming content-type for a body that is not declared as JSON', () => {
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'application/jsonp',
      'application/json-seq',
      'text/json',
      '',
      undefined,
    ]) {
      expect(errorOf(() => parseJsonBody(post(type), Schema))).toMatchObject({
        status: 415,
        code: 'unsupported_media_type',
        details: { field: 'content-type' },
      });
    }
  });

  it('takes an empty body as an empty object, whatever its type', () => {
    expect(parseJsonBody(post(undefined, ''), z.object({}))).toEqual({});
  });

  it('refuses a key given twice with a 400 naming it', () => {
    const error = errorOf(() =>
      parseJsonBody(post('application/json', '{"text":"hi","text":"bye"}'), Schema),
    );
    expect(error).toMatchObject({ status: 400, details: { field: 'text' } });
  });
});
