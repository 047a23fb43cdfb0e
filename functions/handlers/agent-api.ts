import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { MAX_QUERY_LENGTH, queryTerms } from '#core/customer-search.ts';
import { tombstoneView } from '#core/erasure.ts';
import { DomainError, InvalidIdentityError } from '#core/errors.ts';
import { type ExportJob, exportJobView } from '#core/export-job.ts';
import { normalizeIdentity } from '#core/identity.ts';
import { newId } from '#core/ids.ts';
import { type Channel, ChannelSchema, type Customer } from '#core/model.ts';
import type { BlobStore, ExportStarter } from '#core/ports.ts';
import { timelineOwners } from '#core/resolution.ts';
import { type AppDeps, customerEraser, customerSplitter } from '#deps/app.ts';
import { requireCaller, requireSupervisor } from '#http/auth.ts';
import { badRequest, notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { customerArchive } from '#store/customer-export.ts';
import { CustomerSearch } from '#store/customer-search.ts';
import { customerView } from '#store/customer-view.ts';
import type { ExportJobsRepo } from '#store/export-jobs-repo.ts';

export const TimelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(4096).optional(),
  channel: ChannelSchema.optional(),
});

export const IdentityQuerySchema = z.object({ identity: z.string().min(3).max(512) });
export const CustomerSearchQuerySchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Why a record is erased stays on its tombstone: say it in the body or the query. */
const EraseRequestSchema = z.object({ reason: z.string().trim().min(1).max(500) });
export const EraseBodySchema = z.strictObject({ reason: z.unknown().optional() });

/**
 * API Gateway answers at most 6 MB, and a binary body travels as base64: larger records are
 * refused with 413 rather than cut short.
 */
const MAX_EXPORT_BYTES = 4 * 1024 * 1024;

export const MergeBodySchema = z.strictObject({
  /** The customer to absorb into the one in the path. */
  customerId: z.string().trim().min(1).max(128),
  reason: z.string().trim().min(1).max(500).optional(),
});

/**
 * The agent side's customer API: who a customer is, everything they said on any channel, and
 * merging two records an agent knows are one person.
 */
/** What the agent API needs besides the common parts: stored files, and export jobs where set up. */
export type AgentApiDeps = AppDeps & {
  blobs?: BlobStore | undefined;
  exports?: { jobs: ExportJobsRepo; starter: ExportStarter } | undefined;
};

export function makeHandler(deps: AgentApiDeps) {
  return httpHandler(
    logger,
    routeByKey({
      'GET /customers': (event) => findCustomer(event, deps),
      'GET /customers/search': (event) => searchCustomers(event, deps),
      'GET /customers/{customerId}': (event) => getCustomer(event, deps),
      'GET /customers/{customerId}/timeline': (event) => getTimeline(event, deps),
      'POST /customers/{customerId}/merge': (event) => mergeCustomers(event, deps),
      'POST /customers/{customerId}/unmerge': (event) => unmergeCustomer(event, deps),
      'DELETE /customers/{customerId}': (event) => eraseCustomer(event, deps),
      'GET /customers/{customerId}/export': (event) => exportCustomer(event, deps),
      'POST /customers/{customerId}/exports': (event) => startExport(event, deps),
      'GET /customers/{customerId}/exports/{jobId}': (event) => getExport(event, deps),
      'GET /customers/{customerId}/exports/{jobId}/archive': (event) => downloadExport(event, deps),
    }),
    deps.audit,
  );
}

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

/** Customers an agent finds by the start of a name, an address, a number or any identity. */
async function searchCustomers(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  requireCaller(event);
  const { q, limit } = parseWith(CustomerSearchQuerySchema, event.queryStringParameters ?? {}, '');
  const terms = queryTerms(q, deps.config.defaultCountry);
  const customers = await new CustomerSearch(deps.table, deps.customers).find(terms, limit);
  return json(200, {
    customers: customers.map(({ customerId, name, identities, lastConversationId }) => ({
      customerId,
      name,
      identities,
      lastConversationId,
    })),
  });
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
  const result = await customerSplitter(deps).unmerge(survivorId, absorbedId, {
    agentId: caller.agentId,
    reason,
  });
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
 * Only a supervisor may erase a record, with a reason the tombstone keeps. The request starts
 * (or finds) the erasure job and hands it to the ingest queue, which carries it out in slices:
 * 202 with the job while it runs, 200 with the tombstone once it is done.
 */
async function eraseCustomer(event: APIGatewayProxyEventV2, deps: AppDeps): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const customerId = pathParameter(event, 'customerId');
  const body = parseJsonBody(event, EraseBodySchema);
  const { reason } = parseWith(
    EraseRequestSchema,
    { reason: body.reason ?? event.queryStringParameters?.reason },
    '',
  );
  // Starting a job writes nothing but the job itself, which only the queue acts on.
  const job = await customerEraser(deps).start(customerId, { agentId: caller.agentId, reason });
  if (!job) throw notFound('no such customer');
  if (job.phase === 'done') return json(200, { erasure: tombstoneView(job) });
  await deps.ingestQueue.send({ type: 'erase', customerId: job.customerId });
  return json(202, { erasure: tombstoneView(job) });
}

/**
 * Everything held about a customer as one ZIP (docs/compliance.md). Supervisors only; the access
 * audit records every export, naming who took it.
 */
async function exportCustomer(event: APIGatewayProxyEventV2, deps: AgentApiDeps): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const customer = await deps.customers.get(pathParameter(event, 'customerId'));
  if (!customer) throw notFound('no such customer');
  const archive = await customerArchive(deps, customer, {
    exportedBy: caller.agentId,
    exportedAt: deps.clock.now().toISOString(),
  });
  if (archive.length > MAX_EXPORT_BYTES)
    throw new DomainError(
      'export_too_large',
      `the export is over ${MAX_EXPORT_BYTES} bytes: ask for it as a job (POST /customers/{customerId}/exports)`,
      { limit: MAX_EXPORT_BYTES, size: archive.length },
    );
  return zipResult(archive, customer.customerId);
}

function zipResult(archive: Uint8Array, customerId: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="customer-${customerId}.zip"`,
      'cache-control': 'no-store',
    },
    body: Buffer.from(archive).toString('base64'),
    isBase64Encoded: true,
  };
}

/** A record of any size, built in the background: the job answers at once, `pending`. */
async function startExport(event: APIGatewayProxyEventV2, deps: AgentApiDeps): Promise<HttpResult> {
  const caller = requireSupervisor(event);
  const customer = await deps.customers.get(pathParameter(event, 'customerId'));
  if (!customer) throw notFound('no such customer');
  if (!deps.exports) throw new DomainError('exports_not_configured', 'export jobs are not set up here');
  const now = deps.clock.now();
  const job: ExportJob = {
    jobId: newId('exp', now),
    customerId: customer.customerId,
    requestedBy: caller.agentId,
    requestedAt: now.toISOString(),
    status: 'pending',
  };
  await deps.exports.jobs.create(job);
  await deps.exports.starter.start(job.jobId);
  return json(202, { export: exportJobView(job) });
}

async function exportJobOf(event: APIGatewayProxyEventV2, deps: AgentApiDeps): Promise<ExportJob> {
  requireSupervisor(event);
  const job = await deps.exports?.jobs.get(pathParameter(event, 'jobId'));
  // A job is found only under the customer it was asked for.
  if (!job || job.customerId !== pathParameter(event, 'customerId')) throw notFound('no such export');
  return job;
}

async function getExport(event: APIGatewayProxyEventV2, deps: AgentApiDeps): Promise<HttpResult> {
  return json(200, { export: exportJobView(await exportJobOf(event, deps)) });
}

/**
 * The built archive: on AWS a redirect to a signed S3 link valid for five minutes (an archive
 * larger than a response can be); locally the bytes themselves.
 */
async function downloadExport(event: APIGatewayProxyEventV2, deps: AgentApiDeps): Promise<HttpResult> {
  const job = await exportJobOf(event, deps);
  if (job.status !== 'ready' || !job.archiveRef) {
    throw new DomainError('export_not_ready', `the export is ${job.status}`, { status: job.status });
  }
  const filename = `customer-${job.customerId}.zip`;
  const link = await deps.blobs?.downloadUrl?.(job.archiveRef, { filename, seconds: 300 });
  if (link) return { statusCode: 303, headers: { location: link, 'cache-control': 'no-store' } };
  const archive = await deps.blobs?.get(job.archiveRef);
  if (!archive) throw new DomainError('export_expired', 'the archive is no longer kept');
  return zipResult(archive, job.customerId);
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
