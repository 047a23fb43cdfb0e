import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, AuditQuerySchema } from '#core/audit.ts';
import { customerEraser } from '#deps/app.ts';
import { makeHandler as makeAgentApi } from '#handlers/agent-api.ts';
import { makeHandler as makeAuditApi } from '#handlers/audit-api.ts';
import { makeHandler as makeCannedResponses } from '#handlers/canned-responses.ts';
import { makeHandler as makeEventsApi } from '#handlers/events-api.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeKnowledgeApi } from '#handlers/knowledge-api.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import type { HttpResult } from '#http/response.ts';
import { AuditLog } from '#store/audit-log.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { chatMessage, context, httpEvent, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';
import { createRoutingTestStack } from '../support/routing-stack.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const asAgent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };
const asSupervisor = { sub: 'sam-sub', 'cognito:username': 'sam', 'cognito:groups': 'agents,supervisors' };
const from = { sourceIp: '127.0.0.1', userAgent: 'vitest' };

describe('access audit', () => {
  let stack: TestStack;
  let api: ReturnType<typeof makeAgentApi>;
  let auditApi: ReturnType<typeof makeAuditApi>;
  let ingest: ReturnType<typeof makeIngest>;

  beforeAll(async () => {
    stack = await createTestStack();
    api = makeAgentApi(stack);
    auditApi = makeAuditApi(stack);
    ingest = makeIngest(stack);
  });

  /** A new customer who wrote once, by chat, a message no audit entry may repeat. */
  async function newCustomer(secret: string) {
    const identity = `email:${randomUUID().slice(0, 8)}@example.org`;
    const result = await ingest(sqsEvent([chatMessage({ identities: [identity], text: secret })]), context);
    expect(result.batchItemFailures).toEqual([]);
    const customer = await stack.customers.findByIdentity(identity);
    if (!customer) throw new Error(`no customer for ${identity}`);
    return { ...customer, identity };
  }

  const call = (
    routeKey: string,
    options: { customerId?: string; body?: unknown; query?: Record<string, string>; claims?: object },
  ) =>
    api(
      httpEvent(routeKey, {
        pathParameters: options.customerId ? { customerId: options.customerId } : undefined,
        body: options.body,
        query: options.query,
        claims: (options.claims ?? asSupervisor) as Record<string, string>,
      }),
      context,
    );

  const readAudit = (query: Record<string, string>, claims: Record<string, string> = asSupervisor) =>
    auditApi(httpEvent('GET /audit', { query, claims }), context);

  async function entriesOf(customerId: string): Promise<AuditEntry[]> {
    const result = await readAudit({ customerId });
    expect(result.statusCode).toBe(200);
    return body(result).entries;
  }

  describe('records each audited action once, with who, what, when and from where', () => {
    const cases = [
      { action: 'customer.read', routeKey: 'GET /customers/{customerId}', claims: asAgent },
      { action: 'customer.read', routeKey: 'GET /customers/{customerId}/timeline', claims: asAgent },
      { action: 'customer.exported', routeKey: 'GET /customers/{customerId}/export', claims: asSupervisor },
      {
        action: 'customer.erasure-requested',
        routeKey: 'DELETE /customers/{customerId}',
        claims: asSupervisor,
        body: { reason: 'the customer asked by letter' },
      },
    ] as const;

    for (const { action, routeKey, claims, ...rest } of cases) {
      it(`${routeKey} → ${action}`, async () => {
        const secret = `my card number is ${randomUUID()}`;
        const customer = await newCustomer(secret);

        const result = await call(routeKey, { customerId: customer.customerId, claims, ...rest });

        expect(result.statusCode).toBeLessThan(300);
        const entries = await entriesOf(customer.customerId);
        expect(entries).toEqual([
          {
            id: expect.stringMatching(/^aud_/),
            at: expect.any(String),
            actor: { agentId: claims['cognito:username'], role: claims === asAgent ? 'agent' : 'supervisor' },
            action,
            customerId: customer.customerId,
            from,
            requestId: expect.any(String),
          },
        ]);
        const stored = JSON.stringify(entries);
        expect(stored).not.toContain(secret);
        expect(stored).not.toContain(customer.identity.slice('email:'.length));
        expect(stored).not.toContain('letter');
      });
    }

    it('GET /customers?identity= → customer.read of the customer found', async () => {
      const customer = await newCustomer('hello');

      const result = await call('GET /customers', {
        query: { identity: customer.identity },
        claims: asAgent,
      });

      expect(result.statusCode).toBe(200);
      const entries = await entriesOf(customer.customerId);
      expect(entries.map((entry) => [entry.action, entry.actor.agentId])).toEqual([['customer.read', 'ana']]);
      expect(JSON.stringify(entries)).not.toContain(customer.identity.slice('email:'.length));
    });

    it('GET /customers/search → customer.read of each customer listed, and none when nobody matched', async () => {
      const [first, second] = [await newCustomer('one'), await newCustomer('two')];
      const firstPrefix = first.identity.slice('email:'.length, 'email:'.length + 8);
      const secondPrefix = second.identity.slice('email:'.length, 'email:'.length + 8);

      for (const q of [firstPrefix, secondPrefix, 'zz-nobody']) {
        expect((await call('GET /customers/search', { query: { q }, claims: asAgent })).statusCode).toBe(200);
      }

      for (const customer of [first, second]) {
        const entries = await entriesOf(customer.customerId);
        expect(entries.map((entry) => [entry.action, entry.actor.agentId])).toEqual([
          ['customer.read', 'ana'],
        ]);
        expect(JSON.stringify(entries)).not.toContain(customer.identity.slice('email:'.length));
      }
    });

    it('merge → customer.merged, naming the survivor and the absorbed customer', async () => {
      const [survivor, absorbed] = [await newCustomer('one'), await newCustomer('two')];

      const result = await call('POST /customers/{customerId}/merge', {
        customerId: survivor.customerId,
        body: { customerId: absorbed.customerId, reason: 'same person, said so on the phone' },
        claims: asAgent,
      });

      expect(result.statusCode).toBe(200);
      const entries = await entriesOf(survivor.customerId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'customer.merged',
        actor: { agentId: 'ana', role: 'agent' },
        customerId: survivor.customerId,
        relatedCustomerId: absorbed.customerId,
        from,
      });
      expect(JSON.stringify(entries)).not.toContain('phone');
    });

    it('unmerge → customer.unmerged, naming both customers', async () => {
      const [survivor, absorbed] = [await newCustomer('one'), await newCustomer('two')];
      const merged = await call('POST /customers/{customerId}/merge', {
        customerId: survivor.customerId,
        body: { customerId: absorbed.customerId },
        claims: asAgent,
      });
      expect(merged.statusCode).toBe(200);

      const result = await call('POST /customers/{customerId}/unmerge', {
        customerId: survivor.customerId,
        body: { customerId: absorbed.customerId },
      });

      expect(result.statusCode).toBe(200);
      const unmerges = (await entriesOf(survivor.customerId)).filter(
        (entry) => entry.action === 'customer.unmerged',
      );
      expect(unmerges).toEqual([
        expect.objectContaining({
          actor: { agentId: 'sam', role: 'supervisor' },
          customerId: survivor.customerId,
          relatedCustomerId: absorbed.customerId,
          from,
        }),
      ]);
    });
  });

  describe('records configuration changes by the resource they change', () => {
    const configEntries = async (agentId: string) =>
      (body(await readAudit({ agentId })).entries as AuditEntry[]).filter(
        (entry) => entry.action === 'config.changed',
      );

    it('PUT and DELETE /canned-responses/{responseId} → config.changed canned-response', async () => {
      const cannedResponses = makeCannedResponses(stack);
      const responseId = `refund-${randomUUID().slice(0, 8)}`;
      const claims = {
        sub: randomUUID(),
        'cognito:username': `sup-${responseId}`,
        'cognito:groups': 'supervisors',
      };
      const text = 'Your refund left us today';
      const event = (routeKey: string, payload?: unknown) =>
        httpEvent(routeKey, { pathParameters: { responseId }, body: payload, claims });

      const saved = await cannedResponses(
        event('PUT /canned-responses/{responseId}', { title: 'Refund', text }),
        context,
      );
      const deleted = await cannedResponses(event('DELETE /canned-responses/{responseId}'), context);

      expect([saved.statusCode, deleted.statusCode]).toEqual([200, 200]);
      const entries = await configEntries(claims['cognito:username']);
      expect(entries.map((entry) => entry.resource)).toEqual([
        { type: 'canned-response', id: responseId },
        { type: 'canned-response', id: responseId },
      ]);
      expect(entries[0]).toMatchObject({ actor: { role: 'supervisor' }, from });
      expect(entries[0]).not.toHaveProperty('customerId');
      expect(JSON.stringify(entries)).not.toContain(text);
    });

    const supervisor = () => ({
      sub: randomUUID(),
      'cognito:username': `sup-${randomUUID().slice(0, 8)}`,
      'cognito:groups': 'supervisors',
    });

    it('PUT, publish and DELETE /kb/articles/{articleId} → config.changed article', async () => {
      const knowledge = {
        languages: ['en'],
        indexCheckMs: 0,
        articleUrl: 'https://shop.example/help/{articleId}',
      };
      const kbBlobs = new FileBlobStore(await mkdtemp(join(tmpdir(), 'onethread-audit-kb-')));
      const kb = makeKnowledgeApi({ ...stack, knowledge, kbBlobs });
      const claims = supervisor();
      const articleId = `returns-${randomUUID().slice(0, 8)}`;
      const event = (routeKey: string, payload?: unknown) =>
        httpEvent(routeKey, { pathParameters: { articleId }, body: payload, claims });
      const draft = { language: 'en', title: 'Returns', body: 'Send it back within 30 days.', tags: [] };

      for (const [routeKey, payload] of [
        ['PUT /kb/articles/{articleId}', draft],
        ['POST /kb/articles/{articleId}/publish', undefined],
        ['DELETE /kb/articles/{articleId}', undefined],
      ] as const) {
        const result = await kb(event(routeKey, payload), context);
        expect(result.statusCode, `${routeKey}: ${result.body}`).toBeLessThan(300);
      }

      const entries = await configEntries(claims['cognito:username']);
      expect(entries.map((entry) => entry.resource)).toEqual(
        Array.from({ length: 3 }, () => ({ type: 'article', id: articleId })),
      );
      expect(JSON.stringify(entries)).not.toContain('30 days');
    });

    it('PUT /queues/{queueId} (with its hours) → config.changed queue', async () => {
      const routing = await createRoutingTestStack();
      const claims = supervisor();
      const queueId = `support-${randomUUID().slice(0, 8)}`;
      const queue = { name: 'Support', steps: [{ skills: {} }], serviceLevel: { seconds: 60, target: 0.8 } };

      const result = await makeRoutingApi(routing)(
        httpEvent('PUT /queues/{queueId}', { pathParameters: { queueId }, body: queue, claims }),
        context,
      );

      expect(result.statusCode, result.body).toBe(200);
      const { entries } = await routing.audit.query(
        AuditQuerySchema.parse({ agentId: claims['cognito:username'] }),
      );
      expect(entries.map((entry) => [entry.action, entry.resource])).toEqual([
        ['config.changed', { type: 'queue', id: queueId }],
      ]);
    });

    it('POST /events/keys → config.changed api-key, naming the key but never its secret', async () => {
      const events = makeEventsApi(stack);
      const claims = {
        sub: randomUUID(),
        'cognito:username': `sup-${randomUUID().slice(0, 8)}`,
        'cognito:groups': 'supervisors',
      };

      const result = await events(
        httpEvent('POST /events/keys', { body: { name: 'Order service', eventTypes: ['order.*'] }, claims }),
        context,
      );

      expect(result.statusCode).toBe(201);
      const { apiKey, secret } = body(result);
      const entries = await configEntries(claims['cognito:username']);
      expect(entries.map((entry) => entry.resource)).toEqual([{ type: 'api-key', id: apiKey.keyId }]);
      expect(JSON.stringify(entries)).not.toContain(secret);
    });
  });

  it("keeps a customer's entries when the customer is erased: they hold opaque ids only", async () => {
    const customer = await newCustomer('please forget me');
    await call('GET /customers/{customerId}', { customerId: customer.customerId, claims: asAgent });
    const erase = await call('DELETE /customers/{customerId}', {
      customerId: customer.customerId,
      body: { reason: 'asked' },
    });
    expect(erase.statusCode).toBe(202);

    const job = await customerEraser(stack).run(customer.customerId);

    expect(job.phase).toBe('done');
    expect((await entriesOf(customer.customerId)).map((entry) => entry.action)).toEqual([
      'customer.erasure-requested',
      'customer.read',
    ]);
  });

  it('records nothing for a refused request', async () => {
    const customer = await newCustomer('hello');

    const refused = await call('GET /customers/{customerId}/export', {
      customerId: customer.customerId,
      claims: asAgent,
    });

    expect(refused.statusCode).toBe(403);
    expect(await entriesOf(customer.customerId)).toEqual([]);
  });

  it('shows no customer data when its audit entry cannot be written', async () => {
    const customer = await newCustomer('hello');
    const unrecorded = makeAgentApi({
      ...stack,
      audit: new AuditLog({ doc: stack.table.doc, tableName: 'no-such-audit-table' }, stack.clock.now),
    });

    const result = await unrecorded(
      httpEvent('GET /customers/{customerId}', {
        pathParameters: { customerId: customer.customerId },
        claims: asAgent,
      }),
      context,
    );

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain(customer.customerId);
  });

  describe('GET /audit', () => {
    const agent = () => ({ sub: randomUUID(), 'cognito:username': `agent-${randomUUID().slice(0, 8)}` });

    it("lists an agent's entries across customers, newest first", async () => {
      const who = agent();
      const [first, second] = [await newCustomer('a'), await newCustomer('b')];
      await call('GET /customers/{customerId}', { customerId: first.customerId, claims: who });
      await call('GET /customers/{customerId}', { customerId: second.customerId, claims: who });

      const result = await readAudit({ agentId: who['cognito:username'] });

      expect(result.statusCode).toBe(200);
      expect(body(result).entries.map((entry: AuditEntry) => entry.customerId)).toEqual([
        second.customerId,
        first.customerId,
      ]);
    });

    it('keeps to the time range asked for, and to the agent when both are given', async () => {
      const [who, other] = [agent(), agent()];
      const customer = await newCustomer('a');
      const times = [new Date('2026-05-01T09:00:00Z'), new Date('2026-05-01T10:00:00Z')];
      const clocked = makeAgentApi({
        ...stack,
        audit: new AuditLog(
          { doc: stack.table.doc, tableName: stack.config.auditTableName as string },
          () => times.shift() ?? new Date(),
        ),
      });
      for (const claims of [other, who])
        await clocked(
          httpEvent('GET /customers/{customerId}', {
            pathParameters: { customerId: customer.customerId },
            claims,
          }),
          context,
        );
      const customerId = customer.customerId;

      const nine = await readAudit({ customerId, from: '2026-05-01T08:30:00Z', to: '2026-05-01T09:00:00Z' });
      const ten = await readAudit({ customerId, from: '2026-05-01T11:30:00+01:30' });
      const before = await readAudit({ customerId, to: '2026-05-01T08:59:59Z' });
      const byAgent = await readAudit({ customerId, agentId: who['cognito:username'] });

      const agentsOf = (result: HttpResult) =>
        body(result).entries.map((entry: AuditEntry) => entry.actor.agentId);
      expect(agentsOf(nine)).toEqual([other['cognito:username']]);
      expect(agentsOf(ten)).toEqual([who['cognito:username']]);
      expect(agentsOf(before)).toEqual([]);
      expect(agentsOf(byAgent)).toEqual([who['cognito:username']]);
    });

    it('pages with the cursor it hands out', async () => {
      const customer = await newCustomer('a');
      for (let read = 0; read < 3; read++)
        await call('GET /customers/{customerId}', { customerId: customer.customerId, claims: asAgent });

      const first = body(await readAudit({ customerId: customer.customerId, limit: '2' }));
      const second = body(
        await readAudit({ customerId: customer.customerId, limit: '2', cursor: first.nextCursor }),
      );

      expect(first.entries).toHaveLength(2);
      expect(second.entries).toHaveLength(1);
      expect(new Set([...first.entries, ...second.entries].map((entry: AuditEntry) => entry.id)).size).toBe(
        3,
      );
    });

    it('is for supervisors only', async () => {
      const result = await readAudit({ agentId: 'ana' }, asAgent);
      expect(result.statusCode).toBe(403);
    });

    it.each([
      [{ agentId: 'ana', from: 'yesterday' }, 'from'],
      [{ agentId: 'ana', from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }, 'to'],
      [{ from: '2026-05-01T00:00:00Z' }, 'customerId'],
      [{ agentId: 'ana', limit: '1000' }, 'limit'],
      [{ agentId: 'ana', cursor: 'not-a-cursor' }, 'cursor'],
    ])('answers 400 naming the field for %o', async (query, field) => {
      const result = await readAudit(query);
      expect(result.statusCode).toBe(400);
      expect(body(result).error.field).toBe(field);
    });
  });
});
