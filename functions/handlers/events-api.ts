import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { allowsEventType, issueApiKey, keyView } from '#core/api-keys.ts';
import { EventTypePatternSchema } from '#core/business-event.ts';
import { DomainError } from '#core/errors.ts';
import {
  EventBodySchema,
  type EventSource,
  eventIdentity,
  eventInteractionId,
  eventMessage,
  eventTime,
  StoreVisitBodySchema,
  storeVisitMessage,
} from '#core/event-intake.ts';
import { derivedId } from '#core/ids.ts';
import type { IdentityKey } from '#core/model.ts';
import type { AppDeps } from '#deps/app.ts';
import { requireCaller, requireSupervisor } from '#http/auth.ts';
import { notFound } from '#http/errors.ts';
import { keySource, requireApiKey, requireIamCaller } from '#http/event-auth.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { ApiKeysRepo } from '#store/api-keys-repo.ts';

export const NewKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  eventTypes: z.array(EventTypePatternSchema).min(1).max(20),
});

/**
 * Business events: what happens off the messaging channels (orders, deliveries, returns and
 * visits in store) onto the customer's timeline, posted with an API key or by an AWS principal;
 * the keys supervisors issue; and the store visits staff log from the console.
 */
export function makeHandler(deps: AppDeps, keys = new ApiKeysRepo(deps.table)) {
  return httpHandler(
    logger,
    routeByKey({
      'POST /events': async (event) => {
        const key = await requireApiKey(event, keys);
        return postEvent(event, deps, keySource(key), (type) => allowsEventType(key, type));
      },
      'POST /events/iam': (event) => postEvent(event, deps, requireIamCaller(event), () => true),
      'POST /events/keys': (event) => createKey(event, deps, keys),
      'GET /events/keys': async (event) => {
        requireSupervisor(event);
        const all = await keys.list();
        all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        return json(200, { apiKeys: all.map(keyView) });
      },
      'DELETE /events/keys/{keyId}': (event) => revokeKey(event, deps, keys),
      'POST /customers/{customerId}/store-visits': (event) => logStoreVisit(event, deps),
    }),
    deps.audit,
  );
}

/**
 * Validates everything before anything is written, answers a repeat of an event already on the
 * timeline as a duplicate, and puts a new one on the ingest queue, whose consumer stores it once
 * however often it arrives.
 */
async function postEvent(
  event: APIGatewayProxyEventV2,
  deps: AppDeps,
  source: EventSource,
  allows: (type: string) => boolean,
): Promise<HttpResult> {
  const body = parseJsonBody(event, EventBodySchema);
  if (!allows(body.type)) {
    throw new DomainError('forbidden', `this key may not post events of type ${body.type}`, {
      field: 'type',
      type: body.type,
    });
  }
  const identity = eventIdentity(body.identity, { defaultCountry: deps.config.defaultCountry });
  const at = eventTime(body.occurredAt, 'occurredAt', deps.clock.now());
  const interactionId = eventInteractionId(body.eventId);
  if (await deps.timeline.get(interactionId)) {
    return json(200, { duplicate: true, eventId: body.eventId, interactionId });
  }
  await deps.ingestQueue.send(eventMessage(body, { ...source, identity, at }));
  logger.info('business event accepted', { type: body.type, source: source.source, interactionId });
  return json(202, { duplicate: false, eventId: body.eventId, interactionId });
}

async function createKey(event: APIGatewayProxyEventV2, deps: AppDeps, keys: ApiKeysRepo) {
  const caller = requireSupervisor(event);
  const body = parseJsonBody(event, NewKeyBodySchema);
  const { key, secret } = issueApiKey({ ...body, createdBy: caller.agentId, now: deps.clock.now() });
  await keys.create(key);
  logger.info('events API key created', { keyId: key.keyId, by: caller.agentId });
  // The only time the key is ever shown: only its digest is kept.
  return json(201, { apiKey: keyView(key), secret });
}

async function revokeKey(event: APIGatewayProxyEventV2, deps: AppDeps, keys: ApiKeysRepo) {
  const caller = requireSupervisor(event);
  const keyId = pathParameter(event, 'keyId');
  const revoked = /^[0-9a-f]{16}$/.test(keyId)
    ? await keys.revoke(keyId, caller.agentId, deps.clock.now())
    : undefined;
  if (!revoked) throw notFound('no such API key');
  logger.info('events API key revoked', { keyId, by: caller.agentId });
  return json(200, { apiKey: keyView(revoked) });
}

/** Any signed-in agent may log a visit: store staff are agents, and the entry names them. */
async function logStoreVisit(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const caller = requireCaller(event);
  const customerId = pathParameter(event, 'customerId');
  const body = parseJsonBody(event, StoreVisitBodySchema);
  const now = deps.clock.now();
  const at = eventTime(body.occurredAt, 'occurredAt', now);
  const customer = await deps.customers.get(customerId);
  const identity = customer?.identities[0] as IdentityKey | undefined;
  if (!customer || !identity) throw notFound('no such customer');
  const message = storeVisitMessage(body, { identity, agentId: caller.agentId, at, now });
  await deps.ingestQueue.send(message);
  const interactionId = derivedId('int', message.channel, message.providerMessageId);
  return json(202, { customerId: customer.customerId, interactionId });
}
