import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { MAX_BODY_BYTES } from '../routes.ts';
import { badRequest, payloadTooLarge } from './errors.ts';

/** The raw body bytes as sent, whatever API Gateway did to carry them. */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** Parses and validates a JSON body; every failure is a 400 (or 413) that names the field. */
export function parseJsonBody<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  const bytes = rawBody(event);
  if (bytes.length > MAX_BODY_BYTES) throw payloadTooLarge(MAX_BODY_BYTES);
  let json: unknown;
  try {
    json = bytes.length === 0 ? {} : JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badRequest('body', 'body is not valid JSON');
  }
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

export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw badRequest(name, `missing path parameter ${name}`);
  return decodeURIComponent(value);
}
