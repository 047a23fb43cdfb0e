import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { MAX_PATH_ID_LENGTH } from '#http/request.ts';
import { ROUTES, type RouteSpec, routeKey } from '../routes.ts';
import { type Answer, ErrorBodySchema, type ErrorStatus, type RouteContract } from './contract.ts';
import { CONTRACTS } from './routes.ts';

/** The API's own version: it moves with the package's. */
const API_VERSION = '0.1.0';

const SECURITY_SCHEMES = {
  agentJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A signed-in agent's Cognito ID token (locally, the dev token `npm start` prints).",
  },
  iamSigV4: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'An AWS principal signing the request with Signature Version 4 (on AWS only).',
  },
  chatSession: {
    type: 'http',
    scheme: 'bearer',
    description: 'The token `POST /chat/sessions` answered, for that session only.',
  },
  eventsApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'An events API key a supervisor issued (also accepted as a bearer token).',
  },
} as const;

/** Each refusal once, as a response component every route refers to. */
const REFUSALS: Record<ErrorStatus, [id: string, description: string]> = {
  400: ['BadRequest', 'The request is invalid; `error.field` names the field at fault'],
  401: ['Unauthorized', 'Missing or invalid credentials, or a bad signature'],
  403: ['Forbidden', 'The caller may not do this (supervisors only, or another session)'],
  404: ['NotFound', 'No such record'],
  409: ['Conflict', 'The record changed or is not in a state that allows this'],
  410: ['Gone', 'No longer kept'],
  413: ['PayloadTooLarge', 'The request body is too large'],
  415: ['UnsupportedMediaType', 'The body is not of the media type the route takes'],
  422: ['Unprocessable', 'The provider or the record refuses this'],
  429: ['TooManyRequests', 'Too many requests; retry after `retry-after` seconds'],
  502: ['BadGateway', 'A provider failed to take the request'],
  503: ['Unavailable', 'A dependency is unavailable or not set up; retry after `retry-after` seconds'],
};

/** One object per refusal: the same object is one component, referred to from every route. */
const REFUSAL = Object.fromEntries(
  Object.entries(REFUSALS).map(([status, [id, description]]) => [
    status,
    { id, description, content: { 'application/json': { schema: ErrorBodySchema } } },
  ]),
) as unknown as Record<ErrorStatus, { id: string; description: string }>;

/** The OpenAPI 3.1 document of every route in functions/routes.ts. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of ROUTES) {
    const contract = CONTRACTS[routeKey(route)];
    if (!contract) throw new Error(`no contract for ${routeKey(route)} in functions/contract`);
    paths[route.path] ??= {};
    Object.assign(paths[route.path] as object, { [route.method.toLowerCase()]: operation(route, contract) });
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'OneThread API',
        version: API_VERSION,
        description:
          'Web chat, the agent console, knowledge, routing, business events and provider webhooks. ' +
          'Every refusal answers the `Error` shape. See docs/api.md.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      paths,
      components: { securitySchemes: SECURITY_SCHEMES, schemas: { Error: ErrorBodySchema } },
    },
    {
      // `format: date-time` says what zod's long pattern spells out, at a tenth of the size.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
      },
    },
  );
}

function operation(route: RouteSpec, contract: RouteContract): ZodOpenApiOperationObject {
  const path = pathParameters(route.path);
  const body =
    contract.body &&
    ('mediaType' in contract.body ? contract.body : { schema: contract.body, mediaType: 'application/json' });
  return {
    operationId: operationId(route),
    tags: [route.function],
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    security: security(route, contract),
    requestParams: {
      ...(path ? { path } : {}),
      ...(contract.query ? { query: contract.query } : {}),
      ...(contract.headers ? { header: contract.headers } : {}),
    },
    ...(body
      ? {
          requestBody: {
            required: contract.bodyOptional !== true,
            content: { [body.mediaType]: { schema: body.schema } },
          },
        }
      : {}),
    responses: { ...successes(contract), ...refusals(route, contract, path !== undefined) },
  };
}

function security(route: RouteSpec, contract: RouteContract): Record<string, string[]>[] {
  if (route.auth === 'agent') return [{ agentJwt: [] }];
  if (route.auth === 'iam') return [{ iamSigV4: [] }];
  return (contract.security ?? []).map((name) => ({ [name]: [] }));
}

/** `{sessionId}` in the template is a decoded path segment of at most MAX_PATH_ID_LENGTH. */
function pathParameters(template: string): z.ZodObject | undefined {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string().min(1).max(MAX_PATH_ID_LENGTH)])));
}

function successes(contract: RouteContract) {
  return Object.fromEntries(
    Object.entries(contract.responses).map(([status, answer]) => [status, response(answer as Answer)]),
  );
}

function response(answer: Answer) {
  if (!('schema' in answer) && !('mediaType' in answer)) return { description: answer.description };
  const mediaType = 'mediaType' in answer ? answer.mediaType : 'application/json';
  const schema = answer.schema ?? z.string().meta({ format: 'binary' });
  return { description: answer.description, content: { [mediaType]: { schema } } };
}

/** The refusals any route of its kind can give, plus those its contract names. */
function refusals(route: RouteSpec, contract: RouteContract, hasPath: boolean) {
  const statuses = new Set<ErrorStatus>(contract.errors ?? []);
  if (hasPath || contract.query || contract.body || contract.headers) statuses.add(400);
  if (route.auth !== 'public' || contract.security?.length || contract.headers) statuses.add(401);
  if (hasPath) statuses.add(404);
  if (contract.body) statuses.add(413);
  if (contract.body && !('mediaType' in contract.body)) statuses.add(415);
  statuses.add(503);
  return Object.fromEntries(
    [...statuses].sort((a, b) => a - b).map((status) => [String(status), REFUSAL[status]]),
  );
}

/** `GET /customers/{customerId}/timeline` → `getCustomersCustomerIdTimeline`. */
function operationId(route: RouteSpec): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join(
    '',
  );
}
