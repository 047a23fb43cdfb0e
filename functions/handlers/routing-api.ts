import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { DomainError } from '#core/errors.ts';
import { AgentStatusSchema, CapacityGroupSchema, SkillsSchema } from '#core/model.ts';
import {
  QueueSchema,
  type RoutingDecision,
  type RoutingEvent,
  TransferTargetSchema,
} from '#core/routing/index.ts';
import { QueueTemplatesSchema, templateProblems } from '#core/templates.ts';
import { type Caller, requireCaller, requireSupervisor } from '#http/auth.ts';
import { badRequest, notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import { logger } from '#shared/observability.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { kbFigures, queueDay } from '#store/queue-stats.ts';
import { QueueTemplatesRepo } from '#store/queue-templates-repo.ts';
import { SurveysRepo } from '#store/surveys-repo.ts';

export const AgentBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  skills: SkillsSchema.default({}),
  capacity: z.partialRecord(CapacityGroupSchema, z.number().int().min(0).max(50)),
  status: AgentStatusSchema.default('offline'),
  /** Their user id in Amazon Connect (the id at the end of the user's ARN). */
  connectAgentId: z.string().trim().min(1).max(256).optional(),
});
export const StatusBodySchema = z.strictObject({
  status: AgentStatusSchema,
  reason: z.string().min(1).max(64).optional(),
});
export const CompleteBodySchema = z.strictObject({
  wrapUpNote: z.string().trim().max(4000).optional(),
  /** One of the queue's disposition codes. */
  disposition: z.string().trim().min(1).max(64).optional(),
});
/** Beside the target: what the agent passing the item on leaves for the next one. */
export const TransferNoteSchema = z.object({ note: z.string().trim().max(1000).optional() });
export const WaitingQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});
export const QueueBodySchema = z.object({ queueId: z.string().optional() }).passthrough();

/** Agents, queues, offers and work items: the routing engine's commands and views over HTTP. */
export function makeHandler(deps: RoutingDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'GET /agents': (event) => listAgents(event, deps),
      'PUT /agents/{agentId}': (event) => putAgent(event, deps),
      'GET /agents/{agentId}': (event) => getAgent(event, deps),
      'PUT /agents/{agentId}/status': (event) => setStatus(event, deps),
      'GET /agents/{agentId}/offers': (event) => listOffers(event, deps),
      'GET /agents/{agentId}/work-items': (event) => listWork(event, deps),
      'POST /offers/{offerId}/accept': (event) => answerOffer(event, deps, 'offerAccepted'),
      'POST /offers/{offerId}/decline': (event) => answerOffer(event, deps, 'offerDeclined'),
      'POST /work-items/{workItemId}/complete': (event) => complete(event, deps),
      'POST /work-items/{workItemId}/transfer': (event) => transfer(event, deps),
      'POST /work-items/{workItemId}/reassign': (event) => reassign(event, deps),
      'GET /work-items/{workItemId}': (event) => getWorkItem(event, deps),
      'PUT /queues/{queueId}': (event) => putQueue(event, deps),
      'PUT /queues/{queueId}/templates': (event) => putTemplates(event, deps),
      'GET /queues/{queueId}/templates': (event) => getTemplates(event, deps),
      'GET /queues': (event) => listQueues(event, deps),
      'GET /queues/{queueId}/waiting': (event) => listWaiting(event, deps),
    }),
    deps.audit,
  );
}

/** The agent a signed-in user acts as: their own id, unless a supervisor acts for someone. */
function actingAgent(caller: Caller, agentId: string): string {
  if (caller.isSupervisor || caller.agentId === agentId) return agentId;
  throw new DomainError('forbidden', 'agents may only act for themselves');
}

/** Commands the engine refuses become the matching client errors. */
function outcome(decisions: RoutingDecision[], success: number, body: unknown): HttpResult {
  const rejected = decisions.find(
    (d): d is Extract<RoutingDecision, { type: 'rejected' }> => d.type === 'rejected',
  );
  if (!rejected) return json(success, body);
  throw new DomainError(rejected.code, rejected.message, rejected.field ? { field: rejected.field } : {});
}

async function putAgent(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  const agentId = pathParameter(event, 'agentId');
  const body = parseJsonBody(event, AgentBodySchema);
  const existing = await deps.agents.get(agentId);
  const agent = { agentId, ...body, load: existing?.load ?? {}, lastIdleAt: existing?.lastIdleAt };
  await deps.agents.put(agent);
  const routing = deps.routingFor(deps.partitions.ofAgent(agentId)).routing;
  const decisions = await routing.dispatch([{ type: 'agentUpserted', agent }]);
  return outcome(decisions, 200, { agent });
}

/** Every agent of the floor, every partition's, with status and load: the supervisor's floor view. */
async function listAgents(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  const lists = await Promise.all(deps.partitions.all().map((partition) => deps.agents.list(partition)));
  const agents = lists.flat();
  return json(200, { agents: agents.sort((a, b) => a.agentId.localeCompare(b.agentId)) });
}

async function getAgent(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const agentId = actingAgent(requireCaller(event), pathParameter(event, 'agentId'));
  const agent =
    (await deps.agents.seen(deps.partitions.ofAgent(agentId), agentId)) ?? (await deps.agents.get(agentId));
  if (!agent) throw notFound('no such agent');
  const csatToday = await new SurveysRepo(deps.table).today('agent', agentId, deps.clock.now());
  return json(200, { agent, csatToday, awayReasons: deps.awayReasons });
}

async function setStatus(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const agentId = actingAgent(requireCaller(event), pathParameter(event, 'agentId'));
  const { status, reason } = parseJsonBody(event, StatusBodySchema);
  const routing = deps.routingFor(deps.partitions.ofAgent(agentId)).routing;
  const decisions = await routing.dispatch([
    { type: 'agentStatusChanged', agentId, status, ...(reason ? { reason } : {}) },
  ]);
  return outcome(decisions, 200, { agentId, status, ...(reason ? { reason } : {}) });
}

/** The agent's pending offers, oldest first, as the router last projected them. */
async function listOffers(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const agentId = actingAgent(requireCaller(event), pathParameter(event, 'agentId'));
  const desk = await deps.agents.desk(deps.partitions.ofAgent(agentId), agentId);
  return json(200, desk.offers);
}

/** The agent's work in hand, from the same projection as their offers: one read. */
async function listWork(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const agentId = actingAgent(requireCaller(event), pathParameter(event, 'agentId'));
  const desk = await deps.agents.desk(deps.partitions.ofAgent(agentId), agentId);
  return json(200, { workItems: desk.workItems });
}

async function answerOffer(
  event: APIGatewayProxyEventV2,
  deps: RoutingDeps,
  type: 'offerAccepted' | 'offerDeclined',
): Promise<HttpResult> {
  const caller = requireCaller(event);
  const offerId = pathParameter(event, 'offerId');
  const command: RoutingEvent = caller.isSupervisor
    ? { type, offerId }
    : { type, offerId, agentId: caller.agentId };
  const partition = caller.isSupervisor
    ? await partitionOfOffer(deps, offerId)
    : deps.partitions.ofAgent(caller.agentId);
  const decisions = await deps.routingFor(partition).routing.dispatch([command]);
  return outcome(decisions, 200, { offerId, accepted: type === 'offerAccepted' });
}

async function complete(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const caller = requireCaller(event);
  const workItemId = pathParameter(event, 'workItemId');
  const { wrapUpNote, disposition } = parseJsonBody(event, CompleteBodySchema);
  const routing = await routingOfItem(deps, caller, workItemId);
  const decisions = await routing.dispatch([
    { type: 'workCompleted', workItemId, ...(disposition ? { disposition } : {}) },
  ]);
  const result = outcome(decisions, 200, { workItemId, state: 'wrapped', wrapUpNote, disposition });
  if (result.statusCode === 200 && (wrapUpNote || disposition)) {
    await deps.workItems.recordWrapUp(workItemId, {
      ...(wrapUpNote ? { note: wrapUpNote } : {}),
      ...(disposition ? { disposition } : {}),
      by: caller.agentId,
      at: deps.clock.now().toISOString(),
    });
  }
  return result;
}

async function transfer(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  const caller = requireCaller(event);
  const workItemId = pathParameter(event, 'workItemId');
  const to = parseJsonBody(event, TransferTargetSchema);
  const { note } = parseJsonBody(event, TransferNoteSchema);
  const routing = await routingOfItem(deps, caller, workItemId);
  // A partition routes only its own queues and agents; moving work between them is not routing.
  const target = 'queueId' in to ? deps.partitions.ofQueue(to.queueId) : deps.partitions.ofAgent(to.agentId);
  if (target !== routing.partition) {
    const field = 'queueId' in to ? 'queueId' : 'agentId';
    throw new DomainError('other_partition', `${field}: routed by another partition`, { field });
  }
  const decisions = await routing.dispatch([{ type: 'transferRequested', workItemId, to }]);
  // Kept only once the engine took the transfer: `outcome` throws on a refusal.
  const result = outcome(decisions, 202, { workItemId, to });
  if (note) {
    await deps.workItems.addTransferNote(workItemId, {
      note,
      by: caller.agentId,
      at: deps.clock.now().toISOString(),
      to,
    });
  }
  return result;
}

/** A supervisor moves any open item, waiting or held, to a queue or a named agent. */
async function reassign(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  return transfer(event, deps);
}

/**
 * What a queue holds that no agent has taken yet, in service order, with how long each has
 * waited: the work items as the router last projected them, a moment behind its log.
 */
async function listWaiting(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  const queueId = pathParameter(event, 'queueId');
  const page = parseWith(WaitingQuerySchema, event.queryStringParameters ?? {}, '');
  const { items, cursor } = await deps.workItems.waiting(queueId, page);
  const now = deps.clock.now().getTime();
  return json(200, {
    queueId,
    items: items.map((item) => ({
      workItemId: item.workItemId,
      conversationId: item.conversationId,
      customerId: item.customerId,
      channel: item.channel,
      language: item.language,
      priority: item.priority,
      routingStep: item.routingStep,
      state: item.state,
      agentId: item.agentId,
      enqueuedAt: item.enqueuedAt,
      waitingSeconds: Math.max(0, Math.round((now - Date.parse(item.enqueuedAt)) / 1000)),
    })),
    ...(cursor ? { cursor } : {}),
  });
}

/**
 * Only the assigned agent, or a supervisor, may complete or transfer an item. The stored item
 * says who holds it (the router's projection of its log, a moment behind it) and which
 * partition routes it: one read, not a rebuild of the routing state.
 */
async function routingOfItem(deps: RoutingDeps, caller: Caller, workItemId: string) {
  const item = await deps.workItems.get(workItemId);
  if (!caller.isSupervisor && item && item.agentId !== caller.agentId)
    throw new DomainError('forbidden', 'the item is held by another agent');
  return deps.routingFor(item ? deps.partitions.ofQueue(item.queueId) : deps.partitions.home).routing;
}

/** An offer id names its work item (`of_<workItemId>.<time>.<n>`), whose queue names the partition. */
async function partitionOfOffer(deps: RoutingDeps, offerId: string): Promise<string> {
  const workItemId = /^of_(.+)\.[0-9a-z]+\.[0-9a-z]+$/.exec(offerId)?.[1];
  const item = workItemId ? await deps.workItems.get(workItemId) : undefined;
  return item ? deps.partitions.ofQueue(item.queueId) : deps.partitions.home;
}

async function getWorkItem(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireCaller(event);
  const workItemId = pathParameter(event, 'workItemId');
  const stored = await deps.workItems.get(workItemId);
  if (!stored) throw notFound('no such work item');
  return json(200, {
    workItem: stored,
    routingLog: await deps.workItems.routingLog(workItemId),
  });
}

async function putQueue(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  const queueId = pathParameter(event, 'queueId');
  const body = parseJsonBody(event, QueueBodySchema);
  const queue = parseWith(QueueSchema, { ...body, queueId }, '');
  // Work handed to a Connect this deployment cannot reach would wait for no one.
  if (queue.delivery.mode === 'connect' && !deps.connectDelivery) {
    throw new DomainError(
      'connect_not_configured',
      'delivery: Amazon Connect is not configured for this deployment (onethread:connectInstanceArn)',
    );
  }
  const partition = deps.partitions.ofQueue(queueId);
  // Overflow is a step of routing, and a partition routes only its own queues.
  if (queue.overflowQueueId && deps.partitions.ofQueue(queue.overflowQueueId) !== partition) {
    throw badRequest('overflowQueueId', 'overflowQueueId: a queue of another routing partition');
  }
  if (queue.closedOverflowQueueId && deps.partitions.ofQueue(queue.closedOverflowQueueId) !== partition) {
    throw badRequest('closedOverflowQueueId', 'closedOverflowQueueId: a queue of another routing partition');
  }
  const decisions = await deps.routingFor(partition).routing.dispatch([{ type: 'queueUpserted', queue }]);
  // What the edges read to tell customers the queue is closed; routing has its own copy.
  if (!decisions.some((d) => d.type === 'rejected'))
    await new QueueHoursRepo(deps.table).put(queueId, queue.hours, deps.clock.now().toISOString());
  return outcome(decisions, 200, { queue });
}

async function listQueues(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireCaller(event);
  const now = deps.clock.now().getTime();
  const boards = await Promise.all(
    deps.partitions.all().map((partition) => deps.routingFor(partition).queueBoard.read(now)),
  );
  const queues = boards.flat();
  const day = deps.clock.now().toISOString().slice(0, 10);
  const withToday = await Promise.all(
    queues.map(async (queue) => {
      const stats = await queueDay(deps.table, queue.queueId, day);
      const answered = Number(stats?.answered ?? 0);
      const within = Number(stats?.withinTarget ?? 0);
      const abandoned = Number(stats?.abandoned ?? 0);
      const ended = answered + abandoned;
      // Answered within the queue's target over every contact whose wait ended, answered or
      // abandoned (a customer who gave up was not served), and what the knowledge base did for
      // the queue today.
      return {
        ...queue,
        answeredToday: answered,
        abandonedToday: abandoned,
        serviceLevelToday: ended ? within / ended : null,
        ...kbFigures(stats),
        csatToday: await new SurveysRepo(deps.table).today('queue', queue.queueId, deps.clock.now()),
      };
    }),
  );
  return json(200, { queues: withToday });
}

/**
 * The queue's own words for customers: every text is checked before it is kept, and an unknown
 * placeholder is a 400 naming the text that holds it. What the set leaves out comes from the
 * defaults.
 */
async function putTemplates(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireSupervisor(event);
  const queueId = pathParameter(event, 'queueId');
  const set = parseJsonBody(event, QueueTemplatesSchema);
  const [problem] = templateProblems(set);
  if (problem) throw badRequest(problem.field, `${problem.field}: ${problem.message}`);
  await new QueueTemplatesRepo(deps.table).put(queueId, set, deps.clock.now().toISOString());
  return json(200, { queueId, ...set });
}

async function getTemplates(event: APIGatewayProxyEventV2, deps: RoutingDeps): Promise<HttpResult> {
  requireCaller(event);
  const queueId = pathParameter(event, 'queueId');
  const set = await new QueueTemplatesRepo(deps.table).get(queueId);
  return json(200, { queueId, templates: set?.templates ?? {}, surveyQuestions: set?.surveyQuestions ?? [] });
}
