import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import {
  type CannedResponse,
  CannedResponseBodySchema,
  type CannedValues,
  findCanned,
  ResponseIdSchema,
  renderCanned,
} from '#core/canned-responses.ts';
import { LanguageCodeSchema } from '#core/language.ts';
import { firstName } from '#core/templates.ts';
import type { AppDeps } from '#deps/app.ts';
import { type Caller, requireCaller, requireSupervisor } from '#http/auth.ts';
import { notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { CannedResponsesRepo } from '#store/canned-responses-repo.ts';

export const SearchQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  queueId: z.string().min(1).max(256).optional(),
  lang: LanguageCodeSchema.optional(),
  /** Fill the placeholders from this work item: its customer, queue and the calling agent. */
  workItemId: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * Shared answers agents insert instead of typing: supervisors keep them, agents search them (by
 * words, or the `/` shortcut) and get each one filled in for the work in hand.
 */
export function makeHandler(deps: AppDeps, responses = new CannedResponsesRepo(deps.table)) {
  const agents = new AgentsRepo(deps.table);
  return httpHandler(
    logger,
    routeByKey({
      'GET /canned-responses': (event) => search(event, deps, responses, agents),
      'GET /canned-responses/{responseId}': (event) => getOne(event, responses),
      'PUT /canned-responses/{responseId}': (event) => save(event, deps, responses),
      'DELETE /canned-responses/{responseId}': (event) => remove(event, responses),
    }),
    deps.audit,
  );
}

async function search(
  event: APIGatewayProxyEventV2,
  deps: AppDeps,
  responses: CannedResponsesRepo,
  agents: AgentsRepo,
): Promise<HttpResult> {
  const caller = requireCaller(event);
  const query = parseWith(SearchQuerySchema, event.queryStringParameters ?? {}, '');
  const item = query.workItemId ? await deps.workItems.get(query.workItemId) : undefined;
  if (query.workItemId && !item) throw notFound('no such work item');
  const found = findCanned(await responses.list(), {
    q: query.q,
    queueId: query.queueId ?? item?.queueId,
    language: query.lang ?? item?.language,
  }).slice(0, query.limit);
  const values = item ? await valuesFor(item, caller, deps, agents) : undefined;
  return json(200, {
    responses: found.map((response) => ({
      ...response,
      ...(values ? { rendered: renderCanned(response, values) } : {}),
    })),
  });
}

async function valuesFor(
  item: { customerId: string; queueId: string; agentId?: string | undefined },
  caller: Caller,
  deps: AppDeps,
  agents: AgentsRepo,
): Promise<CannedValues> {
  const [customer, agent] = await Promise.all([
    deps.customers.get(item.customerId),
    // The agent holding the work signs it, also when a supervisor fills it in on their behalf.
    agents.get(item.agentId ?? caller.agentId),
  ]);
  return {
    'customer.firstName': firstName(customer?.name),
    'customer.name': customer?.name,
    'agent.name': agent?.name,
    'queue.name': item.queueId,
  };
}

async function save(
  event: APIGatewayProxyEventV2,
  deps: AppDeps,
  responses: CannedResponsesRepo,
): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const responseId = parseWith(ResponseIdSchema, pathParameter(event, 'responseId'), 'responseId');
  const body = parseJsonBody(event, CannedResponseBodySchema);
  const response: CannedResponse = {
    ...body,
    responseId,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: caller.agentId,
  };
  await responses.put(response);
  return json(200, { response });
}

async function getOne(event: APIGatewayProxyEventV2, responses: CannedResponsesRepo): Promise<HttpResult> {
  requireCaller(event);
  const responseId = pathParameter(event, 'responseId');
  const response = (await responses.list()).find((r) => r.responseId === responseId);
  if (!response) throw notFound('no such canned response');
  return json(200, { response });
}

async function remove(event: APIGatewayProxyEventV2, responses: CannedResponsesRepo): Promise<HttpResult> {
  requireSupervisor(event);
  const responseId = pathParameter(event, 'responseId');
  if (!(await responses.delete(responseId))) throw notFound('no such canned response');
  return json(200, { responseId, deleted: true });
}
