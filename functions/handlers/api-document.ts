import { httpHandler } from '#http/http-handler.ts';
import { json } from '#http/response.ts';
import { logger } from '#shared/observability.ts';
import document from '../../docs/openapi.json' with { type: 'json' };

/**
 * `GET /openapi.json`: the document `npm run openapi` wrote from the route manifest and the
 * handlers' schemas, bundled with the function, so the API describes itself as deployed.
 */
export function makeHandler() {
  return httpHandler(logger, async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
}
