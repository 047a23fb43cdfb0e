import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EmailDeps } from '#channels/email/deps.ts';
import { withNotices } from '#channels/notices/deps.ts';
import type { SendingDeps } from '#deps/app.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { queueDepth } from '#queue/redrive.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import type { FunctionEnv } from '#shared/env-names.ts';
import type { SurveyConfig } from '#shared/survey-config.ts';
import type { LocalAttachmentStorage } from '#store/attachment-storage.ts';
import { arnOf, ensureQueueWithDlq, type QueuePair } from './provision.ts';
import { type Poller, startPoller } from './sqs-poller.ts';

const INGEST_QUEUE = 'onethread-ingest';

export interface IngestConsumerInputs {
  deps: RoutingDeps & SendingDeps;
  email: EmailDeps;
  attachments: LocalAttachmentStorage;
  survey: SurveyConfig;
}

export interface IngestConsumer {
  poller: Poller;
  /** Lets the queue drain (up to 5 s), then stops the poller. */
  stop(): Promise<void>;
}

export interface LocalIngest {
  queue: QueuePair;
  /** The queue's URL, as the stack sets it for every function. */
  env: FunctionEnv;
  /** The consumer, once the functions' dependencies exist (they need the queue's URL). */
  startConsumer(inputs: IngestConsumerInputs): Promise<IngestConsumer>;
}

/** The ingest pipeline (lib/ingest.ts): its queue with a dead-letter queue, and its consumer. */
export async function startIngest(admin: SQSClient): Promise<LocalIngest> {
  const queue = await ensureQueueWithDlq(admin, INGEST_QUEUE, { visibilityTimeoutSeconds: 30 });
  return {
    queue,
    env: { INGEST_QUEUE_URL: queue.queueUrl },
    startConsumer: async ({ deps, email, attachments, survey }) => {
      const sqs = deps.sqs;
      const queueArn = await arnOf(sqs, queue.queueUrl);
      const notices = withNotices({ ...deps, email: email.email }, survey);
      const poller = startPoller({
        sqs,
        queueUrl: queue.queueUrl,
        queueArn,
        handler: makeIngest({ ...deps, notices, blobs: email.email.blobs, attachments }),
        functionName: 'ingest',
        onError: (error) => console.error('ingest poller:', (error as Error).message),
      });
      return { poller, stop: () => drainAndStop(sqs, queue.queueUrl, poller) };
    },
  };
}

async function drainAndStop(
  sqs: SQSClient,
  queueUrl: string,
  poller: Poller,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await queueDepth(sqs, queueUrl).catch(() => 0)) > 0) {
    await new Promise((done) => setTimeout(done, 100));
  }
  await poller.stop();
}
