import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import type { Interaction } from '#core/model.ts';
import { customerEraser } from '#deps/app.ts';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { localClientConfig } from '#local/emulators.ts';
import { MemoryMeter } from '#shared/metrics.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { ChatSessionsRepo } from '#store/chat-sessions-repo.ts';
import { CustomersRepo } from '#store/customers-repo.ts';
import { createTableClient, type TableClient } from '#store/dynamo.ts';
import { RetentionMarkers } from '#store/retention-markers.ts';
import { keys } from '#store/table.ts';
import { TimelineRepo } from '#store/timeline-repo.ts';
import { CachedTranslator } from '#store/translation-cache.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { ttlRemovalRecord } from '../support/live.ts';
import { createTestStack, dynamoEndpoint, type TestStack } from '../support/local-aws.ts';

const asAgent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };
const asSupervisor = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents,supervisors' };
const body = (result: { body?: string | undefined }) => JSON.parse(result.body ?? '{}');

/** A table client whose writes start failing after a number of them, as a crash partway would. */
function crashingAfter(tableName: string, writes: number): TableClient {
  const table = createTableClient(tableName, localClientConfig(dynamoEndpoint()));
  let left = writes;
  table.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^(Delete|TransactWrite|Update|Put)/.test(String(context.commandName)) && left-- <= 0)
        throw new Error('the process died');
      return next(args);
    },
    { step: 'initialize', name: 'crash' },
  );
  return table;
}

/** What the ingest queue holds, taken off it. */
async function takeQueued(stack: TestStack): Promise<unknown[]> {
  const { Messages = [] } = await stack.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
  );
  for (const message of Messages)
    await stack.sqs.send(
      new DeleteMessageCommand({
        QueueUrl: stack.config.ingestQueueUrl,
        ReceiptHandle: message.ReceiptHandle,
      }),
    );
  return Messages.map((message) => JSON.parse(message.Body ?? '{}'));
}

async function filesUnder(folder: string): Promise<string[]> {
  const found = await readdir(folder, { recursive: true, withFileTypes: true });
  return found.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('erasing a customer', () => {
  let stack: TestStack;
  let folder: string;
  let blobs: FileBlobStore;
  let api: ReturnType<typeof makeAgentApi>;
  let ingest: ReturnType<typeof makeIngest>;

  beforeAll(async () => {
    stack = await createTestStack({
      language: {
        region: 'us-east-1',
        defaultLanguage: 'es',
        queueLanguages: {},
        translation: { enabled: true, languages: [], agentLanguage: 'en' },
      },
    });
    folder = await mkdtemp(join(tmpdir(), 'onethread-erase-'));
    blobs = new FileBlobStore(folder);
    api = makeAgentApi({ ...stack, blobs });
    ingest = makeIngest({ ...stack, blobs });
  });

  async function say(message: IngestMessageInput) {
    const result = await ingest(sqsEvent([message]), context);
    expect(result.batchItemFailures).toEqual([]);
  }

  async function scanAll(): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await stack.table.doc.send(
        new ScanCommand({ TableName: stack.table.tableName, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  const erase = (customerId: string, options: { body?: unknown; query?: Record<string, string> } = {}) =>
    api(
      httpEvent('DELETE /customers/{customerId}', {
        pathParameters: { customerId },
        claims: asSupervisor,
        ...options,
      }),
      context,
    );

  /** Two records merged into one (an email customer with files, a phone customer with many texts). */
  async function person(tag: string) {
    const email = `email:${tag}@example.org`;
    const phone = `phone:+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const sessionId = `sess-${tag}`;
    const attachment = await blobs.put(`attachments/${tag}/1-scan.pdf`, Buffer.from(`scan of ${tag}`));
    const raw = await blobs.put(
      `raw/${tag}.eml`,
      Buffer.from(`From: ${tag}@example.org\r\n\r\nmy secret ${tag}`),
    );
    await say(
      chatMessage({
        channel: 'email',
        identities: [email],
        profile: { name: `Name ${tag}` },
        text: `Hola, necesito ayuda con la factura ${tag}`,
        subject: `Factura ${tag}`,
        threadKey: `email:<${tag}@example.org>`,
        attachments: [{ ref: attachment, name: 'scan.pdf', contentType: 'application/pdf', size: 10 }],
        email: { rawRef: raw },
      }),
    );
    for (let index = 0; index < 120; index++)
      await say(chatMessage({ channel: 'sms', identities: [phone], text: `sms ${index} from ${tag}` }));
    await new ChatSessionsRepo(stack.table).create({
      sessionId,
      customerId: 'pending',
      tokenHash: 'x',
      createdAt: new Date().toISOString(),
    });
    await say(
      chatMessage({
        identities: [`chat:${sessionId}`, email],
        threadKey: `chat:${sessionId}`,
        text: `chat ${tag}`,
      }),
    );
    const survivor = (await stack.customers.findByIdentity(email)) as NonNullable<
      Awaited<ReturnType<CustomersRepo['findByIdentity']>>
    >;
    const absorbed = await stack.customers.findByIdentity(phone);
    if (!absorbed) throw new Error('no phone customer');
    await stack.customers.mergeByAgent(survivor, absorbed, { agentId: 'ana', channel: 'sms' });
    const [first] = (await stack.timeline.query([survivor.customerId], { limit: 200 })).items.filter(
      (i) => i.channel === 'email',
    );
    const language = first?.language?.code as string;
    const translator = new CachedTranslator(
      { translate: async (text) => `EN(${text})` },
      stack.table,
      new MemoryMeter(),
    );
    await translator.translate(first?.text as string, language, 'en');
    return {
      email,
      phone,
      sessionId,
      survivorId: survivor.customerId,
      absorbedId: absorbed.customerId,
      secrets: [tag, email.slice(6), phone.slice(6), sessionId, `Name ${tag}`],
      files: [attachment, raw],
    };
  }

  it('leaves nothing of the record but a tombstone, even when the first run dies partway', async () => {
    const tag = `erased${randomUUID().slice(0, 6)}`;
    const erased = await person(tag);
    const other = await person(`kept${randomUUID().slice(0, 6)}`);
    const before = await scanAll();
    expect(JSON.stringify(before)).toContain(tag);

    // The absorbed customer's id leads to the survivor: the whole record is erased.
    const started = await erase(erased.absorbedId, { body: { reason: 'customer asked, ticket 4411' } });
    expect(started.statusCode).toBe(202);
    expect(body(started).erasure).toMatchObject({
      customerId: erased.survivorId,
      requestedFor: erased.absorbedId,
      erasedBy: 'sam',
      reason: 'customer asked, ticket 4411',
      phase: 'identities',
    });
    expect(body(started).erasure.identities).toBeUndefined();
    expect(await takeQueued(stack)).toContainEqual({
      type: 'erase',
      customerId: erased.survivorId,
    });

    // The first run dies after 10 writes: in the middle of the timeline.
    const crashing = crashingAfter(stack.table.tableName, 10);
    const dying = customerEraser(
      { ...stack, table: crashing, customers: new CustomersRepo(crashing) },
      blobs,
    );
    await expect(dying.run(erased.survivorId)).rejects.toThrow('the process died');
    const midway = await customerEraser(stack, blobs).job(erased.survivorId);
    expect(midway?.phase).toBe('timeline');
    expect(await new CustomersRepo(stack.table).findByIdentity(erased.email)).toBeUndefined();
    const halfway = await stack.timeline.query([erased.survivorId, erased.absorbedId], { limit: 200 });
    expect(halfway.items.length).toBeGreaterThan(0);

    // The queue delivers the job again; this time it finishes.
    const rerun = await ingest(
      sqsEvent([JSON.stringify({ type: 'erase', customerId: erased.survivorId })]),
      context,
    );
    expect(rerun.batchItemFailures).toEqual([]);

    const after = await scanAll();
    const mentions = after.filter((item) => {
      const text = JSON.stringify(item);
      return (
        erased.secrets.some((secret) => text.includes(secret)) ||
        text.includes(erased.survivorId) ||
        text.includes(erased.absorbedId)
      );
    });
    expect(mentions.map((item) => item.pk)).toEqual([`ERASURE#${erased.survivorId}`]);
    const [tombstone] = mentions;
    expect(Object.keys(tombstone ?? {}).sort()).toEqual(
      [
        'pk',
        'sk',
        'entity',
        'customerId',
        'requestedFor',
        'erasedBy',
        'reason',
        'requestedAt',
        'phase',
        'customerIds',
        'counts',
        'completedAt',
      ].sort(),
    );
    // 1 email + 120 texts + 1 chat message + the merge entry; the chat joined the email's open
    // conversation. Each counted exactly once despite the crash.
    expect(tombstone?.counts).toEqual({
      customers: 2,
      identities: 3,
      interactions: 123,
      conversations: 2,
      workItems: 2,
      chatSessions: 1,
      files: 2,
    });
    expect(
      after.some((item) => String(item.pk).startsWith('TRANSLATION#') && JSON.stringify(item).includes(tag)),
    ).toBe(false);
    expect(after.filter((item) => String(item.pk).startsWith('TRANSLATION#'))).toHaveLength(1);

    // The blob folder keeps only the other customer's files.
    const left = await filesUnder(folder);
    for (const file of left) expect(await readFile(file, 'utf8')).not.toContain(tag);
    expect(left).toHaveLength(other.files.length);
    // The other customer lost nothing.
    expect((await stack.customers.findByIdentity(other.email))?.customerId).toBe(other.survivorId);
    expect(
      (await stack.timeline.query([other.survivorId, other.absorbedId], { limit: 200 })).items,
    ).toHaveLength(123);

    // Erasing again only shows the tombstone; the customer is gone from the API.
    const again = await erase(erased.survivorId, { query: { reason: 'again' } });
    expect(again.statusCode).toBe(200);
    expect(body(again).erasure).toMatchObject({ phase: 'done', reason: 'customer asked, ticket 4411' });
    const gone = await api(
      httpEvent('GET /customers/{customerId}', {
        pathParameters: { customerId: erased.survivorId },
        claims: asAgent,
      }),
      context,
    );
    expect(gone.statusCode).toBe(404);

    // The same person writing again is a new customer.
    await say(chatMessage({ channel: 'sms', identities: [erased.phone], text: 'hello again' }));
    const fresh = await stack.customers.findByIdentity(erased.phone);
    expect(fresh?.customerId).toBeDefined();
    expect([erased.survivorId, erased.absorbedId]).not.toContain(fresh?.customerId);
  });

  it('stops after the page that ends its slice, and the next slice carries on', async () => {
    const record = await person(`sliced${randomUUID().slice(0, 6)}`);
    const eraser = customerEraser(stack, blobs);
    await eraser.start(record.survivorId, { agentId: 'sam', reason: 'asked' });

    const first = await eraser.run(record.survivorId, { until: 0 });

    // One page: the survivor's own entries (its email, the chat and the merge).
    expect(first).toMatchObject({ phase: 'timeline', counts: { interactions: 3 } });
    const last = await eraser.run(record.survivorId);
    expect(last).toMatchObject({ phase: 'done', counts: { interactions: 123, customers: 2 } });
  });

  it('erases entries retention removed: markers, and expired entries with their files', async () => {
    const tag = `expired${randomUUID().slice(0, 6)}`;
    const phone = `phone:+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await say(chatMessage({ channel: 'sms', identities: [phone], text: `sms from ${tag}` }));
    const customerId = (await stack.customers.findByIdentity(phone))?.customerId as string;
    const attachment = await blobs.put(`attachments/${tag}/1-scan.pdf`, Buffer.from(`scan of ${tag}`));
    const keptADay = new TimelineRepo(stack.table, { messages: 1 });
    const entry = (id: string, at: string): Interaction => ({
      interactionId: `int_${tag}_${id}`,
      customerId,
      channel: 'email',
      direction: 'inbound',
      kind: 'message',
      at,
      providerMessageId: `<${tag}-${id}@example.org>`,
      text: `secret ${tag}`,
      attachments: [{ ref: attachment, name: 'scan.pdf' }],
      recordedAt: at,
    });
    // One past its expiry but not yet deleted, one the TTL deleted, leaving its marker.
    await keptADay.append(entry('lagging', '2026-04-01T09:00:00.000Z'));
    await keptADay.append(entry('deleted', '2026-04-02T09:00:00.000Z'));
    const key = keys.interaction(`int_${tag}_deleted`);
    const { Item } = await stack.table.doc.send(
      new GetCommand({ TableName: stack.table.tableName, Key: key }),
    );
    await stack.table.doc.send(new DeleteCommand({ TableName: stack.table.tableName, Key: key }));
    await new RetentionMarkers(stack.table).record([ttlRemovalRecord(Item ?? {})]);
    expect(
      (await stack.timeline.query([customerId], { limit: 10 })).items.map((i) => i.removed?.reason),
    ).toEqual([undefined, 'retention', 'retention']);

    const eraser = customerEraser(stack, blobs);
    await eraser.start(customerId, { agentId: 'sam', reason: 'asked' });
    expect(await eraser.run(customerId)).toMatchObject({
      phase: 'done',
      counts: { interactions: 3, files: 1 },
    });
    const left = (await scanAll()).filter((item) => JSON.stringify(item).includes(tag));
    expect(left).toEqual([]);
    expect(await filesUnder(folder)).not.toContainEqual(expect.stringContaining(tag));
  });

  it('refuses agents, a missing reason and unknown customers, writing nothing', async () => {
    const tag = `refused${randomUUID().slice(0, 6)}`;
    await say(chatMessage({ channel: 'sms', identities: ['phone:+14155550177'], text: tag }));
    const customer = await stack.customers.findByIdentity('phone:+14155550177');
    const customerId = customer?.customerId as string;
    const before = (await scanAll()).length;

    const asAgentResult = await api(
      httpEvent('DELETE /customers/{customerId}', {
        pathParameters: { customerId },
        body: { reason: 'because' },
        claims: asAgent,
      }),
      context,
    );
    expect(asAgentResult.statusCode).toBe(403);
    const noReason = await erase(customerId);
    expect(noReason.statusCode).toBe(400);
    expect(body(noReason).error.field).toBe('reason');
    const blank = await erase(customerId, { body: { reason: '   ' } });
    expect(blank.statusCode).toBe(400);
    const unknown = await erase('cust_nobody', { body: { reason: 'asked' } });
    expect(unknown.statusCode).toBe(404);

    expect((await scanAll()).length).toBe(before);
    expect(await takeQueued(stack)).toEqual([]);
  });
});
