import * as z from 'zod';
import { AgentSchema, WorkItemSchema } from '#core/model.ts';
import { TransferTargetSchema } from '#core/routing/events.ts';
import { OfferSchema } from '#core/routing/offer.ts';
import { QueueSchema } from '#core/routing/queue.ts';
import { AgentWorkItemSchema, QueueStatsSchema } from '#core/routing/views.ts';
import { QueueTemplatesSchema } from '#core/templates.ts';
import {
  AgentBodySchema,
  CompleteBodySchema,
  QueueBodySchema,
  StatusBodySchema,
  TransferNoteSchema,
  WaitingQuerySchema,
} from '#handlers/routing-api.ts';
import type { RouteContract } from './contract.ts';

export const AgentViewSchema = AgentSchema.meta({ id: 'Agent' });
export const WorkItemViewSchema = WorkItemSchema.meta({ id: 'WorkItem' });

/** An offer as an agent's list shows it: the explanation stays on the work item's log. */
export const OfferSummarySchema = OfferSchema.omit({ explanation: true }).meta({ id: 'Offer' });

export const AgentWorkItemViewSchema = AgentWorkItemSchema.meta({ id: 'AgentWorkItem' });

const CsatSchema = z
  .object({ count: z.number().int(), mean: z.number().nullable() })
  .meta({ id: 'CsatFigure' });

/** A queue on the board (queueStats) with today's figures beside it. */
export const QueueStatsViewSchema = QueueStatsSchema.extend({
  answeredToday: z.number().int(),
  abandonedToday: z.number().int(),
  serviceLevelToday: z.number().nullable(),
  deflectedToday: z.number().int(),
  escalatedToday: z.number().int(),
  deflectionRateToday: z.number().nullable(),
  articleUsesToday: z.number().int(),
  csatToday: CsatSchema,
}).meta({ id: 'QueueStats' });

/** A work item no agent has taken yet, as a queue's waiting list shows it. */
export const WaitingItemSchema = WorkItemSchema.pick({
  workItemId: true,
  conversationId: true,
  customerId: true,
  channel: true,
  language: true,
  priority: true,
  routingStep: true,
  agentId: true,
  enqueuedAt: true,
})
  .extend({ state: z.enum(['queued', 'offered']), waitingSeconds: z.number().int() })
  .meta({ id: 'WaitingItem' });

const TemplatesAnswerSchema = z.object({ queueId: z.string() }).extend(QueueTemplatesSchema.shape);
const supervisors = [403] as const;

export const ROUTING_CONTRACTS: Record<string, RouteContract> = {
  'GET /agents': {
    summary: 'Every agent of the floor with status and load (supervisors)',
    responses: {
      200: { description: 'By agent id', schema: z.object({ agents: z.array(AgentViewSchema) }) },
    },
    errors: supervisors,
  },
  'PUT /agents/{agentId}': {
    summary: 'Create or change an agent (supervisors)',
    body: AgentBodySchema,
    responses: { 200: { description: 'The agent as kept', schema: z.object({ agent: AgentViewSchema }) } },
    errors: [403, 409],
  },
  'GET /agents/{agentId}': {
    summary: 'An agent, their satisfaction figure today, and the away reasons of the floor',
    responses: {
      200: {
        description: 'Agents read themselves; supervisors anyone',
        schema: z.object({ agent: AgentViewSchema, csatToday: CsatSchema, awayReasons: z.array(z.string()) }),
      },
    },
    errors: supervisors,
  },
  'PUT /agents/{agentId}/status': {
    summary: "Set an agent's status",
    body: StatusBodySchema,
    responses: {
      200: { description: 'The status as set', schema: StatusBodySchema.extend({ agentId: z.string() }) },
    },
    errors: [403, 409],
  },
  'GET /agents/{agentId}/offers': {
    summary: "The agent's pending offers, oldest first",
    responses: { 200: { description: 'Offers', schema: z.array(OfferSummarySchema) } },
    errors: supervisors,
  },
  'GET /agents/{agentId}/work-items': {
    summary: "The agent's work in hand, longest wait first",
    responses: {
      200: {
        description: 'Offered or assigned',
        schema: z.object({ workItems: z.array(AgentWorkItemViewSchema) }),
      },
    },
    errors: supervisors,
  },
  ...offerAnswers(),
  'GET /work-items/{workItemId}': {
    summary: 'A work item and its routing log',
    responses: {
      200: {
        description: 'The item as the router last projected it',
        schema: z.object({ workItem: WorkItemViewSchema, routingLog: z.array(z.looseObject({})) }),
      },
    },
  },
  'POST /work-items/{workItemId}/complete': {
    summary: 'Complete an item, with its wrap-up',
    body: CompleteBodySchema,
    responses: {
      200: {
        description: 'Wrapped',
        schema: z
          .object({ workItemId: z.string(), state: z.literal('wrapped') })
          .extend(CompleteBodySchema.shape),
      },
    },
    errors: [403, 409],
  },
  ...transfers(),
  'PUT /queues/{queueId}': {
    summary: 'Create or change a queue (supervisors); `queueId` comes from the path',
    body: QueueBodySchema.meta({ description: 'A queue as QueueSchema takes it' }),
    responses: { 200: { description: 'The queue as kept', schema: z.object({ queue: QueueSchema }) } },
    errors: [403, 409],
  },
  'GET /queues': {
    summary: 'Every queue with what it holds now and its figures today',
    responses: {
      200: { description: 'Queues', schema: z.object({ queues: z.array(QueueStatsViewSchema) }) },
    },
  },
  'GET /queues/{queueId}/waiting': {
    summary: 'What a queue holds that no agent has taken yet, in service order (supervisors)',
    query: WaitingQuerySchema,
    responses: {
      200: {
        description: 'One page; `cursor` reads the next',
        schema: z.object({
          queueId: z.string(),
          items: z.array(WaitingItemSchema),
          cursor: z.string().optional(),
        }),
      },
    },
    errors: supervisors,
  },
  'PUT /queues/{queueId}/templates': {
    summary: "A queue's own words for customers, and its survey questions (supervisors)",
    body: QueueTemplatesSchema,
    responses: { 200: { description: 'The set as kept', schema: TemplatesAnswerSchema } },
    errors: supervisors,
  },
  'GET /queues/{queueId}/templates': {
    summary: "A queue's own words for customers, and its survey questions",
    responses: {
      200: { description: 'What the queue sets; the rest are defaults', schema: TemplatesAnswerSchema },
    },
  },
};

function offerAnswers(): Record<string, RouteContract> {
  const answer = (accepted: boolean): RouteContract => ({
    summary: accepted ? 'Accept an offer' : 'Decline an offer',
    responses: {
      200: {
        description: accepted ? 'The item is assigned to the agent' : 'The item is offered on',
        schema: z.object({ offerId: z.string(), accepted: z.literal(accepted) }),
      },
    },
    errors: [403, 409],
  });
  return { 'POST /offers/{offerId}/accept': answer(true), 'POST /offers/{offerId}/decline': answer(false) };
}

function transfers(): Record<string, RouteContract> {
  const moved = {
    202: {
      description: 'Routing takes it on, keeping its wait',
      schema: z.object({ workItemId: z.string(), to: TransferTargetSchema }),
    },
  };
  return {
    'POST /work-items/{workItemId}/transfer': {
      summary: 'Pass an item on to a queue or a named agent, with a note for the next agent',
      body: z.intersection(TransferTargetSchema, TransferNoteSchema),
      responses: moved,
      errors: [403, 409],
    },
    'POST /work-items/{workItemId}/reassign': {
      summary: 'Move any open item to a queue or a named agent (supervisors)',
      body: z.intersection(TransferTargetSchema, TransferNoteSchema),
      responses: moved,
      errors: [403, 409],
    },
  };
}
