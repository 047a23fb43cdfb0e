import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { conversationStatus } from '#core/conversation.ts';
import { InvalidIdentityError } from '#core/errors.ts';
import { normalizeIdentity } from '#core/identity.ts';
import { type Channel, ChannelSchema, type Customer } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { requireCaller, requireSupervisor } from '#http/auth.ts';
import { badRequest, notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { loadConfig } from '#shared/config.ts';
import { type AppDeps, createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';

const TimelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(4096).optional(),
  channel: ChannelSchema.optional(),
});

const IdentityQuerySchema = z.object({ identity: z.string().min(3).max(512) });

const MergeBodySchema = z.strictObject({
  /** The customer to absorb into the one in the path. */
  customerId: z.string().trim().min(1).max(128),
  reason: z.string().trim().min(1).max(500).optional(),
});

/**
 * The agent side's customer API: who a customer is, everything they said on any channel, and
 * merging two records an agent knows are one person.
 */
export function makeHandler(deps: AppDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'GET /customers': (event) => findCustomer(event, deps),
      'GET /customers/{customerId}': (event) => getCustomer(event, deps),
      'GET /customers/{customerId}/timeline': (event) => getTimeline(event, deps),
      'POST /customers/{customerId}/merge': (event) => mergeCustomers(event, deps),
      'POST /customers/{customerId}/unmerge': (event) => unmergeCustomer(event, deps),
    }),
  );
}

export const handler = lazyHandler(() => makeHandler(createDeps(loadConfig(process.env))));

async function findCustomer(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  requireCaller(event);
  const { identity } = parseWith(IdentityQuerySchema, event.queryStringParameters ?? {}, '');
  let key: ReturnType<typeof normalizeIdentity>;
  try {
    key = normalizeIdentity(identity, { defaultCountry: deps.config.defaultCountry });
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw badRequest('identity', error.message);
    throw error;
  }
  const customer = await deps.customers.findByIdentity(key);
  if (!customer) throw notFound(`no customer with identity ${identity}`);
  return json(200, { customer: await customerView(customer, deps) });
}

async function getCustomer(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  requireCaller(event);
  const customer = await deps.customers.get(pathParameter(event, 'customerId'));
  if (!customer) throw notFound('no such customer');
  return json(200, { customer: await customerView(customer, deps) });
}

async function getTimeline(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  requireCaller(event);
  const query = parseWith(TimelineQuerySchema, event.queryStringParameters ?? {}, '');
  const customer = await deps.customers.get(pathParameter(event, 'customerId'));
  if (!customer) throw notFound('no such customer');
  const page = await deps.timeline.query(timelineOwners(customer), query);
  return json(200, {
    customerId: customer.customerId,
    items: page.items,
    nextCursor: page.nextCursor ?? null,
  });
}

/**
 * Any signed-in agent may merge: they are the ones who hear "I also wrote from my work address",
 * and the merge entry on the timeline names them. The path customer survives.
 */
async function mergeCustomers(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const caller = requireCaller(event);
  const survivorId = pathParameter(event, 'customerId');
  const { customerId: absorbedId, reason } = parseJsonBody(event, MergeBodySchema);
  if (absorbedId === survivorId)
    throw badRequest('customerId', 'customerId: a customer cannot absorb itself');
  const [survivor, absorbed] = await Promise.all([
    deps.customers.get(survivorId),
    deps.customers.get(absorbedId),
  ]);
  if (!survivor) throw notFound('no such customer');
  if (!absorbed) throw notFound(`no customer ${absorbedId}`);
  const { customer, merged } = await deps.customers.mergeByAgent(survivor, absorbed, {
    agentId: caller.agentId,
    reason,
    channel: await latestChannel([survivor, absorbed], deps),
  });
  return json(200, { merged, customer: await customerView(customer, deps) });
}

/**
 * Only a supervisor may split a customer: an unmerge moves contacts between records, and a wrong
 * one would show one person's messages to another. The path names the customer as agents see it.
 */
async function unmergeCustomer(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const survivorId = pathParameter(event, 'customerId');
  const { customerId: absorbedId, reason } = parseJsonBody(event, MergeBodySchema);
  if (absorbedId === survivorId)
    throw badRequest('customerId', 'customerId: a customer cannot be split from itself');
  const result = await deps.splitter.unmerge(survivorId, absorbedId, { agentId: caller.agentId, reason });
  const [survivor, restored] = await Promise.all([
    deps.customers.get(survivorId),
    deps.customers.get(result.restored.customerId),
  ]);
  return json(200, {
    unmerged: result.unmerged,
    moved: result.moved,
    customer: survivor ? await customerView(survivor, deps) : null,
    restored: restored ? await customerView(restored, deps) : null,
  });
}

/**
 * A merge entry needs a channel; an agent's merge is filed under the one the customer last
 * used, so it shows next to that contact (chat when neither has any history yet).
 */
async function latestChannel(customers: readonly Customer[], deps: AppDeps): Promise<Channel> {
  const owners = new Set(customers.flatMap(timelineOwners));
  const { items } = await deps.timeline.query([...owners], { limit: 1 });
  return items[0]?.channel ?? 'chat';
}

async function customerView(customer: Customer, deps: AppDeps) {
  const latest = customer.lastConversationId
    ? await deps.conversations.get(customer.lastConversationId)
    : undefined;
  const { version: _version, ...profile } = customer;
  return {
    ...profile,
    latestConversation: latest
      ? { ...latest, status: conversationStatus(latest, deps.clock.now(), deps.config.conversationPolicy) }
      : null,
  };
}
