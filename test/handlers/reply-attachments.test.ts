import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeAttachmentsApi } from '#handlers/attachments-api.ts';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { sha256Base64 } from '#store/attachment-storage.ts';
import {
  type AttachmentGateway,
  type GrantAnswer,
  putGranted,
  startAttachmentGateway,
} from '../support/attachments.ts';
import * as channels from '../support/channels.ts';
import { context } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';

const TOKEN = 'reply-attachments-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

let sendApiCount = 0;
/**
 * The Send API takes a message of text or of one attachment by URL, with the Page token; an
 * attachment message carries nothing else.
 */
function sendApi(request: channels.RecordedRequest): channels.StandInReply {
  if (request.headers.authorization !== `Bearer ${channels.SECRETS.META_PAGE_ACCESS_TOKEN}`) {
    return { status: 401, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
  }
  const { message } = JSON.parse(request.body) as {
    message: { text?: string; attachment?: { type: string; payload: { url: string; is_reusable: boolean } } };
  };
  const attachment = message.attachment;
  const valid = attachment
    ? Object.keys(message).length === 1 &&
      ['image', 'video', 'audio', 'file'].includes(attachment.type) &&
      URL.canParse(attachment.payload.url) &&
      attachment.payload.is_reusable === false
    : typeof message.text === 'string' && message.text.length > 0;
  if (!valid) return { status: 400, body: { error: { message: 'Invalid parameter', code: 100 } } };
  sendApiCount += 1;
  return { status: 200, body: { recipient_id: '7294810365529184', message_id: `m_sent-${sendApiCount}` } };
}

describe('agent replies that carry files', () => {
  let stack: TestStack;
  let graph: channels.StandIn;
  let twilio: channels.StandIn;
  let gateway: AttachmentGateway;
  let base: string;

  beforeAll(async () => {
    const basic = `Basic ${Buffer.from(`${channels.TWILIO_ACCOUNT_SID}:${channels.SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
    // Each stand-in takes a message only in its API's shape: an MMS names its files by MediaUrl,
    // a Cloud API media message by link.
    twilio = await channels.startStandIn((request) => {
      const form = new URLSearchParams(request.body);
      if (request.headers.authorization !== basic) return { status: 401, body: { code: 20003 } };
      if (!form.get('To') || !form.get('Body') || form.getAll('MediaUrl').some((url) => !URL.canParse(url))) {
        return { status: 400, body: { code: 21604 } };
      }
      return { status: 201, body: { sid: 'MMf0e1d2c3b4a5968778695a4b3c2d1e0f', status: 'queued' } };
    });
    graph = await channels.startStandIn((request) => {
      if ((JSON.parse(request.body || '{}') as { recipient?: unknown }).recipient) return sendApi(request);
      if (request.headers.authorization !== `Bearer ${channels.SECRETS.META_ACCESS_TOKEN}`)
        return { status: 401 };
      const body = JSON.parse(request.body || '{}') as { type?: string; image?: { link?: string } };
      if (body.type !== 'image' || !URL.canParse(body.image?.link ?? '')) return { status: 400, body: {} };
      return { status: 200, body: { messages: [{ id: 'wamid.reply-with-image' }] } };
    });
    stack = await channels.createChannelStack({ graphUrl: graph.url, twilioApiUrl: twilio.url });
    gateway = await startAttachmentGateway(TOKEN, (attachments) => ({
      replies: makeReplies({ ...stack, attachments }),
      attachmentsApi: makeAttachmentsApi({ ...stack, attachments }),
    }));
    base = gateway.base;
  });
  afterAll(() => Promise.all([graph.close(), twilio.close(), gateway.close()]));

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function attach(conversationId: string, bytes: Buffer, name: string, contentType: string) {
    const file = { name, contentType, size: bytes.length, sha256: sha256Base64(bytes) };
    const granted = (await (
      await post(`/conversations/${conversationId}/attachments`, file)
    ).json()) as GrantAnswer;
    expect(await putGranted(granted, bytes)).toBe(200);
    return granted.attachmentId;
  }

  async function conversationOf(
    event: ReturnType<typeof channels.webhookEvent>,
    identity: `${string}:${string}`,
  ) {
    const webhook = event.routeKey.includes('twilio') ? makeTwilioWebhook(stack) : makeMetaWebhook(stack);
    expect((await webhook(event, context)).statusCode).toBe(200);
    await channels.drainIngestQueue(stack);
    const [entry] = await channels.timelineOf(stack, identity);
    return entry?.conversationId as string;
  }

  it('sends an MMS whose MediaUrls serve the files as stored, and records them on the reply', async () => {
    const sms = channels.fixture('twilio', 'sms.txt').toString().trim();
    const conversationId = await conversationOf(channels.signedTwilioEvent(sms), 'phone:+14155550100');
    const ids = [
      await attach(conversationId, PNG, 'label.png', 'image/png'),
      await attach(conversationId, PDF, 'r.pdf', 'application/pdf'),
    ];
    const sent = await post(`/conversations/${conversationId}/replies`, {
      channel: 'sms',
      text: 'Your return label and receipt',
      attachmentIds: ids,
    });
    expect(sent.status).toBe(202);
    const urls = new URLSearchParams(twilio.requests.at(-1)?.body).getAll('MediaUrl');
    expect(urls).toHaveLength(2);
    const [image, document] = await Promise.all(urls.map((url) => fetch(url)));
    expect(image?.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await (image as Response).arrayBuffer()).equals(PNG)).toBe(true);
    expect(document?.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(document?.headers.get('x-content-type-options')).toBe('nosniff');

    await channels.drainIngestQueue(stack);
    const outbound = (await channels.timelineOf(stack, 'phone:+14155550100')).find(
      (item) => item.direction === 'outbound',
    );
    expect(outbound?.attachments.map((a) => a.attachmentId)).toEqual(ids);
  });

  it('sends a WhatsApp image by link with the text as its caption, one file at most', async () => {
    const conversationId = await conversationOf(
      channels.signedMetaEvent(channels.fixture('meta', 'whatsapp-text.json')),
      'phone:+447700900123',
    );
    const first = await attach(conversationId, PNG, 'label.png', 'image/png');
    const second = await attach(conversationId, PNG, 'label-2.png', 'image/png');
    const before = graph.requests.length;
    const refused = await post(`/conversations/${conversationId}/replies`, {
      channel: 'whatsapp',
      text: 'Labels',
      attachmentIds: [first, second],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('attachmentIds');
    expect(graph.requests.length).toBe(before);

    const sent = await post(`/conversations/${conversationId}/replies`, {
      channel: 'whatsapp',
      text: 'Your label',
      attachmentIds: [first],
    });
    expect(sent.status).toBe(202);
    const body = JSON.parse(graph.requests.at(-1)?.body ?? '{}') as {
      image: { link: string; caption: string };
    };
    expect(body.image.caption).toBe('Your label');
    expect(Buffer.from(await (await fetch(body.image.link)).arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('sends a Messenger reply as its text, then one Send API message per file', async () => {
    const conversationId = await conversationOf(
      channels.signedMetaEvent(channels.fixture('meta', 'messenger-message.json')),
      'messenger:7294810365529184',
    );
    const ids = [
      await attach(conversationId, PNG, 'label.png', 'image/png'),
      await attach(conversationId, PDF, 'r.pdf', 'application/pdf'),
    ];
    const before = graph.requests.length;
    const sent = await post(`/conversations/${conversationId}/replies`, {
      channel: 'messenger',
      text: 'Your return label and receipt',
      attachmentIds: ids,
    });
    expect(sent.status).toBe(202);
    const requests = graph.requests.slice(before);
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/v23.0/104857392013846/messages'));
    const bodies = requests.map((r) => JSON.parse(r.body));
    expect(bodies[0]).toEqual({
      recipient: { id: '7294810365529184' },
      messaging_type: 'RESPONSE',
      message: { text: 'Your return label and receipt' },
    });
    expect(bodies.slice(1).map((b) => [b.messaging_type, b.message.attachment.type])).toEqual([
      ['RESPONSE', 'image'],
      ['RESPONSE', 'file'],
    ]);
    const files = await Promise.all(bodies.slice(1).map((b) => fetch(b.message.attachment.payload.url)));
    expect(files.map((file) => file.headers.get('content-type'))).toEqual(['image/png', 'application/pdf']);
    expect(Buffer.from(await (files[1] as Response).arrayBuffer()).equals(PDF)).toBe(true);

    const answer = (await sent.json()) as { providerMessageId: string };
    expect(answer.providerMessageId).toBe(`m_sent-${sendApiCount - 2}`);
    await channels.drainIngestQueue(stack);
    const outbound = (await channels.timelineOf(stack, 'messenger:7294810365529184')).find(
      (item) => item.direction === 'outbound',
    );
    expect(outbound).toMatchObject({
      providerMessageId: answer.providerMessageId,
      deliveryStatus: 'accepted',
    });
    expect(outbound?.attachments.map((a) => a.attachmentId)).toEqual(ids);
  });

  it('sends Instagram files the same way, and says which went out when one is refused', async () => {
    const conversationId = await conversationOf(
      channels.signedMetaEvent(channels.fixture('meta', 'instagram-message.json')),
      'instagram:6471029384756102',
    );
    const ids = [
      await attach(conversationId, PNG, 'a.png', 'image/png'),
      await attach(conversationId, PDF, 'b.pdf', 'application/pdf'),
    ];
    const before = graph.requests.length;
    graph.queue(
      { status: 200, body: { recipient_id: '6471029384756102', message_id: 'm_ig-text' } },
      { status: 200, body: { recipient_id: '6471029384756102', message_id: 'm_ig-image' } },
      { status: 400, body: { error: { message: 'The file type is not supported', code: 100 } } },
    );
    const refused = await post(`/conversations/${conversationId}/replies`, {
      channel: 'instagram',
      text: 'Two files',
      attachmentIds: ids,
    });
    expect(refused.status).toBe(422);
    const error = ((await refused.json()) as { error: { message: string } }).error;
    expect(error.message).toContain('the text and 1 of 2 files went out; file 2 of 2');
    const bodies = graph.requests.slice(before).map((r) => JSON.parse(r.body));
    expect(bodies).toHaveLength(3);
    expect(bodies.every((b) => b.messaging_type === undefined && b.recipient.id === '6471029384756102')).toBe(
      true,
    );
    expect(bodies[2].message.attachment).toMatchObject({ type: 'file', payload: { is_reusable: false } });
  });

  it('refuses files on X, naming attachmentIds, and sends nothing', async () => {
    const refused = await post('/conversations/conv_unknown/replies', {
      channel: 'x',
      text: 'A file',
      attachmentIds: ['att_00000000000000000000000000'],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('attachmentIds');
  });
});
