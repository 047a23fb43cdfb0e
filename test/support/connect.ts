import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { connectWork } from '#channels/connect/client.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import { RoutingRulesSchema } from '#core/entry-points.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import { makeHandler as makeConnectRequests } from '#handlers/connect-requests.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import { localSqsConfig } from '#local/emulators.ts';
import { ensureQueueWithDlq } from '#local/provision.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';
import { type RecordedRequest, type StandIn, startStandIn } from './channels.ts';
import { context, sqsEvent } from './events.ts';
import { sqsEndpoint, type TestStack } from './local-aws.ts';

export const CALLER = '+14155550100';
export const DIALLED = '+12065550100';

/** Calls to our main number go to phone support; SMS to the billing number to billing. */
export const CONNECT_ROUTING = RoutingRulesSchema.parse({
  defaultQueue: 'general',
  entryPoints: [
    { channel: 'voice', match: DIALLED, queue: 'phone-support' },
    { channel: 'sms', match: '+15550001111', queue: 'billing' },
  ],
});

export const CONNECT_CONFIG: ConnectConfig = {
  lookupBudgetMs: 3_000,
  recentContactHours: 24,
  region: 'us-east-1',
  requestsPerSecond: 2,
};

/** A recorded Connect payload from `test/fixtures/connect/`. */
export function connectFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/connect/${name}.json`, import.meta.url), 'utf8'));
}

/** The fixture's contact flow event, for another caller or contact; the caller verified unless told. */
export function flowEvent(
  overrides: { from?: string | null; contactId?: string; callerVerified?: boolean } = {},
) {
  const event = connectFixture('contact-flow-event') as {
    Details: { ContactData: Record<string, unknown> & { CustomerEndpoint: unknown } };
  };
  const data = event.Details.ContactData;
  // The flow authenticated the caller (as a deployment's flow would, with Voice ID or a PIN).
  if (overrides.callerVerified !== false)
    data.Attributes = { ...(data.Attributes as object), callerVerified: 'true' };
  if (overrides.from !== undefined) {
    data.CustomerEndpoint =
      overrides.from === null ? null : { Address: overrides.from, Type: 'TELEPHONE_NUMBER' };
  }
  if (overrides.contactId) {
    data.ContactId = overrides.contactId;
    data.InitialContactId = overrides.contactId;
    data.PreviousContactId = overrides.contactId;
  }
  return event;
}

/** Puts messages straight through the ingest handler, as the queue's event source would. */
export async function ingest(stack: TestStack, ...messages: IngestMessageInput[]): Promise<void> {
  const result = await makeIngest(stack)(sqsEvent(messages), context);
  if (result.batchItemFailures.length) throw new Error('ingest failed');
}

export const CONNECT_INSTANCE_ID = '7c2a9e14-5b3d-4f86-a1e0-9d8c7b6a5f43';
export const CALLBACK_FLOW = 'a1b2c3d4-0000-4000-8000-0000000000f1';
export const CALLBACK_QUEUE = 'a1b2c3d4-0000-4000-8000-0000000000q1';

/** StartOutboundVoiceContact as Connect answers it, after checking the request's shape. */
function outboundVoiceApi(calls: Array<Record<string, unknown> & { ContactId: string }>) {
  return (request: RecordedRequest) => {
    const sent = JSON.parse(request.body || '{}');
    const signed = String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
    if (
      !signed ||
      request.method !== 'PUT' ||
      request.path !== '/contact/outbound-voice' ||
      sent.InstanceId !== CONNECT_INSTANCE_ID ||
      sent.ContactFlowId !== CALLBACK_FLOW ||
      sent.QueueId !== CALLBACK_QUEUE ||
      !/^\+[1-9]\d{6,14}$/.test(sent.DestinationPhoneNumber ?? '') ||
      !sent.ClientToken
    ) {
      return {
        status: 400,
        body: { message: 'bad request' },
        headers: { 'x-amzn-errortype': 'InvalidRequestException' },
      };
    }
    // The same client token is the same contact, as in Connect.
    const earlier = calls.find((call) => call.ClientToken === sent.ClientToken);
    const ContactId = earlier?.ContactId ?? randomUUID();
    if (!earlier) calls.push({ ...sent, ContactId });
    return { status: 200, body: { ContactId } };
  };
}

/**
 * The Connect end of callbacks: a requests queue, the Connect API stand-in it is paced into, and
 * the configuration pointing the consumer at both. `calls` are the calls Connect was asked to place.
 */
export async function startCallbackRig() {
  const sqs = new SQSClient(localSqsConfig(sqsEndpoint()));
  const { queueUrl: requestsQueueUrl } = await ensureQueueWithDlq(
    sqs,
    `connect-requests-${randomUUID().slice(0, 8)}`,
    { maxReceiveCount: 10, visibilityTimeoutSeconds: 30 },
  );
  const calls: Array<Record<string, unknown> & { ContactId: string }> = [];
  const api: StandIn = await startStandIn(outboundVoiceApi(calls));
  const connect: ConnectConfig = {
    ...CONNECT_CONFIG,
    instanceArn: `arn:aws:connect:us-east-1:111122223333:instance/${CONNECT_INSTANCE_ID}`,
    endpoint: api.url,
    requestsQueueUrl,
    requestsPerSecond: 20,
    callbackFlowId: CALLBACK_FLOW,
    callbackQueueId: CALLBACK_QUEUE,
  };

  /** Runs the requests consumer over what the requests queue holds; how many it took. */
  const placeRequests = async (stack: Pick<TestStack, 'table'>): Promise<number> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: requestsQueueUrl, MaxNumberOfMessages: 10 }),
    );
    const handler = makeConnectRequests({
      sqs,
      work: connectWork(connect),
      config: connect,
      placedCalls: new PlacedCallsRepo(stack.table),
    });
    const { batchItemFailures } = await handler(sqsEvent(Messages.map((m) => m.Body ?? '')), context);
    if (batchItemFailures.length) throw new Error('a Connect request failed');
    for (const { ReceiptHandle } of Messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: requestsQueueUrl, ReceiptHandle }));
    return Messages.length;
  };

  return {
    requestsQueueUrl,
    connect,
    calls,
    placeRequests,
    close: async () => {
      await api.close();
      sqs.destroy();
    },
  };
}
