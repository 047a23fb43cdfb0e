import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { HttpResult } from '#http/response.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';
import { unzip } from '../support/unzip.ts';

const asAgent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };
const asSupervisor = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents,supervisors' };
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

describe('GET /customers/{customerId}/export', () => {
  let stack: TestStack;
  let blobs: FileBlobStore;
  let api: ReturnType<typeof makeAgentApi>;
  let ingest: ReturnType<typeof makeIngest>;

  beforeAll(async () => {
    stack = await createTestStack();
    blobs = new FileBlobStore(await mkdtemp(join(tmpdir(), 'onethread-export-')));
    api = makeAgentApi({ ...stack, blobs });
    ingest = makeIngest({ ...stack, blobs });
  });

  async function say(message: IngestMessageInput) {
    const result = await ingest(sqsEvent([message]), context);
    expect(result.batchItemFailures).toEqual([]);
  }

  const get = (routeKey: string, customerId: string, claims = asSupervisor) =>
    api(httpEvent(routeKey, { pathParameters: { customerId }, claims, query: { limit: '100' } }), context);

  it('holds the profile, identities, whole timeline, conversations and files the API shows', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `email:${tag}@example.org`;
    const phone = `phone:+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const scan = Buffer.from(`%PDF-1.4 scan of ${tag}`);
    const attachment = await blobs.put(`attachments/${tag}/1-scan.pdf`, scan);
    const original = Buffer.from(`From: ${tag}@example.org\r\nSubject: Invoice\r\n\r\nPlease help`);
    const raw = await blobs.put(`raw/${tag}.eml`, original);
    await say(
      chatMessage({
        channel: 'email',
        identities: [email],
        profile: { name: 'Zoë Núñez' },
        text: 'Please help with my invoice',
        attachments: [
          { ref: attachment, name: 'My scan (final).pdf', contentType: 'application/pdf', size: scan.length },
        ],
        email: { rawRef: raw },
      }),
    );
    for (let index = 0; index < 3; index++)
      await say(chatMessage({ channel: 'sms', identities: [phone], text: `sms ${index}` }));
    const [kept, gone] = [
      await stack.customers.findByIdentity(email),
      await stack.customers.findByIdentity(phone),
    ];
    if (!kept || !gone) throw new Error('customers missing');
    await stack.customers.mergeByAgent(kept, gone, { agentId: 'ana', channel: 'sms' });

    const result = await get('GET /customers/{customerId}/export', gone.customerId);

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/zip');
    expect(result.isBase64Encoded).toBe(true);
    const files = unzip(Buffer.from(result.body ?? '', 'base64'));
    const read = (name: string) => JSON.parse(files.get(name)?.toString('utf8') ?? 'null');
    const profile = body(await get('GET /customers/{customerId}', kept.customerId, asAgent)).customer;
    const timeline = body(await get('GET /customers/{customerId}/timeline', kept.customerId, asAgent));
    expect(read('profile.json')).toEqual(profile);
    expect(read('timeline.json')).toEqual(timeline.items);
    expect(read('timeline.json')).toHaveLength(5);
    expect(
      read('identities.json')
        .map((i: { identity: string }) => i.identity)
        .sort(),
    ).toEqual([email, phone].sort());
    expect(read('identities.json').every((i: { customerId?: string }) => i.customerId)).toBe(true);
    const conversationIds = [
      ...new Set(timeline.items.flatMap((i: { conversationId?: string }) => i.conversationId ?? [])),
    ];
    expect(
      read('conversations.json')
        .map((c: { conversationId: string }) => c.conversationId)
        .sort(),
    ).toEqual(conversationIds.sort());
    const manifest = read('manifest.json');
    expect(manifest).toMatchObject({
      format: { name: 'onethread-customer-export', version: 1 },
      customerId: kept.customerId,
      exportedBy: 'sam',
    });
    const emailEntry = timeline.items.find((i: { channel: string }) => i.channel === 'email');
    expect(manifest.files).toEqual([
      {
        path: `files/${emailEntry.interactionId}/1-My_scan_final_.pdf`,
        interactionId: emailEntry.interactionId,
        role: 'attachment',
        name: 'My scan (final).pdf',
        contentType: 'application/pdf',
        included: true,
      },
      {
        path: `files/${emailEntry.interactionId}/original.eml`,
        interactionId: emailEntry.interactionId,
        role: 'email',
        contentType: 'message/rfc822',
        included: true,
      },
    ]);
    expect(files.get(manifest.files[0].path)?.equals(scan)).toBe(true);
    expect(files.get(manifest.files[1].path)?.equals(original)).toBe(true);
  });

  it('is for supervisors only, and answers 404 for an unknown customer, writing nothing', async () => {
    await say(chatMessage({ channel: 'sms', identities: ['phone:+14155550188'], text: 'hi' }));
    const customer = await stack.customers.findByIdentity('phone:+14155550188');
    const scan = () =>
      stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName, Select: 'COUNT' }));
    const before = (await scan()).Count;
    expect(
      (await get('GET /customers/{customerId}/export', customer?.customerId as string, asAgent)).statusCode,
    ).toBe(403);
    expect((await get('GET /customers/{customerId}/export', 'cust_nobody')).statusCode).toBe(404);
    expect((await scan()).Count).toBe(before);
  });

  it('lists an entry retention removed as removed, with none of its text or files', async () => {
    const kept = await createTestStack({ retention: { channels: { email: 1 } } });
    const keptApi = makeAgentApi({ ...kept, blobs });
    const tag = randomUUID().slice(0, 8);
    const attachment = await blobs.put(`attachments/${tag}/1-scan.pdf`, Buffer.from('%PDF-1.4'));
    const message = chatMessage({
      channel: 'email',
      identities: [`email:${tag}@example.org`],
      text: 'my old address',
      attachments: [{ ref: attachment, name: 'scan.pdf' }],
    });
    // Written in May 2026 and kept a day: past its expiry, whether or not the TTL deleted it yet.
    expect((await makeIngest({ ...kept, blobs })(sqsEvent([message]), context)).batchItemFailures).toEqual(
      [],
    );
    const customer = await kept.customers.findByIdentity(`email:${tag}@example.org`);
    const result = await keptApi(
      httpEvent('GET /customers/{customerId}/export', {
        pathParameters: { customerId: customer?.customerId as string },
        claims: asSupervisor,
      }),
      context,
    );
    const files = unzip(Buffer.from(result.body ?? '', 'base64'));
    const read = (name: string) => JSON.parse(files.get(name)?.toString('utf8') ?? 'null');
    const [entry] = read('timeline.json');
    expect(entry).toMatchObject({ channel: 'email', removed: { reason: 'retention' }, attachments: [] });
    expect(entry).not.toHaveProperty('text');
    expect(read('manifest.json').files).toEqual([]);
  });
});
