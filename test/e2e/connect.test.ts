import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildPlatform, startChildPlatform } from '#local/child-platform.ts';
import { IDENTITY_TOKEN_ENV, signedIdentity } from '../support/identity-token.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CALLER = '+14155550100';

interface TimelineItem {
  channel: string;
  direction: string;
  conversationId: string;
  text?: string;
  call?: {
    state: string;
    queueId?: string;
    agentId?: string;
    durationSeconds?: number;
    disconnectReason?: string;
  };
}

describe('a signed-in customer chats, then calls from the number the company vouched for', () => {
  const token = 'connect-e2e-token';
  let base: string;
  let platform: ChildPlatform;

  beforeAll(async () => {
    platform = await startChildPlatform({
      ONETHREAD_DEV_TOKEN: token,
      ONETHREAD_SMTP_PORT: '0',
      ...IDENTITY_TOKEN_ENV,
    });
    base = platform.url;
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
  }, 30_000);

  const timeline = async (customerId: string): Promise<TimelineItem[]> => {
    const response = await fetch(`${base}/customers/${customerId}/timeline`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await response.json()).items;
  };

  const waitFor = async (customerId: string, done: (items: TimelineItem[]) => boolean) => {
    const deadline = Date.now() + 15_000;
    let items = await timeline(customerId);
    while (!done(items) && Date.now() < deadline) {
      await new Promise((resume) => setTimeout(resume, 150));
      items = await timeline(customerId);
    }
    return items;
  };

  it('names the caller and their open conversation, and puts the call on the same timeline', async () => {
    const session = await (
      await fetch(`${base}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // A number typed into the form is only a claim; the company's signed token vouches for it.
        body: JSON.stringify({
          name: 'Ana Silva',
          identityToken: await signedIdentity({ sub: 'ana-silva', phone: CALLER }),
          topic: 'billing',
        }),
      })
    ).json();
    const sent = await fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ text: 'I was charged twice for order 48213', clientMessageId: 'm1' }),
    });
    expect(sent.status).toBe(202);
    const [chat] = await waitFor(session.customerId, (items) => items.length === 1);
    expect(chat?.channel).toBe('chat');

    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/connect.ts',
        'call',
        '--from',
        CALLER,
        '--queue',
        'billing',
        '--duration',
        '120',
        '--url',
        base,
        '--token',
        token,
      ],
      { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    const answerLine = stdout.split('\n').find((line) => line.includes('contact flow lookup → '));
    const answer = JSON.parse(answerLine?.split('contact flow lookup → ')[1] ?? '{}');
    expect(answer).toMatchObject({
      customerId: session.customerId,
      customerName: 'Ana Silva',
      knownCustomer: 'true',
      openConversationId: chat?.conversationId,
      lastChannel: 'chat',
      lastContactSummary: 'I was charged twice for order 48213',
      priority: '2',
      queueHint: 'billing',
      lookupStatus: 'ok',
    });
    expect(stdout).toContain('contact event DISCONNECTED');

    const items = await waitFor(session.customerId, (all) =>
      all.some((item) => item.channel === 'voice' && item.call?.state === 'ended'),
    );
    const call = items.find((item) => item.channel === 'voice');
    expect(items).toHaveLength(2);
    expect(call).toMatchObject({
      direction: 'inbound',
      conversationId: chat?.conversationId,
      call: {
        state: 'ended',
        queueId: 'billing',
        agentId: 'agent-ana',
        durationSeconds: 165,
        disconnectReason: 'CUSTOMER_DISCONNECT',
      },
    });
  });

  it('hands a chat in a queue delivered by Connect to the local Connect, and closes it when the task ends', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const queue = await fetch(`${base}/queues/returns`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({
        name: 'Returns',
        steps: [{}],
        serviceLevel: { seconds: 60, target: 0.8 },
        delivery: { mode: 'connect', connectQueueId: 'returns-in-connect' },
      }),
    });
    expect(queue.status).toBe(200);
    const session = await (
      await fetch(`${base}/chat/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Rui Costa', email: 'rui@example.com', topic: 'returns' }),
      })
    ).json();
    await fetch(`${base}/chat/sessions/${session.sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ text: 'The sleeve arrived torn', clientMessageId: 'r1' }),
    });
    const eventually = async <T>(read: () => Promise<T | undefined>): Promise<T> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const value = await read();
        if (value !== undefined || Date.now() > deadline) return value as T;
        await new Promise((resume) => setTimeout(resume, 150));
      }
    };
    const task = await eventually(async () => {
      const { contacts } = await (await fetch(`${base}/local/connect/contacts`, { headers: auth })).json();
      return (
        contacts as Array<{ contactId: string; name: string; attributes: Record<string, string> }>
      ).find((contact) => contact.attributes.onethreadCustomerId === session.customerId);
    });
    expect(task).toMatchObject({
      name: 'Chat from Rui Costa',
      attributes: { onethreadChannel: 'chat', onethreadConnectQueueId: 'returns-in-connect' },
    });
    const workItemId = task.attributes.onethreadWorkItemId;
    const workItem = async () =>
      (await (await fetch(`${base}/work-items/${workItemId}`, { headers: auth })).json()).workItem;
    expect(
      await eventually(async () => ((await workItem()).connectContactId ? workItem() : undefined)),
    ).toMatchObject({
      state: 'connect',
      connectContactId: task.contactId,
    });
    const ended = await fetch(`${base}/local/connect/tasks/end`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ contactId: task.contactId }),
    });
    expect(ended.status).toBe(202);
    expect(
      await eventually(async () => ((await workItem()).state === 'wrapped' ? workItem() : undefined)),
    ).toMatchObject({
      state: 'wrapped',
    });
  });

  it('refuses a body that is not JSON on the local Connect routes', async () => {
    for (const path of ['/local/connect/contact-flow', '/local/connect/events']) {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: 'not json',
      });
      expect(response.status).toBe(400);
    }
  });
});
