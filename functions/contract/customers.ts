import * as z from 'zod';
import { ApiKeySchema } from '#core/api-keys.ts';
import { AuditEntrySchema, AuditQuerySchema } from '#core/audit.ts';
import { ErasureJobSchema } from '#core/erasure.ts';
import { EventBodySchema, StoreVisitBodySchema } from '#core/event-intake.ts';
import { ExportJobSchema } from '#core/export-job.ts';
import { QueueReportSchema, ReportQuerySchema } from '#core/intervals.ts';
import { ConversationSchema, CustomerSchema, InteractionSchema } from '#core/model.ts';
import {
  CustomerSearchQuerySchema,
  EraseBodySchema,
  IdentityQuerySchema,
  MergeBodySchema,
  TimelineQuerySchema,
} from '#handlers/agent-api.ts';
import { NewKeyBodySchema } from '#handlers/events-api.ts';
import type { RouteContract } from './contract.ts';

/** A customer as the API shows them (customerView): the profile and their latest conversation. */
export const CustomerViewSchema = CustomerSchema.omit({ version: true })
  .extend({
    latestConversation: ConversationSchema.extend({ status: z.enum(['open', 'closed']) }).nullable(),
  })
  .meta({ id: 'Customer' });

const CustomerAnswerSchema = z.object({ customer: CustomerViewSchema });

export const TimelineEntrySchema = InteractionSchema.meta({ id: 'TimelineEntry' });

export const CustomerMatchSchema = CustomerSchema.pick({
  customerId: true,
  name: true,
  identities: true,
  lastConversationId: true,
}).meta({ id: 'CustomerMatch' });

/** The tombstone as the API shows it (tombstoneView). */
const ErasureSchema = ErasureJobSchema.omit({ identities: true, chatSessionIds: true }).meta({
  id: 'Erasure',
});
const ExportSchema = z.object({
  export: ExportJobSchema.omit({ archiveRef: true }).meta({ id: 'ExportJob' }),
});
const ApiKeyViewSchema = ApiKeySchema.omit({ digest: true }).meta({ id: 'ApiKey' });
const zip = { description: 'The whole record as one ZIP', mediaType: 'application/zip' };

export const CUSTOMER_CONTRACTS: Record<string, RouteContract> = {
  'GET /customers': {
    summary: 'The customer with an identity',
    query: IdentityQuerySchema,
    responses: { 200: { description: 'The customer', schema: CustomerAnswerSchema } },
    errors: [404],
  },
  'GET /customers/search': {
    summary: 'Customers whose name or an identity starts with `q`',
    query: CustomerSearchQuerySchema,
    responses: {
      200: {
        description: 'Best matches first',
        schema: z.object({ customers: z.array(CustomerMatchSchema) }),
      },
    },
  },
  'GET /customers/{customerId}': {
    summary: 'A customer',
    responses: {
      200: { description: 'The customer (a merged one reads as its survivor)', schema: CustomerAnswerSchema },
    },
  },
  'GET /customers/{customerId}/timeline': {
    summary: 'Everything the customer said and was told, on every channel, newest first',
    query: TimelineQuerySchema,
    responses: {
      200: {
        description: 'One page; `nextCursor` reads the next',
        schema: z.object({
          customerId: z.string(),
          items: z.array(TimelineEntrySchema),
          nextCursor: z.string().nullable(),
        }),
      },
    },
  },
  'POST /customers/{customerId}/merge': {
    summary: 'Absorb another customer into this one',
    body: MergeBodySchema,
    responses: {
      200: {
        description: '`merged` is false when they already were one',
        schema: z.object({ merged: z.boolean(), customer: CustomerViewSchema }),
      },
    },
    errors: [409],
  },
  'POST /customers/{customerId}/unmerge': {
    summary: 'Split an absorbed customer off again (supervisors)',
    body: MergeBodySchema,
    responses: {
      200: {
        description: 'Both records as they are now',
        schema: z.object({
          unmerged: z.boolean(),
          moved: z.number().int(),
          customer: CustomerViewSchema.nullable(),
          restored: CustomerViewSchema.nullable(),
        }),
      },
    },
    errors: [403, 409],
  },
  'DELETE /customers/{customerId}': {
    summary: 'Erase a customer (supervisors); `reason` in the body or the query',
    query: z.object({ reason: z.string().trim().min(1).max(500).optional() }),
    body: EraseBodySchema,
    bodyOptional: true,
    responses: {
      200: { description: 'Erased: the tombstone', schema: z.object({ erasure: ErasureSchema }) },
      202: { description: 'Erasing: the job as it stands', schema: z.object({ erasure: ErasureSchema }) },
    },
    errors: [403],
  },
  'GET /customers/{customerId}/export': {
    summary: 'Everything held about the customer, as one ZIP (supervisors)',
    responses: { 200: zip },
    errors: [403, 413],
  },
  'POST /customers/{customerId}/exports': {
    summary: 'Build the export of a record of any size in the background (supervisors)',
    responses: { 202: { description: 'The job, pending', schema: ExportSchema } },
    errors: [403],
  },
  'GET /customers/{customerId}/exports/{jobId}': {
    summary: 'An export job (supervisors)',
    responses: { 200: { description: 'The job', schema: ExportSchema } },
    errors: [403],
  },
  'GET /customers/{customerId}/exports/{jobId}/archive': {
    summary: "An export job's archive (supervisors)",
    responses: { 200: zip, 303: { description: 'On AWS: a signed link valid for five minutes' } },
    errors: [403, 409, 410],
  },
  'POST /customers/{customerId}/store-visits': {
    summary: 'Log a visit in store onto the timeline',
    body: StoreVisitBodySchema,
    responses: {
      202: {
        description: 'The entry joins the timeline shortly',
        schema: z.object({ customerId: z.string(), interactionId: z.string() }),
      },
    },
  },
  ...eventContracts(),
  'GET /audit': {
    summary: "The access audit: a customer's entries or an agent's, newest first (supervisors)",
    query: AuditQuerySchema,
    responses: {
      200: {
        description: 'One page; `nextCursor` reads the next',
        schema: z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
      },
    },
    errors: [403],
  },
  'GET /reports/queues': {
    summary: "Queues' and agents' figures per interval over a past range",
    query: ReportQuerySchema,
    responses: { 200: { description: 'Rows per queue and per agent', schema: QueueReportSchema } },
  },
};

function eventContracts(): Record<string, RouteContract> {
  const posted = z.object({ duplicate: z.boolean(), eventId: z.string(), interactionId: z.string() });
  const event = {
    body: EventBodySchema,
    responses: {
      200: { description: 'Already posted: nothing changes', schema: posted },
      202: { description: 'The event joins the timeline shortly', schema: posted },
    },
    errors: [403, 404],
  } satisfies Omit<RouteContract, 'summary'>;
  return {
    'POST /events': {
      summary: 'Post a business event with an API key',
      security: ['eventsApiKey'],
      ...event,
    },
    'POST /events/iam': { summary: 'Post a business event as an AWS principal', ...event },
    'POST /events/keys': {
      summary: 'Issue an events API key (supervisors)',
      body: NewKeyBodySchema,
      responses: {
        201: {
          description: 'The key; `secret` is shown this once',
          schema: z.object({ apiKey: ApiKeyViewSchema, secret: z.string() }),
        },
      },
      errors: [403],
    },
    'GET /events/keys': {
      summary: 'Events API keys (supervisors)',
      responses: {
        200: { description: 'Oldest first', schema: z.object({ apiKeys: z.array(ApiKeyViewSchema) }) },
      },
      errors: [403],
    },
    'DELETE /events/keys/{keyId}': {
      summary: 'Revoke an events API key (supervisors)',
      responses: { 200: { description: 'The revoked key', schema: z.object({ apiKey: ApiKeyViewSchema }) } },
      errors: [403],
    },
  };
}
