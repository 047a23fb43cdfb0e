import { readFileSync } from 'node:fs';
import { RoutingRulesSchema } from '#core/entry-points.ts';
import type { IngestMessageInput } from '#core/ingest-message.ts';
import { makeHandler as makeIngest } from '#handlers/ingest.ts';
import type { ConnectConfig } from '#shared/config.ts';
import { context, sqsEvent } from './events.ts';
import type { TestStack } from './local-aws.ts';

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
