import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptInboundEmail } from '#channels/email/inbound.ts';
import { inboundDeps } from '#channels/email/receive.ts';
import type { WorkItem } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeRoutingApi } from '#handlers/routing-api.ts';
import { makeHandler as makeSurveysApi } from '#handlers/surveys-api.ts';
import type { HttpResult } from '#http/response.ts';
import type { Emulator } from '#local/emulators.ts';
import { startSesEmulator } from '#local/ses-emulator.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { SurveysRepo } from '#store/surveys-repo.ts';
import { type StandIn, startStandIn } from '../support/channels.ts';
import { context, httpEvent, supervisorClaims } from '../support/events.ts';
import {
  createNoticeStack,
  drain,
  floor,
  type NoticeStack,
  twilioInbound,
  twilioMessages,
} from '../support/notices.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? '{}');
const AGENT = { sub: 'ana', 'cognito:groups': 'agents' };

interface SentEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: Array<{ name: string; value: string }>;
}

let twilio: StandIn;
let ses: Emulator;
let stack: NoticeStack;
beforeAll(async () => {
  [twilio, ses] = await Promise.all([startStandIn(twilioMessages), startSesEmulator()]);
});
afterAll(() => Promise.all([twilio?.close(), ses?.stop()]));
beforeEach(async () => {
  twilio.requests.length = 0;
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
  stack = await createNoticeStack({ twilioUrl: twilio.url, sesEndpoint: ses.endpoint });
});

/** What Twilio was asked to send to a number. */
const textsTo = (address: string) =>
  twilio.requests
    .map((request) => new URLSearchParams(request.body))
    .filter((form) => form.get('To') === address)
    .map((form) => form.get('Body') ?? '');

async function emailsTo(address: string): Promise<SentEmail[]> {
  const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: SentEmail[] };
  return store.emails.filter((email) => email.destination.to.some((to) => to.includes(address)));
}

const header = (email: SentEmail | undefined, name: string) =>
  email?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** The open work item of each customer, by a verified identity of theirs. */
async function openItem(identity: `${string}:${string}`): Promise<WorkItem> {
  const customer = await stack.customers.findByIdentity(identity as never);
  const conversation = await stack.conversations.get(customer?.lastConversationId ?? '');
  const item = await stack.workItems.get(conversation?.openWorkItemId ?? '');
  if (!item) throw new Error(`no open work item for ${identity}`);
  return item;
}

/** Routes the items; the first takes the one agent, the rest wait. */
async function enqueue(items: WorkItem[]) {
  await stack.routing.dispatch([
    ...floor(),
    ...items.map((item) => ({ type: 'itemEnqueued' as const, item })),
  ]);
}

/** The served item's agent accepts and completes it. */
async function serveAndComplete(item: WorkItem) {
  const offers = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
  const offer = offers.find((o) => o.workItemId === item.workItemId);
  await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
  const routingApi = makeRoutingApi(stack);
  const completed = await routingApi(
    httpEvent('POST /work-items/{workItemId}/complete', {
      pathParameters: { workItemId: item.workItemId },
      claims: AGENT,
      body: {},
    }),
    context,
  );
  expect(completed.statusCode).toBe(200);
}

describe('queue templates', () => {
  it('refuses an unknown placeholder, naming the text, and keeps a valid set', async () => {
    const api = makeRoutingApi(stack);
    const put = (templates: unknown) =>
      api(
        httpEvent('PUT /queues/{queueId}/templates', {
          pathParameters: { queueId: 'general' },
          claims: supervisorClaims,
          body: templates,
        }),
        context,
      );
    const refused = await put({ templates: { queued: { en: 'You are {{place}} in line' } } });
    expect(refused.statusCode).toBe(400);
    expect(body(refused).error.field).toBe('templates.queued.en');
    expect(body(refused).error.message).toContain('{{place}}');

    const saved = await put({
      templates: {
        queued: { en: 'Hi {{customer.firstName}}: #{{position}}, ~{{estimatedWaitMinutes}} min.' },
      },
      surveyQuestions: [{ id: 'resolved', text: { en: 'Was it solved?' }, type: 'yesNo' }],
    });
    expect(saved.statusCode).toBe(200);
    const read = await api(
      httpEvent('GET /queues/{queueId}/templates', { pathParameters: { queueId: 'general' }, claims: AGENT }),
      context,
    );
    expect(body(read).surveyQuestions).toHaveLength(1);
  });
});

describe('queued notices on messaging channels', () => {
  it('texts a waiting SMS customer once, in the queue’s words, however often the request comes', async () => {
    await makeRoutingApi(stack)(
      httpEvent('PUT /queues/{queueId}/templates', {
        pathParameters: { queueId: 'general' },
        claims: supervisorClaims,
        body: { templates: { queued: { en: 'You are #{{position}}, about {{estimatedWaitMinutes}} min.' } } },
      }),
      context,
    );
    const now = new Date();
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550101', 'my order is late', now));
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550102', 'where is my refund', now));
    await drain(stack);
    const [served, waiting] = [await openItem('phone:+14155550101'), await openItem('phone:+14155550102')];
    await enqueue([served, waiting]);
    await drain(stack);

    expect(textsTo('+14155550101')).toEqual([]);
    expect(textsTo('+14155550102')).toEqual([
      'You are #1, about 5 min. Reply CALL and we will call you back instead.',
    ]);
    // A redelivered request (or the follower carrying the entry out again) sends nothing more.
    await stack.ingestQueue.send({ type: 'notice', kind: 'queued', workItemId: waiting.workItemId });
    await drain(stack);
    expect(textsTo('+14155550102')).toHaveLength(1);

    const stored = await stack.workItems.get(waiting.workItemId);
    expect(stored?.queuedNotice?.estimatedWaitSeconds).toBe(300);
    const customer = await stack.customers.findByIdentity('phone:+14155550102');
    const { items } = await stack.timeline.query(timelineOwners(customer as never), { limit: 10 });
    const notice = items.find((entry) => entry.direction === 'outbound');
    expect(notice).toMatchObject({
      channel: 'sms',
      flags: ['automatic'],
      text: expect.stringMatching(/^You are #1/),
    });
    expect(notice?.sentBy).toBeUndefined();
  });

  it('takes a CALL reply as a callback to the proved number, keeping the place in line', async () => {
    const now = new Date();
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550121', 'my order is late', now));
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550122', 'where is my refund', now));
    await drain(stack);
    const [served, waiting] = [await openItem('phone:+14155550121'), await openItem('phone:+14155550122')];
    await enqueue([served, waiting]);
    await drain(stack);
    const reply = twilioInbound('sms', '+14155550122', 'call me', new Date(now.getTime() + 1000));
    await stack.ingestQueue.send(reply);
    await stack.ingestQueue.send(reply);
    await drain(stack);

    const item = await stack.workItems.get(waiting.workItemId);
    expect(item).toMatchObject({
      state: 'queued',
      enqueuedAt: waiting.enqueuedAt,
      callback: { phone: '+14155550122', via: 'sms', trust: 'verified' },
    });
    const conversation = await stack.conversations.get(waiting.conversationId);
    expect(conversation?.openWorkItemId).toBe(waiting.workItemId);
    // The notice, then one answer however often the reply is delivered.
    expect(textsTo('+14155550122')).toEqual([
      expect.stringContaining('Reply CALL'),
      'We will call you back in about 5 minutes; you keep your place in line.',
    ]);
    // The one being served writes CALL too: a message for their agent, no callback.
    const offers = await stack.routing.read((state) => [...state.offers.values()].map((o) => o.offer));
    const offer = offers.find((o) => o.workItemId === served.workItemId);
    await stack.routing.dispatch([{ type: 'offerAccepted', offerId: offer?.offerId as string }]);
    await stack.ingestQueue.send(
      twilioInbound('sms', '+14155550121', 'CALL', new Date(now.getTime() + 2000)),
    );
    await drain(stack);
    expect((await stack.workItems.get(served.workItemId))?.callback).toBeUndefined();
  });

  it('tells a customer who writes outside hours when the queue opens, once, instead of a wait', async () => {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const weekly = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((day) => ({
      day,
      open: '09:00',
      close: '17:00',
    }));
    await new QueueHoursRepo(stack.table).put(
      'general',
      { timeZone: 'UTC', weekly, holidays: [{ date: today, name: 'Closing day' }] },
      now.toISOString(),
    );
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550111', 'my order is late', now));
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550112', 'where is my refund', now));
    await drain(stack);
    const [served, waiting] = [await openItem('phone:+14155550111'), await openItem('phone:+14155550112')];
    await enqueue([served, waiting]);
    await drain(stack);
    await stack.ingestQueue.send({ type: 'notice', kind: 'check', workItemId: waiting.workItemId, round: 6 });
    await drain(stack);

    expect(textsTo('+14155550112')).toEqual([
      'Thanks for your message. We are closed right now and open again tomorrow at 09:00; we will answer you then.',
    ]);
    const stored = await stack.workItems.get(waiting.workItemId);
    const untilOpening = (Date.parse(`${today}T09:00:00Z`) + 86_400_000 - now.getTime()) / 1000;
    expect(stored?.queuedNotice?.estimatedWaitSeconds).toBeCloseTo(untilOpening, -2);
  });

  it('sends on WhatsApp within the 24-hour window only', async () => {
    const now = new Date();
    await stack.ingestQueue.send(twilioInbound('whatsapp', '+14155550201', 'hello', now));
    await stack.ingestQueue.send(
      twilioInbound(
        'whatsapp',
        '+14155550202',
        'hello from yesterday',
        new Date(now.getTime() - 25 * 3_600_000),
      ),
    );
    await stack.ingestQueue.send(twilioInbound('whatsapp', '+14155550203', 'hello too', now));
    await drain(stack);
    const items = [
      await openItem('phone:+14155550201'),
      await openItem('phone:+14155550202'),
      await openItem('phone:+14155550203'),
    ];
    // The first takes the agent; the other two wait, one written yesterday, one now.
    await enqueue(items);
    await drain(stack);
    expect((await stack.workItems.get((items[0] as WorkItem).workItemId))?.state).toBe('offered');
    expect(textsTo('whatsapp:+14155550201')).toEqual([]);
    expect(textsTo('whatsapp:+14155550202')).toEqual([]);
    expect(textsTo('whatsapp:+14155550203')).toHaveLength(1);
    // Second in line: yesterday's customer, told nothing, is still ahead.
    expect(textsTo('whatsapp:+14155550203')[0]).toContain('number 2 in line');
  });

  it('emails a waiting customer in their thread, marked as an automatic reply', async () => {
    for (const [who, id] of [
      ['amy@example.net', 'q1'],
      ['zoe@example.net', 'q2'],
    ] as const) {
      await acceptInboundEmail(inboundDeps(stack as never), {
        providerMessageId: `notice-${id}-${Date.now()}`,
        raw: Buffer.from(
          `From: ${who}\r\nTo: support@northwind.example\r\nSubject: Refund\r\nMessage-ID: <${id}@example.net>\r\n` +
            `Date: ${new Date().toUTCString()}\r\n\r\nWhere is my refund?\r\n`,
        ),
        receivedAt: new Date(),
        envelope: { recipients: ['support@northwind.example'] },
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      });
      await drain(stack);
    }
    const [served, waiting] = [
      await openItem('email:amy@example.net'),
      await openItem('email:zoe@example.net'),
    ];
    await enqueue([served, waiting]);
    await drain(stack);
    const [notice, ...more] = await emailsTo('zoe@example.net');
    expect(more).toEqual([]);
    expect(notice?.subject).toBe('Re: Refund');
    expect(header(notice, 'In-Reply-To')).toBe('<q2@example.net>');
    expect(header(notice, 'Auto-Submitted')).toBe('auto-replied');
    expect(notice?.body.text).toContain('number 1 in line');
    expect(await emailsTo('amy@example.net')).toEqual([]);

    // The survey by email: a signed link to a page; a forged link is refused.
    await serveAndComplete(served);
    await drain(stack);
    const [surveyMail] = await emailsTo('amy@example.net');
    const token = /\/surveys\/([A-Za-z0-9._%-]+)/.exec(surveyMail?.body.text ?? '')?.[1] as string;
    expect(token).toBeTruthy();
    const surveys = makeSurveysApi(stack);
    const page = (method: 'GET' | 'POST', t: string, form?: string) =>
      surveys(
        httpEvent(`${method} /surveys/{token}`, {
          pathParameters: { token: decodeURIComponent(t) },
          rawBody: form,
        }),
        context,
      );
    const form = await page('GET', token);
    expect(form.statusCode).toBe(200);
    expect(form.headers?.['content-type']).toContain('text/html');
    expect(form.body).toContain('name="rating"');
    const forged = `${decodeURIComponent(token).slice(0, -2)}xx`;
    expect((await page('GET', forged)).statusCode).toBe(403);
    expect((await page('POST', forged, 'rating=1')).statusCode).toBe(403);
    const answered = await page('POST', token, 'rating=5&comment=%3Cb%3Equick%3C%2Fb%3E');
    expect(answered.statusCode).toBe(200);
    expect((await page('POST', token, 'rating=1')).statusCode).toBe(200);
    const survey = await new SurveysRepo(stack.table).get(served.workItemId);
    expect(survey?.answer).toMatchObject({ rating: 5, comment: '<b>quick</b>', via: 'page' });
  });
});

describe('satisfaction surveys', () => {
  it('takes an SMS reply "4" as the answer once, opens no work item, and counts it today', async () => {
    const now = new Date();
    await stack.ingestQueue.send(twilioInbound('sms', '+14155550301', 'my order is late', now));
    await drain(stack);
    const item = await openItem('phone:+14155550301');
    await enqueue([item]);
    await serveAndComplete(item);
    await drain(stack);
    expect(textsTo('+14155550301')).toEqual([
      'How did we do? Reply with a number from 1 (poor) to 5 (excellent).',
    ]);

    await stack.ingestQueue.send(twilioInbound('sms', '+14155550301', '4', new Date(Date.now() + 1000)));
    await drain(stack);
    await stack.ingestQueue.send(
      twilioInbound('sms', '+14155550301', '5 actually', new Date(Date.now() + 2000)),
    );
    await drain(stack);

    const stored = await stack.workItems.get(item.workItemId);
    expect(stored?.survey).toMatchObject({ rating: 4, via: 'reply', agentId: 'ana', queueId: 'general' });
    const conversation = await stack.conversations.get(item.conversationId);
    expect(conversation?.openWorkItemId).toBeUndefined();
    // One survey, however often completion is carried out.
    await stack.ingestQueue.send({ type: 'notice', kind: 'survey', workItemId: item.workItemId });
    await drain(stack);
    expect(textsTo('+14155550301')).toHaveLength(1);
    const customer = await stack.customers.findByIdentity('phone:+14155550301');
    const { items } = await stack.timeline.query(timelineOwners(customer as never), { limit: 20 });
    expect(items.filter((entry) => entry.survey)).toHaveLength(1);

    const queues = body(await makeRoutingApi(stack)(httpEvent('GET /queues', { claims: AGENT }), context));
    expect(queues.queues.find((q: { queueId: string }) => q.queueId === 'general').csatToday).toEqual({
      count: 1,
      mean: 4,
    });
    const agent = body(
      await makeRoutingApi(stack)(
        httpEvent('GET /agents/{agentId}', { pathParameters: { agentId: 'ana' }, claims: AGENT }),
        context,
      ),
    );
    expect(agent.csatToday).toEqual({ count: 1, mean: 4 });
  });

  it('shows the survey in the chat as a card whose answer is kept once; the transcript goes to a proved address only', async () => {
    const chat = makeChatApi(stack);
    const opened = body(
      await chat(
        httpEvent('POST /chat/sessions', { body: { name: 'Ana Lima', email: 'claimed@example.com' } }),
        context,
      ),
    );
    const session = { pathParameters: { sessionId: opened.sessionId }, token: opened.token };
    await chat(
      httpEvent('POST /chat/sessions/{sessionId}/messages', {
        ...session,
        body: { text: 'my parcel is lost', clientMessageId: 'm1' },
      }),
      context,
    );
    await drain(stack);
    const item = await openItem(`chat:${opened.sessionId}`);
    await enqueue([item]);
    await serveAndComplete(item);
    await drain(stack);

    const messages = body(await chat(httpEvent('GET /chat/sessions/{sessionId}/messages', session), context));
    const card = messages.messages.find((m: { survey?: unknown }) => m.survey);
    expect(card).toMatchObject({
      direction: 'outbound',
      survey: { workItemId: item.workItemId, questions: [] },
    });

    const surveys = makeSurveysApi(stack);
    const answer = (rating: number) =>
      surveys(
        httpEvent('POST /chat/sessions/{sessionId}/survey', {
          ...session,
          body: { workItemId: item.workItemId, rating, comment: 'kind and quick' },
        }),
        context,
      ).then(body);
    expect(await answer(5)).toMatchObject({ kept: 'this' });
    expect(await answer(2)).toMatchObject({ kept: 'earlier' });
    expect((await stack.workItems.get(item.workItemId))?.survey?.rating).toBe(5);
    const stranger = await surveys(
      httpEvent('POST /chat/sessions/{sessionId}/survey', {
        ...session,
        token: 'nope',
        body: { workItemId: item.workItemId, rating: 1 },
      }),
      context,
    );
    expect(stranger.statusCode).toBe(401);

    // The customer proves one address; the one they only typed never receives the transcript.
    await stack.customers.resolve(
      [
        `chat:${opened.sessionId}`,
        { identity: 'email:ana.lima@example.org', trust: 'verified', evidence: 'chat:email-code' },
      ],
      { at: new Date().toISOString(), channel: 'chat' },
    );
    const transcript = (email: string) =>
      surveys(
        httpEvent('POST /chat/sessions/{sessionId}/transcript', { ...session, body: { email } }),
        context,
      );
    const refused = await transcript('claimed@example.com');
    expect(refused.statusCode).toBe(403);
    expect(await emailsTo('claimed@example.com')).toEqual([]);
    expect((await transcript('ana.lima@example.org')).statusCode).toBe(202);
    const [sent] = await emailsTo('ana.lima@example.org');
    expect(sent?.body.text).toContain('You: my parcel is lost');
    for (let i = 0; i < 2; i++) await transcript('ana.lima@example.org');
    expect((await transcript('ana.lima@example.org')).statusCode).toBe(429);
  });
});
