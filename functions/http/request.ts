import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { MAX_BODY_BYTES } from '../routes.ts';
import { badRequest, payloadTooLarge, unsupportedMediaType } from './errors.ts';
import { firstRepeatedKey } from './repeated-keys.ts';

/** The raw body bytes as sent, whatever API Gateway did to carry them. */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** `application/json` or any `application/…+json`; parameters such as `charset` may follow. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/**
 * Parses and validates a JSON body; every failure is a 400 (or 413, or 415 for a body that is
 * not declared as JSON) that names the field. A key an object repeats is refused, naming it:
 * `JSON.parse` would keep the last copy silently, and a client or proxy may have read the first.
 */
export function parseJsonBody<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  const bytes = rawBody(event);
  if (bytes.length > MAX_BODY_BYTES) throw payloadTooLarge(MAX_BODY_BYTES);
  if (bytes.length === 0) return parseWith(schema, {}, '');
  const mediaType = header(event, 'content-type')?.split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType('application/json');
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest('body', 'body is not valid JSON');
  }
  const repeated = firstRepeatedKey(text);
  if (repeated) throw badRequest(repeated, `${repeated}: given more than once`);
  return parseWith(schema, json, '');
}

/** Validates any input; the error names the first offending field, prefixed with `where`. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].filter(Boolean).join('.') || 'body',
    message: issue.message,
  }));
  const first = issues[0] ?? { field: where || 'body', message: 'invalid' };
  throw badRequest(first.field, `${first.field}: ${first.message}`, { issues });
}

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function bearerToken(event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  return match?.[1];
}

/**
 * Longest id a path may carry. Ours are far shorter, and a longer one could not be a key:
 * DynamoDB refuses keys over 2,048 bytes.
 */
export const MAX_PATH_ID_LENGTH = 512;

/** A path segment decoded, or undefined when its percent-encoding is malformed (`%ZZ`). */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A path parameter, decoded; malformed or overlong is a 400 that names it. */
export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const raw = event.pathParameters?.[name];
  if (!raw) throw badRequest(name, `missing path parameter ${name}`);
  const value = decodePathSegment(raw);
  if (value === undefined) throw badRequest(name, `${name}: malformed percent-encoding`);
  if (value.length > MAX_PATH_ID_LENGTH) {
    throw badRequest(name, `${name}: longer than ${MAX_PATH_ID_LENGTH} characters`);
  }
  return value;
}
