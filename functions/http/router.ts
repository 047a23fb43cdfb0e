import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { notFound } from './errors.ts';
import type { HttpResult } from './response.ts';

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/**
 * Dispatches on API Gateway's `routeKey` (`POST /chat/sessions/{sessionId}/messages`), which the
 * HTTP API and the local gateway both set, so a function can own several routes.
 */
export function routeByKey(routes: Record<string, RouteHandler>): RouteHandler {
  return async (event) => {
    const route = routes[event.routeKey];
    if (!route) throw notFound(`no route for ${event.routeKey}`);
    return route(event);
  };
}
