import { beforeEach, describe, expect, it } from 'vitest';
import { timelineOwners } from '#core/resolution.ts';
import { makeHandler } from '#handlers/ingest.ts';
import { loadLanguageConfig } from '#shared/language-config.ts';
import { chatMessage, context, sqsEvent } from '../support/events.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

describe('languages on ingest', () => {
  let stack: TestStack;
  let ingest: ReturnType<typeof makeHandler>;
  beforeEach(async () => {
    const language = loadLanguageConfig({
      ONETHREAD_DEFAULT_LANGUAGE: 'en',
      ONETHREAD_QUEUE_LANGUAGES: JSON.stringify({ returns: 'fr' }),
    });
    stack = await createTestStack({ language });
    ingest = makeHandler(stack);
  });

  async function timelineOf(identity: `${string}:${string}`) {
    const customer = await stack.customers.findByIdentity(identity);
    if (!customer) throw new Error(`no customer for ${identity}`);
    return {
      customer,
      entries: (await stack.timeline.query(timelineOwners(customer), { limit: 100 })).items,
    };
  }

  it('detects a Spanish chat, and remembers it on the conversation, the profile and the work item', async () => {
    await ingest(
      sqsEvent([chatMessage({ text: 'Hola, no he recibido mi pedido y ya pasó una semana' })]),
      context,
    );
    const { customer, entries } = await timelineOf('email:ana@example.com');
    expect(entries[0]?.language).toMatchObject({ code: 'es', source: 'detected' });
    expect(entries[0]?.language?.confidence).toBeGreaterThan(0.25);
    expect(customer.preferredLanguage).toBe('es');
    const conversation = await stack.conversations.get(entries[0]?.conversationId as string);
    expect(conversation?.language).toBe('es');
    const item = await stack.workItems.get(conversation?.openWorkItemId as string);
    expect(item?.language).toBe('es');
  });

  it('gives a short reply the conversation’s language rather than a guess', async () => {
    await ingest(
      sqsEvent([chatMessage({ text: 'Bonjour, ma commande est arrivée abîmée, que dois-je faire ?' })]),
      context,
    );
    await ingest(sqsEvent([chatMessage({ text: 'ok' })]), context);
    const { entries } = await timelineOf('email:ana@example.com');
    expect(entries.map((entry) => entry.language?.source)).toEqual(['conversation', 'detected']);
    expect(entries[0]?.language?.code).toBe('fr');
  });

  it('falls back to the queue’s language for a new customer who says too little', async () => {
    await ingest(
      sqsEvent([chatMessage({ text: 'ok', entryPoint: 'returns', identities: ['email:b@example.com'] })]),
      context,
    );
    await ingest(sqsEvent([chatMessage({ text: '👍', identities: ['email:c@example.com'] })]), context);
    expect((await timelineOf('email:b@example.com')).entries[0]?.language).toMatchObject({
      code: 'fr',
      source: 'queue',
    });
    const other = await timelineOf('email:c@example.com');
    expect(other.entries[0]?.language).toEqual({ code: 'en', confidence: 0, source: 'queue' });
    // A fallback teaches the profile nothing.
    expect(other.customer.preferredLanguage).toBeUndefined();
  });

  it('leaves our own replies undetected', async () => {
    await ingest(sqsEvent([chatMessage({ text: 'Hola, necesito ayuda con mi factura por favor' })]), context);
    const { entries } = await timelineOf('email:ana@example.com');
    await ingest(
      sqsEvent([
        chatMessage({
          direction: 'outbound',
          text: 'Claro, le ayudo ahora mismo',
          conversationId: entries[0]?.conversationId,
          sentBy: 'agent-1',
        }),
      ]),
      context,
    );
    const after = await timelineOf('email:ana@example.com');
    expect(after.entries[0]?.direction).toBe('outbound');
    expect(after.entries[0]?.language).toBeUndefined();
  });
});
