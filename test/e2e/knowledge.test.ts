import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { localClientConfig } from '#local/emulators.ts';
import { createTableClient, type TableClient } from '#store/dynamo.ts';
import { keys } from '#store/table.ts';

/**
 * The knowledge base on `npm start`, as the chat widget uses it: a supervisor publishes an
 * article; one customer finds it before queueing and needs nobody, another asks for a person.
 */
describe('npm start: articles before anyone waits', () => {
  const token = 'e2e-kb-token';
  const supervisor = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let base: string;
  let platform: ChildPlatform;
  let table: TableClient;

  beforeAll(async () => {
    platform = await startChildPlatform({ ONETHREAD_DEV_TOKEN: token, ONETHREAD_SMTP_PORT: '0' });
    base = platform.url;
    const local = await (await fetch(`${base}/local/metrics`, { headers: supervisor })).json();
    table = createTableClient(local.tableName, localClientConfig(local.dynamodb.endpoint));
    const saved = await fetch(`${base}/kb/articles/reset-password`, {
      method: 'PUT',
      headers: supervisor,
      body: JSON.stringify({
        title: 'Reset your password',
        body: 'On the sign-in page choose *Forgot password* and we email you a reset link.',
        tags: ['account', 'login'],
      }),
    });
    expect(saved.status).toBe(200);
    const published = await fetch(`${base}/kb/articles/reset-password/publish`, {
      method: 'POST',
      headers: supervisor,
    });
    expect(published.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
  }, 30_000);

  async function openChat() {
    const session = await (
      await fetch(`${base}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ana' }),
      })
    ).json();
    const asCustomer = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
    return { session, asCustomer };
  }

  /** What the widget does with a first message: search, then post it held for the answer. */
  async function askFirst(text: string) {
    const chat = await openChat();
    const search = await fetch(
      `${base}/kb/search?${new URLSearchParams({ q: text, lang: 'en', limit: '3' })}`,
    );
    const { results } = await search.json();
    const sent = await fetch(`${base}/chat/sessions/${chat.session.sessionId}/messages`, {
      method: 'POST',
      headers: chat.asCustomer,
      body: JSON.stringify({ text, clientMessageId: 'first', deflection: 'offered' }),
    });
    expect(sent.status).toBe(202);
    const answer = (outcome: string, articleId?: string) =>
      fetch(`${base}/chat/sessions/${chat.session.sessionId}/deflection`, {
        method: 'POST',
        headers: chat.asCustomer,
        body: JSON.stringify({ clientMessageId: 'first', outcome, ...(articleId ? { articleId } : {}) }),
      });
    return { ...chat, results, answer };
  }

  async function firstMessage(customerId: string) {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { items } = await (
        await fetch(`${base}/customers/${customerId}/timeline`, { headers: supervisor })
      ).json();
      if (items?.length) return items[0] as { conversationId: string; at: string; text: string };
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('the message never reached the timeline');
  }

  const conversation = async (conversationId: string) =>
    (
      await table.doc.send(
        new GetCommand({ TableName: table.tableName, Key: keys.conversation(conversationId) }),
      )
    ).Item;

  it('shows the article before queueing; marked helpful, it opens no work item', async () => {
    const chat = await askFirst('I forgot my password, how do I reset it?');
    expect(chat.results[0]).toMatchObject({ articleId: 'reset-password', title: 'Reset your password' });
    const read = await (await fetch(`${base}/kb/published/reset-password`)).json();
    expect(read.html).toContain('<em>Forgot password</em>');

    const answered = await chat.answer('answered', 'reset-password');
    expect(answered.status).toBe(200);
    const message = await firstMessage(chat.session.customerId);
    expect(message.text).toBe('I forgot my password, how do I reset it?');
    // Given the pipeline time to open one, had it been going to.
    await new Promise((done) => setTimeout(done, 1500));
    expect((await conversation(message.conversationId))?.openWorkItemId).toBeUndefined();
  });

  it('queues at once for a person, in the place of the first message', async () => {
    const chat = await askFirst('Reset password link expired');
    expect(chat.results.map((r: { articleId: string }) => r.articleId)).toContain('reset-password');
    expect((await chat.answer('person')).status).toBe(200);
    const message = await firstMessage(chat.session.customerId);
    let workItemId: string | undefined;
    const deadline = Date.now() + 10_000;
    while (!workItemId && Date.now() < deadline) {
      workItemId = (await conversation(message.conversationId))?.openWorkItemId as string | undefined;
      if (!workItemId) await new Promise((done) => setTimeout(done, 100));
    }
    const item = await (await fetch(`${base}/work-items/${workItemId}`, { headers: supervisor })).json();
    expect(item.workItem ?? item).toMatchObject({ enqueuedAt: message.at });
  });
});
