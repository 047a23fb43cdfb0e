import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_X_MEDIA_HOSTS, onMediaHost } from '#channels/common/media.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { makeHandler as makeMetaWebhook } from '#handlers/meta-webhook.ts';
import { makeHandler as makeTwilioWebhook } from '#handlers/twilio-webhook.ts';
import { makeHandler as makeXWebhook } from '#handlers/x-webhook.ts';
import { loadConfig } from '#shared/config.ts';
import { LocalAttachmentStorage, sha256Base64 } from '#store/attachment-storage.ts';
import { AttachmentsRepo } from '#store/attachments-repo.ts';
import { FileBlobStore } from '#store/blobs.ts';
import * as channels from '../support/channels.ts';
import {
  fixture,
  SECRETS,
  type StandIn,
  startStandIn,
  TWILIO_ACCOUNT_SID,
  timelineOf,
} from '../support/channels.ts';
import { context, sqsEvent } from '../support/events.ts';
import type { TestStack } from '../support/local-aws.ts';
import { verifyOAuth1 } from '../support/oauth1.ts';

const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
const WEBP = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');

let dir: string;
let storage: LocalAttachmentStorage;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onethread-media-'));
  storage = new LocalAttachmentStorage(new FileBlobStore(dir), { uploadUrl: () => '', secret: 'media-test' });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Moves the webhook's output through the ingest consumer that fetches media. */
const ingest = (stack: TestStack) =>
  channels.drainIngestQueue(stack, makeIngest({ ...stack, attachments: storage }));

describe('WhatsApp Cloud API media', () => {
  const MEDIA: Record<string, { bytes: Buffer; type: string }> = {
    '1264938201746583': { bytes: JPEG, type: 'image/jpeg' },
    '3918274650192837': { bytes: PDF, type: 'application/pdf' },
    '8273619405827364': { bytes: WEBP, type: 'image/webp' },
  };
  let graph: StandIn;
  let stack: TestStack;
  beforeEach(async () => {
    // The Graph API answers a media id with a URL, and that URL with the bytes: both need the token.
    graph = await startStandIn((request) => {
      if (request.headers.authorization !== `Bearer ${SECRETS.META_ACCESS_TOKEN}`) return { status: 401 };
      const lookup = /^\/v23\.0\/(\d+)$/.exec(request.path)?.[1];
      const file = /^\/media\/(\d+)$/.exec(request.path)?.[1];
      const media = MEDIA[lookup ?? file ?? ''];
      if (!media) return { status: 404, body: { error: { message: 'Unsupported get request' } } };
      if (lookup)
        return {
          status: 200,
          body: { url: `${graph.url}/media/${lookup}`, mime_type: media.type, id: lookup },
        };
      return { status: 200, raw: media.bytes, headers: { 'content-type': media.type } };
    });
    stack = await channels.createChannelStack({ graphUrl: graph.url });
  });
  afterEach(() => graph.close());

  it('fetches each media id into the private store after the webhook answered, once', async () => {
    const webhook = makeMetaWebhook(stack);
    const answered = await webhook(channels.signedMetaEvent(fixture('meta', 'whatsapp-media.json')), context);
    expect(answered.statusCode).toBe(200);
    // The webhook itself called nobody.
    expect(graph.requests).toEqual([]);
    expect(await channels.queueDepth(stack)).toBe(3);
    expect(await ingest(stack)).toBe(3);

    const items = await timelineOf(stack, 'phone:+447700900123');
    const attachments = items.flatMap((item) => item.attachments);
    expect(attachments).toHaveLength(3);
    const repo = new AttachmentsRepo(stack.table);
    for (const attachment of attachments) {
      const record = await repo.get(attachment.attachmentId ?? '');
      expect(record).toMatchObject({ state: 'stored', source: 'provider', channel: 'whatsapp' });
      const bytes = Buffer.from((await storage.get(record?.ref ?? '')) ?? []);
      expect(sha256Base64(bytes)).toBe(record?.sha256);
    }
    expect(attachments.find((a) => a.contentType === 'application/pdf')).toMatchObject({
      name: 'Rechnung-48213.pdf',
      kind: 'document',
    });
    expect(graph.requests.map((r) => r.path).sort()).toEqual(
      Object.keys(MEDIA)
        .flatMap((id) => [`/media/${id}`, `/v23.0/${id}`])
        .sort(),
    );

    // A redelivery finds the files fetched before.
    const seen = graph.requests.length;
    await webhook(channels.signedMetaEvent(fixture('meta', 'whatsapp-media.json')), context);
    await ingest(stack);
    expect(graph.requests.length).toBe(seen);
  });

  it('keeps a reference to media the provider refuses, and stores the message all the same', async () => {
    graph.queue({ status: 404, body: { error: { message: 'gone' } } });
    const body = fixture('meta', 'whatsapp-media.json').toString('utf8');
    const one = JSON.parse(body) as { entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> };
    const value = one.entry[0]?.changes[0]?.value;
    if (value) value.messages = value.messages.slice(0, 1);
    expect(
      (await makeMetaWebhook(stack)(channels.signedMetaEvent(JSON.stringify(one)), context)).statusCode,
    ).toBe(200);
    expect(await ingest(stack)).toBe(1);
    const [item] = await timelineOf(stack, 'phone:+447700900123');
    expect(item?.attachments).toEqual([expect.objectContaining({ ref: 'whatsapp-media:1264938201746583' })]);
    expect(item?.attachments[0]?.attachmentId).toBeUndefined();
  });
});

describe('Twilio MMS media', () => {
  let twilio: StandIn;
  let stack: TestStack;
  const basic = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  beforeEach(async () => {
    twilio = await startStandIn((request) => {
      if (request.headers.authorization !== basic) return { status: 401, body: { code: 20003 } };
      if (request.path.endsWith('/Media/ME4d1a7c0b9e8f2d3c5b6a7980e1f2a3b4')) {
        return { status: 200, raw: JPEG, headers: { 'content-type': 'image/jpeg' } };
      }
      if (request.path.endsWith('/Media/ME9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b')) {
        return { status: 200, raw: PDF, headers: { 'content-type': 'application/pdf' } };
      }
      return { status: 404, body: { code: 20404 } };
    });
    stack = await channels.createChannelStack({ twilioApiUrl: twilio.url });
  });
  afterEach(() => twilio.close());

  it('downloads each MediaUrl with the account’s basic auth into the private store', async () => {
    // The real MMS form, its media on the stand-in's host instead of api.twilio.com.
    const form = fixture('twilio', 'mms.txt')
      .toString('utf8')
      .trim()
      .replaceAll(encodeURIComponent('https://api.twilio.com'), encodeURIComponent(twilio.url));
    const answered = await makeTwilioWebhook(stack)(channels.signedTwilioEvent(form), context);
    expect(answered.statusCode).toBe(200);
    expect(twilio.requests).toEqual([]);
    expect(await ingest(stack)).toBe(1);

    const [item] = await timelineOf(stack, 'phone:+14155550100');
    expect(item?.attachments.map((a) => [a.contentType, a.size])).toEqual([
      ['image/jpeg', JPEG.length],
      ['application/pdf', PDF.length],
    ]);
    expect(twilio.requests.every((r) => r.method === 'GET' && r.headers.authorization === basic)).toBe(true);
    const stored = await storage.get(
      (await new AttachmentsRepo(stack.table).get(item?.attachments[1]?.attachmentId ?? ''))?.ref ?? '',
    );
    expect(Buffer.from(stored ?? []).equals(PDF)).toBe(true);
  });

  it('sends the credentials to the account’s own media URLs only', async () => {
    const form = fixture('twilio', 'mms.txt')
      .toString('utf8')
      .trim()
      .replaceAll(
        encodeURIComponent('https://api.twilio.com'),
        encodeURIComponent('https://media.elsewhere.example'),
      );
    await makeTwilioWebhook(stack)(channels.signedTwilioEvent(form), context);
    expect(await ingest(stack)).toBe(1);
    const [item] = await timelineOf(stack, 'phone:+14155550100');
    expect(item?.attachments.every((a) => a.attachmentId === undefined)).toBe(true);
    expect(twilio.requests).toEqual([]);
  });
});

describe('Messenger and Instagram media', () => {
  let cdn: StandIn;
  let stack: TestStack;
  beforeEach(async () => {
    // The CDN serves a signed link to anyone who has it, and nothing else.
    cdn = await startStandIn((request) => {
      if (request.headers.authorization) return { status: 400 };
      if (request.path.startsWith('/v/t1.15752-9/refund-receipt.jpg?oh=')) {
        return { status: 200, raw: JPEG, headers: { 'content-type': 'image/jpeg' } };
      }
      if (request.path.startsWith('/ig_messaging_cdn/?asset_id=')) {
        return { status: 200, raw: PDF, headers: { 'content-type': 'application/pdf' } };
      }
      return { status: 404, body: { error: { message: 'URL signature expired' } } };
    });
    stack = await channels.createChannelStack({ metaMediaHosts: [cdn.url] });
  });
  afterEach(() => cdn.close());

  /** The real deliveries, their CDN links on the stand-in's origin. */
  const messenger = () =>
    fixture('meta', 'messenger-message.json')
      .toString('utf8')
      .replace('https:\\/\\/scontent.xx.fbcdn.net', cdn.url.replaceAll('/', '\\/'));
  const instagramFile = () =>
    fixture('meta', 'instagram-message.json')
      .toString('utf8')
      .replace('"type":"share"', '"type":"file"')
      .replace('https:\\/\\/lookaside.fbsbx.com', cdn.url.replaceAll('/', '\\/'));

  it('fetches a Messenger image into the private store, as stored, once', async () => {
    const webhook = makeMetaWebhook(stack);
    expect((await webhook(channels.signedMetaEvent(messenger()), context)).statusCode).toBe(200);
    expect(cdn.requests).toEqual([]);
    expect(await ingest(stack)).toBe(1);

    const [item] = await timelineOf(stack, 'messenger:7294810365529184');
    const [attachment] = item?.attachments ?? [];
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length, kind: 'image' });
    const record = await new AttachmentsRepo(stack.table).get(attachment?.attachmentId ?? '');
    expect(record).toMatchObject({ state: 'stored', source: 'provider', channel: 'messenger' });
    expect(Buffer.from((await storage.get(record?.ref ?? '')) ?? []).equals(JPEG)).toBe(true);
    expect(cdn.requests.map((r) => [r.method, r.headers.authorization])).toEqual([['GET', undefined]]);

    await webhook(channels.signedMetaEvent(messenger()), context);
    await ingest(stack);
    expect(cdn.requests).toHaveLength(1);
  });

  it('fetches an Instagram file, and leaves shares and stories as links', async () => {
    await makeMetaWebhook(stack)(channels.signedMetaEvent(instagramFile()), context);
    const share = instagramFile().replace('"type":"file"', '"type":"share"');
    await makeMetaWebhook(stack)(
      channels.signedMetaEvent(share.replace('"mid":"', '"mid":"share-')),
      context,
    );
    expect(await ingest(stack)).toBe(2);
    const items = await timelineOf(stack, 'instagram:6471029384756102');
    const file = items.flatMap((item) => item.attachments).find((a) => a.kind === 'file');
    const link = items.flatMap((item) => item.attachments).find((a) => a.kind === 'share');
    expect(file).toMatchObject({ contentType: 'application/pdf', size: PDF.length });
    const record = await new AttachmentsRepo(stack.table).get(file?.attachmentId ?? '');
    expect(record).toMatchObject({ channel: 'instagram', contentType: 'application/pdf' });
    expect(link?.attachmentId).toBeUndefined();
    expect(cdn.requests).toHaveLength(1);
  });

  it('keeps the link of media the CDN refuses, and stores the message all the same', async () => {
    cdn.queue({ status: 403, body: { error: { message: 'URL signature expired' } } });
    await makeMetaWebhook(stack)(channels.signedMetaEvent(messenger()), context);
    expect(await ingest(stack)).toBe(1);
    const [item] = await timelineOf(stack, 'messenger:7294810365529184');
    expect(item?.attachments).toEqual([expect.objectContaining({ kind: 'image' })]);
    expect(item?.attachments[0]?.ref).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v\/t1/);
    expect(item?.attachments[0]?.attachmentId).toBeUndefined();
  });

  it('fails the record while the CDN is down, so the queue retries it', async () => {
    cdn.queue({ status: 503 });
    await makeMetaWebhook(stack)(channels.signedMetaEvent(messenger()), context);
    const bodies = await channels.receiveIngestBodies(stack);
    const consumer = makeIngest({ ...stack, attachments: storage });
    const failed = await consumer(sqsEvent(bodies), context);
    expect(failed.batchItemFailures).toHaveLength(1);
    expect(await stack.customers.findByIdentity('messenger:7294810365529184')).toBeUndefined();
    // The retry finds the CDN back.
    expect((await consumer(sqsEvent(bodies), context)).batchItemFailures).toEqual([]);
    const [item] = await timelineOf(stack, 'messenger:7294810365529184');
    expect(item?.attachments[0]?.attachmentId).toMatch(/^att_/);
  });

  it('calls none but the configured hosts, over https unless an origin is named', async () => {
    const hosts = ['fbcdn.net', 'fbsbx.com'];
    expect(onMediaHost('https://scontent.xx.fbcdn.net/v/a.jpg', hosts)).toBe(true);
    expect(onMediaHost('https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', hosts)).toBe(true);
    expect(onMediaHost('http://scontent.xx.fbcdn.net/v/a.jpg', hosts)).toBe(false);
    expect(onMediaHost('https://fbcdn.net.evil.example/a.jpg', hosts)).toBe(false);
    expect(onMediaHost('https://evilfbcdn.net/a.jpg', hosts)).toBe(false);
    expect(onMediaHost('https://scontent.fbcdn.net:8443/a.jpg', hosts)).toBe(false);
    expect(onMediaHost('https://user@scontent.fbcdn.net/a.jpg', hosts)).toBe(false);
    expect(onMediaHost(`${cdn.url}/a.jpg`, hosts)).toBe(false);
    expect(onMediaHost(`${cdn.url}/a.jpg`, [cdn.url])).toBe(true);
  });

  it('leaves links elsewhere alone', async () => {
    const elsewhere = fixture('meta', 'messenger-message.json')
      .toString('utf8')
      .replace('scontent.xx.fbcdn.net', 'media.elsewhere.example');
    await makeMetaWebhook(stack)(channels.signedMetaEvent(elsewhere), context);
    expect(await ingest(stack)).toBe(1);
    const [item] = await timelineOf(stack, 'messenger:7294810365529184');
    expect(item?.attachments[0]?.attachmentId).toBeUndefined();
    expect(cdn.requests).toEqual([]);
  });
});

describe('X direct-message media', () => {
  const X_USER = {
    consumerKey: SECRETS.X_CONSUMER_KEY,
    consumerSecret: SECRETS.X_CONSUMER_SECRET,
    token: SECRETS.X_OAUTH1_TOKEN,
    tokenSecret: SECRETS.X_OAUTH1_TOKEN_SECRET,
  };
  const PHOTO = '/1.1/ton/data/dm/1899441236502876161/1899441200000000000/Xk3pQ9zL.jpg';
  const CUSTOMER = 'x:1189475012399288320';
  let ton: StandIn;
  let stack: TestStack;
  beforeEach(async () => {
    // ton.twitter.com serves DM media only to a GET the brand account signed with OAuth 1.0a.
    ton = await startStandIn((request) => {
      const url = `${ton.url}${request.path}`;
      const authorization = request.headers.authorization;
      if (!verifyOAuth1({ method: request.method, url, authorization }, X_USER)) {
        return { status: 401, body: { errors: [{ code: 32, message: 'Could not authenticate you.' }] } };
      }
      if (request.method === 'GET' && request.path === PHOTO) {
        return { status: 200, raw: JPEG, headers: { 'content-type': 'image/jpeg' } };
      }
      return { status: 404, body: { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] } };
    });
    stack = await channels.createChannelStack({ xMediaHosts: [ton.url] });
  });
  afterEach(() => ton.close());

  /** The real delivery, its media on the stand-in's origin instead of ton.twitter.com. */
  const dm = () =>
    fixture('x', 'dm.json')
      .toString('utf8')
      .replace('https:\\/\\/ton.twitter.com', ton.url.replaceAll('/', '\\/'));
  const deliver = async (target: TestStack, body = dm()) =>
    expect((await makeXWebhook(target)(channels.signedXEvent(body), context)).statusCode).toBe(200);

  it('fetches a DM photo with an OAuth 1.0a signed GET into the private store, once', async () => {
    await deliver(stack);
    expect(ton.requests).toEqual([]);
    expect(await ingest(stack)).toBe(1);

    const [item] = await timelineOf(stack, CUSTOMER);
    const [attachment] = item?.attachments ?? [];
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length, kind: 'photo' });
    const record = await new AttachmentsRepo(stack.table).get(attachment?.attachmentId ?? '');
    expect(record).toMatchObject({
      state: 'stored',
      source: 'provider',
      channel: 'x',
      contentType: 'image/jpeg',
    });
    expect(Buffer.from((await storage.get(record?.ref ?? '')) ?? []).equals(JPEG)).toBe(true);
    expect(ton.requests.map((r) => [r.method, r.path])).toEqual([['GET', PHOTO]]);
    expect(ton.requests[0]?.headers.authorization).toMatch(
      /^OAuth oauth_consumer_key="test-x-consumer-key", /,
    );

    await deliver(stack);
    await ingest(stack);
    expect(ton.requests).toHaveLength(1);
  });

  it('keeps the reference of media X refuses or no longer has, and stores the message all the same', async () => {
    for (const status of [401, 404]) {
      ton.queue({ status, body: { errors: [{ message: 'no' }] } });
      await deliver(stack, dm().replaceAll('1899441236502876161', `18994412365028761${status}`));
    }
    expect(await ingest(stack)).toBe(2);
    const items = await timelineOf(stack, CUSTOMER);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.attachments).toEqual([expect.objectContaining({ kind: 'photo', contentType: 'image/*' })]);
      expect(item.attachments[0]?.ref).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/1\.1\/ton\/data\/dm\//);
      expect(item.attachments[0]?.attachmentId).toBeUndefined();
    }
    expect(ton.requests).toHaveLength(2);
  });

  it('fails the record while X is down, so the queue retries it', async () => {
    ton.queue({ status: 503 });
    await deliver(stack);
    const bodies = await channels.receiveIngestBodies(stack);
    const consumer = makeIngest({ ...stack, attachments: storage });
    expect((await consumer(sqsEvent(bodies), context)).batchItemFailures).toHaveLength(1);
    expect(await stack.customers.findByIdentity(CUSTOMER)).toBeUndefined();
    expect((await consumer(sqsEvent(bodies), context)).batchItemFailures).toEqual([]);
    const [item] = await timelineOf(stack, CUSTOMER);
    expect(item?.attachments[0]?.attachmentId).toMatch(/^att_/);
  });

  it('keeps the reference, calling nobody, while the OAuth 1.0a credentials are not configured', async () => {
    const { X_OAUTH1_TOKEN: _token, X_OAUTH1_TOKEN_SECRET: _secret, ...rest } = SECRETS;
    const partial = await channels.createChannelStack({ secrets: rest, xMediaHosts: [ton.url] });
    await deliver(partial);
    expect(await ingest(partial)).toBe(1);
    const [item] = await timelineOf(partial, CUSTOMER);
    expect(item?.attachments).toEqual([expect.objectContaining({ kind: 'photo' })]);
    expect(item?.attachments[0]?.attachmentId).toBeUndefined();
    expect(ton.requests).toEqual([]);
  });

  it('signs requests to X’s media hosts only', async () => {
    const elsewhere = fixture('x', 'dm.json')
      .toString('utf8')
      .replace('ton.twitter.com', 'media.elsewhere.example');
    await deliver(stack, elsewhere);
    expect(await ingest(stack)).toBe(1);
    const [item] = await timelineOf(stack, CUSTOMER);
    expect(item?.attachments[0]?.attachmentId).toBeUndefined();
    expect(ton.requests).toEqual([]);
    expect(onMediaHost(`https://ton.twitter.com${PHOTO}`, DEFAULT_X_MEDIA_HOSTS)).toBe(true);
    expect(onMediaHost(`https://ton.twitter.com.evil.example${PHOTO}`, DEFAULT_X_MEDIA_HOSTS)).toBe(false);
    expect(onMediaHost(`http://ton.twitter.com${PHOTO}`, DEFAULT_X_MEDIA_HOSTS)).toBe(false);
  });

  it('takes its hosts from X_MEDIA_HOSTS, and ton.twitter.com without it', () => {
    const hosts = (env: Record<string, string>) =>
      loadConfig({ TABLE_NAME: 't', ...env }).channels.x.mediaHosts;
    expect(hosts({ X_MEDIA_HOSTS: ' ton.twitter.com, http://127.0.0.1:4010 ,' })).toEqual([
      'ton.twitter.com',
      'http://127.0.0.1:4010',
    ]);
    expect(hosts({})).toBeUndefined();
  });
});
