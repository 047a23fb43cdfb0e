import * as z from 'zod';

/**
 * What one route takes and answers, as the zod schemas its handler parses with. The OpenAPI
 * document (GET /openapi.json, docs/openapi.json) is built from these and functions/routes.ts;
 * path parameters come from the route's path template.
 */
export interface RouteContract {
  summary: string;
  description?: string;
  /** Credentials beyond the manifest's `auth`: a public route's chat token, key or signature. */
  security?: readonly PublicCredential[];
  query?: z.ZodType<unknown, Record<string, unknown>>;
  /** Headers the handler reads (a provider's signature, an idempotency key). */
  headers?: z.ZodObject;
  /** The JSON body; `{ mediaType }` for anything else (a provider's form post). */
  body?: z.ZodType | { schema: z.ZodType; mediaType: string };
  /** The body may be left out (an empty body reads as `{}`). */
  bodyOptional?: true;
  /** Successful answers by status; refusals are added from the error shape. */
  responses: Partial<Record<SuccessStatus, Answer>>;
  /** Refusals this route gives beyond those the document adds for every route like it. */
  errors?: readonly ErrorStatus[];
}

export type SuccessStatus = 200 | 201 | 202 | 204 | 303;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503;

/** A JSON answer's schema, or one with its own media type (`application/zip`, `text/html`). */
export type Answer =
  | { description: string; schema: z.ZodType }
  | { description: string; mediaType: string; schema?: z.ZodType }
  | { description: string };

/** Credentials a route the API Gateway leaves public checks in its handler. */
export type PublicCredential = 'chatSession' | 'eventsApiKey';

/** Every refusal, whoever gives it: a code, a message, and what else helps (the field at fault). */
export const ErrorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string(),
      message: z.string(),
      /** The request field at fault, on a 400. */
      field: z.string().optional(),
      issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      retryAfterSeconds: z.number().optional(),
    }),
  })
  .meta({ id: 'Error', description: 'A refusal: a code, a message, and what else helps' });

/** The answer of a handler that acknowledges only: `{ accepted: true }` and what it took. */
export const AcceptedSchema = z.looseObject({ accepted: z.literal(true) });
