import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { type EmailConfig, loadEmailConfig } from '#channels/email/config.ts';
import { type EmailDeps, withEmail } from '#channels/email/deps.ts';
import type { IdentityKey, Interaction } from '#core/model.ts';
import { timelineOwners } from '#core/resolution.ts';
import type { SendingDeps } from '#deps/app.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { localClientConfig } from '#local/emulators.ts';
import type { AppConfig } from '#shared/config.ts';
import { FileBlobStore } from '#store/blobs.ts';
import { context, sqsEvent } from '../../support/events.ts';
import { createTestStack, sqsEndpoint } from '../../support/local-aws.ts';

const FIXTURES = new URL('../../fixtures/email/', import.meta.url);

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

export function jsonFixture<T = unknown>(name: string): T {
  return JSON.parse(fixture(name).toString('utf8')) as T;
}

export interface EmailStack extends EmailDeps, SendingDeps {
  deadLetterQueueUrl: string;
}

/**
 * A fresh table and ingest queue with the email channel wired in: attachments in a temporary
 * folder (or S3 on the emulator), SES pointed at `sesEndpoint` when given.
 */
export async function createEmailStack(
  options: {
    app?: Partial<AppConfig>;
    email?: Partial<EmailConfig>;
    sesEndpoint?: string;
    s3Blobs?: boolean;
  } = {},
): Promise<EmailStack> {
  const stack = await createTestStack(options.app);
  const config = { ...loadEmailConfig({}), ...options.email };
  const s3 = { ...localClientConfig(sqsEndpoint()), forcePathStyle: true };
  const deps = withEmail(stack, config, {
    s3,
    sesv2: options.sesEndpoint ? localClientConfig(options.sesEndpoint) : undefined,
    blobs: options.s3Blobs
      ? undefined
      : new FileBlobStore(mkdtempSync(join(tmpdir(), 'onethread-email-test-'))),
  });
  return { ...deps, deadLetterQueueUrl: stack.deadLetterQueueUrl };
}

/** Runs the ingest handler over everything waiting on the ingest queue, as Lambda's event source would. */
export async function drainIngest(stack: EmailStack): Promise<number> {
  const ingest = makeIngest(stack);
  const queueUrl = stack.config.ingestQueueUrl as string;
  let handled = 0;
  for (;;) {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!Messages.length) return handled;
    const result = await ingest(sqsEvent(Messages.map((message) => message.Body ?? '')), context);
    if (result.batchItemFailures.length) throw new Error(`ingest failed: ${JSON.stringify(result)}`);
    for (const message of Messages) {
      await stack.sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    handled += Messages.length;
  }
}

/** A customer's whole timeline, newest first. */
export async function timelineOf(stack: EmailDeps, identity: IdentityKey): Promise<Interaction[]> {
  const customer = await stack.customers.findByIdentity(identity);
  if (!customer) return [];
  return (await stack.timeline.query(timelineOwners(customer), { limit: 100 })).items;
}

export async function workItemOf(stack: EmailDeps, interaction: Interaction | undefined) {
  const conversation = await stack.conversations.get(interaction?.conversationId as string);
  return conversation?.openWorkItemId ? stack.workItems.get(conversation.openWorkItemId) : undefined;
}
