import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '#deps/app.ts';
import { makeHandler } from '#handlers/canned-responses.ts';
import type { HttpResult } from '#http/response.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { CannedResponsesRepo } from '#store/canned-responses-repo.ts';
import { keys } from '#store/table.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import { createTestStack } from '../support/local-aws.ts';

const AGENT = { sub: 'ana', 'custom:agentId': 'agent-ana', 'cognito:groups': 'agents' };
const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');

let deps: AppDeps;
let api: ReturnType<typeof makeHandler>;
beforeEach(async () => {
  deps = await createTestStack();
  api = makeHandler(deps);
});

const put = (responseId: string, response: unknown, claims: Record<string, string> = supervisorClaims) =>
  api(
    httpEvent('PUT /canned-responses/{responseId}', {
      pathParameters: { responseId },
      body: response,
      claims,
    }),
    context,
  );
const search = (query: Record<string, string>, claims: Record<string, string> = AGENT) =>
  api(httpEvent('GET /canned-responses', { query, claims }), context).then(body);

describe('canned responses', () => {
  it('lets a supervisor keep one, and refuses an unknown placeholder naming it, keeping nothing', async () => {
    const refused = await put('refund-sent', { title: 'Refund sent', text: 'Hi {{customer.first}}, done.' });
    expect(refused.statusCode).toBe(400);
    expect(body(refused).error).toMatchObject({ field: 'text' });
    expect(body(refused).error.message).toContain('{{customer.first}}');
    expect(await new CannedResponsesRepo(deps.table).list()).toEqual([]);

    const saved = await put('refund-sent', {
      title: 'Refund sent',
      text: 'Hi {{customer.firstName}}, your refund left us today. {{agent.name}}',
      language: 'en',
      shortcut: 'refund',
    });
    expect(saved.statusCode).toBe(200);
    expect(body(saved).response).toMatchObject({
      responseId: 'refund-sent',
      updatedBy: 'test-supervisor',
      queues: [],
    });
  });

  it('is kept and removed by supervisors only, and names a bad id or field', async () => {
    expect((await put('refund-sent', { title: 'x', text: 'y' }, AGENT)).statusCode).toBe(403);
    expect(body(await put('Refund Sent!', { title: 'x', text: 'y' })).error.field).toBe('responseId');
    expect(body(await put('ok', { title: '', text: 'y' })).error.field).toBe('title');
    expect(body(await put('ok', { title: 'x', text: 'y', colour: 'red' })).error.field).toBe('body');
    const remove = (claims: Record<string, string>) =>
      api(
        httpEvent('DELETE /canned-responses/{responseId}', { pathParameters: { responseId: 'ok' }, claims }),
        context,
      );
    expect((await remove(supervisorClaims)).statusCode).toBe(404);
    await put('ok', { title: 'x', text: 'y' });
    expect((await remove(AGENT)).statusCode).toBe(403);
    expect((await remove(supervisorClaims)).statusCode).toBe(200);
    expect(await new CannedResponsesRepo(deps.table).list()).toEqual([]);
  });

  it('finds responses by prefix and shortcut, within the work’s queue, filled in for the work in hand', async () => {
    await put('refund-sent', {
      title: 'Refund sent',
      text: 'Hi {{customer.firstName}}, your refund left us today. {{agent.name}}',
      shortcut: 'refund',
    });
    await put('reembolso', {
      title: 'Reembolso enviado',
      text: 'Hola {{customer.firstName}}.',
      language: 'es',
      shortcut: 'refund-es',
    });
    await put('returns-label', { title: 'Return label', text: 'Here is your label.', queues: ['returns'] });
    await new AgentsRepo(deps.table).create({
      agentId: 'agent-ana',
      name: 'Ana Lima',
      skills: {},
      capacity: { chat: 1 },
      status: 'offline',
      load: {},
    });
    const customer = await deps.customers.resolve(['phone:+14155550100'], {
      at: new Date().toISOString(),
      channel: 'sms',
      name: 'Zoe Muller',
    });

    expect((await search({ q: 'ref' })).responses.map((r: { responseId: string }) => r.responseId)).toEqual([
      'reembolso',
      'refund-sent',
    ]);
    // The shortcut typed exactly comes first; the customer's language next.
    expect((await search({ q: '/refund', lang: 'es' })).responses[0].responseId).toBe('refund-sent');
    expect((await search({ q: 're', lang: 'es' })).responses[0].responseId).toBe('reembolso');
    // Scoped to another queue: not offered on billing work.
    expect((await search({ q: 'label', queueId: 'billing' })).responses).toEqual([]);
    expect((await search({ q: 'label', queueId: 'returns' })).responses).toHaveLength(1);
    expect((await search({ limit: '0' })).error.field).toBe('limit');

    await deps.table.doc.send(
      new PutCommand({
        TableName: deps.table.tableName,
        Item: {
          ...keys.workItem('wi-1'),
          entity: 'workItem',
          workItemId: 'wi-1',
          conversationId: 'conv-1',
          customerId: customer.customerId,
          channel: 'sms',
          queueId: 'billing',
          priority: 5,
          state: 'queued',
          routingStep: 0,
          enqueuedAt: new Date().toISOString(),
          createdFromInteractionId: 'int-1',
        },
      }),
    );
    const filled = await search({ q: 'refund sent', workItemId: 'wi-1' });
    expect(filled.responses[0].rendered).toBe('Hi Zoe, your refund left us today. Ana Lima');
    expect((await search({ workItemId: 'nope' })).error.code).toBe('not_found');
  });
});
