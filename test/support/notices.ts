import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { loadEmailConfig } from '#channels/email/config.ts';
import { type EmailServices, withEmail } from '#channels/email/deps.ts';
import { type NoticeDeps, withNotices } from '#channels/notices/deps.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import type { RoutingEvent } from '#core/routing/index.ts';
import type { SendingDeps } from '#deps/app.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { localClientConfig, localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { type RoutingDeps, withRouting } from '#routing/deps.ts';
import { PartitionMap } from '#routing/partitions.ts';
import { staticSecrets } from '#shared/secrets.ts';
import { loadSurveyConfig, type SurveyConfig } from '#shared/survey-config.ts';
import { FileBlobStore } from '#store/blobs.ts';
import {
  PUBLIC_URL,
  type RecordedRequest,
  SECRETS,
  type StandInReply,
  TWILIO_ACCOUNT_SID,
} from './channels.ts';
import { context, sqsEvent } from './events.ts';
import { createTestStack, sqsEndpoint } from './local-aws.ts';

export const SURVEY_SECRET = 'test-survey-key-0123456789abcdef0123456789';

export type NoticeStack = RoutingDeps &
  SendingDeps & { notices: NoticeDeps; survey: SurveyConfig; email: EmailServices };

/**
 * A test stack with routing (effects carried out as each entry is appended), the Twilio and SES
 * stand-ins as the senders, and the ingest handler's notices: what a queued notice or a survey
 * goes through on the way to a customer.
 */
export async function createNoticeStack(options: {
  twilioUrl: string;
  sesEndpoint: string;
}): Promise<NoticeStack> {
  const base = await createTestStack(
    {
      secrets: staticSecrets(SECRETS),
      channels: {
        publicUrl: PUBLIC_URL,
        meta: { graphUrl: 'http://127.0.0.1:9', graphVersion: 'v23.0' },
        x: { apiUrl: 'http://127.0.0.1:9' },
        twilio: { apiUrl: options.twilioUrl, accountSid: TWILIO_ACCOUNT_SID },
      },
    },
    { providerRetry: { attempts: 2, baseDelayMs: 10, timeoutMs: 5_000 } },
  );
  const sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
  const suffix = randomUUID().slice(0, 8);
  const events = await ensureQueueWithDlq(sqs, `routing-${suffix}`, {
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 5,
    fifo: true,
  });
  const timers = await ensureQueueWithDlq(sqs, `routing-timers-${suffix}`, {
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 5,
  });
  sqs.destroy();
  const routing = withRouting(
    base,
    {
      eventsQueueUrl: events.queueUrl,
      timerQueueUrl: timers.queueUrl,
      partitions: new PartitionMap(`test-${suffix}`),
      engine: {},
    },
    { effects: 'inline' },
  );
  const { email } = withEmail(
    routing,
    { ...loadEmailConfig({}), fromAddress: 'support@northwind.example', fromName: 'Northwind' },
    {
      sesv2: localClientConfig(options.sesEndpoint),
      blobs: new FileBlobStore(mkdtempSync(join(tmpdir(), 'onethread-notices-test-'))),
    },
  );
  const survey = loadSurveyConfig({
    ONETHREAD_SURVEY_SECRET: SURVEY_SECRET,
    ONETHREAD_PUBLIC_URL: PUBLIC_URL,
  });
  return { ...routing, email, survey, notices: withNotices({ ...routing, email }, survey) };
}

/** Runs the ingest handler (with notices) over what is visible on the ingest queue until none is. */
export async function drain(stack: NoticeStack): Promise<number> {
  const ingest = makeIngest(stack);
  let handled = 0;
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.config.ingestQueueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!Messages.length) return handled;
    const result = await ingest(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
    expect(result.batchItemFailures).toEqual([]);
    await stack.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: stack.config.ingestQueueUrl,
        Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    handled += Messages.length;
  }
}

/** Twilio's Messages API: checks the credentials and the form, answers each message its own sid. */
export function twilioMessages(request: RecordedRequest): StandInReply {
  const basic = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  const form = new URLSearchParams(request.body);
  if (request.headers.authorization !== basic)
    return { status: 401, body: { code: 20003, message: 'Authenticate' } };
  if (!form.get('To') || !form.get('From') || !form.get('Body'))
    return { status: 400, body: { code: 21604 } };
  return { status: 201, body: { sid: `SM${randomUUID().replaceAll('-', '')}`, status: 'queued' } };
}

/** An inbound SMS or WhatsApp message through Twilio, as the webhook enqueues it. */
export function twilioInbound(
  channel: 'sms' | 'whatsapp',
  phone: string,
  text: string,
  at: Date,
): IngestMessageInput {
  const address = channel === 'whatsapp' ? `whatsapp:${phone}` : phone;
  return {
    type: 'interaction',
    channel,
    direction: 'inbound',
    providerMessageId: `SM${randomUUID().replaceAll('-', '')}`,
    at: at.toISOString(),
    identities: [`phone:${phone}`],
    text,
    entryPoint: '+12065550100',
    endpoint: {
      provider: 'twilio',
      business: channel === 'whatsapp' ? 'whatsapp:+12065550100' : '+12065550100',
      customer: address,
    },
  };
}

export const QUEUE = {
  queueId: 'general',
  name: 'General',
  steps: [{}],
  serviceLevel: { seconds: 60, target: 0.8 },
};

/** One agent who takes one item of each group at a time: the first customer is served, the rest wait. */
export function floor(): RoutingEvent[] {
  return [
    { type: 'queueUpserted', queue: QUEUE },
    {
      type: 'agentUpserted',
      agent: {
        agentId: 'ana',
        name: 'Ana',
        skills: {},
        capacity: { chat: 1, sms: 1, social: 1, email: 1 },
        status: 'available',
        load: {},
      },
    },
  ];
}
