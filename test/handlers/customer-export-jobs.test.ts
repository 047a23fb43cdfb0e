import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeExportBuilder } from '#handlers/customer-exports.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { ExportJobsRepo } from '#store/export-jobs-repo.ts';
import { chatMessage, context, httpEvent, sqsEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';
import { unzip } from '../support/unzip.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const agent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };

describe('customer export jobs', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeAgentApi>;
  let customerId: string;
  /** Builds run as the export function would, but awaited here so the test can read the result. */
  let builds: Promise<void>[];

  const call = (routeKey: string, pathParameters: Record<string, string>, claims = supervisorClaims) =>
    api(httpEvent(routeKey, { pathParameters, claims }), context);

  beforeAll(async () => {
    stack = await createTestStack();
    const blobs = new FileBlobStore(await mkdtemp(join(tmpdir(), 'onethread-export-jobs-')));
    const build = makeExportBuilder({ ...stack, blobs });
    builds = [];
    api = makeAgentApi({
      ...stack,
      blobs,
      exports: {
        jobs: new ExportJobsRepo(stack.table),
        starter: {
          start: async (jobId) => {
            builds.push(build({ jobId }, context));
          },
        },
      },
    });
    await makeIngest(stack)(
      sqsEvent([chatMessage({ identities: ['email:big@example.com'], text: 'Where is my parcel?' })]),
      context,
    );
    customerId = (await stack.customers.findByIdentity('email:big@example.com'))?.customerId as string;
  });

  it('answers at once with a pending job, builds the archive in the background, then lets it be downloaded', async () => {
    const started = await call('POST /customers/{customerId}/exports', { customerId });
    expect(started.statusCode).toBe(202);
    const { export: job } = body(started);
    expect(job).toMatchObject({ customerId, status: 'pending', requestedBy: 'test-supervisor' });
    await Promise.all(builds);

    const done = body(
      await call('GET /customers/{customerId}/exports/{jobId}', { customerId, jobId: job.jobId }),
    );
    expect(done.export).toMatchObject({ jobId: job.jobId, status: 'ready', size: expect.any(Number) });
    expect(done.export).not.toHaveProperty('archiveRef');

    const download = await call('GET /customers/{customerId}/exports/{jobId}/archive', {
      customerId,
      jobId: job.jobId,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers?.['content-disposition']).toBe(
      `attachment; filename="customer-${customerId}.zip"`,
    );
    const files = unzip(Buffer.from(download.body ?? '', 'base64'));
    expect(JSON.parse(files.get('profile.json')?.toString('utf8') ?? '{}')).toMatchObject({ customerId });
    expect(files.get('timeline.json')?.toString('utf8')).toContain('Where is my parcel?');
  });

  it("answers 409 for a job's archive before it is ready, and 404 for a job under another customer", async () => {
    const jobs = new ExportJobsRepo(stack.table);
    await jobs.create({
      jobId: 'exp_pending',
      customerId,
      requestedBy: 'test-supervisor',
      requestedAt: new Date().toISOString(),
      status: 'pending',
    });
    const early = await call('GET /customers/{customerId}/exports/{jobId}/archive', {
      customerId,
      jobId: 'exp_pending',
    });
    expect(early.statusCode).toBe(409);
    expect(body(early).error.code).toBe('export_not_ready');
    const elsewhere = await call('GET /customers/{customerId}/exports/{jobId}', {
      customerId: 'cust_someone_else',
      jobId: 'exp_pending',
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('is for supervisors only', async () => {
    expect((await call('POST /customers/{customerId}/exports', { customerId }, agent)).statusCode).toBe(403);
  });

  it('marks a job failed when its customer was erased meanwhile', async () => {
    const jobs = new ExportJobsRepo(stack.table);
    await jobs.create({
      jobId: 'exp_gone',
      customerId: 'cust_gone',
      requestedBy: 'test-supervisor',
      requestedAt: new Date().toISOString(),
      status: 'pending',
    });
    const blobs = new FileBlobStore(await mkdtemp(join(tmpdir(), 'onethread-export-jobs-')));
    await expect(makeExportBuilder({ ...stack, blobs })({ jobId: 'exp_gone' }, context)).rejects.toThrow(
      /erased/,
    );
    expect(await jobs.get('exp_gone')).toMatchObject({
      status: 'failed',
      failure: expect.stringContaining('erased'),
    });
  });
});
