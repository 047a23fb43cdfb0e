import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  DOMAIN_EVENT_SOURCE,
  DOMAIN_EVENT_TYPES,
  domainEventsOf,
  type ItemChange,
} from '#core/domain-events.ts';
import { domainEventsJsonSchema } from '#core/domain-events-schema.ts';
import { EVENTS_SCHEMA_FILE } from '../../bin/events-schema.ts';
import {
  answeredSurvey,
  conversationItem,
  customerItem,
  erasureItem,
  interactionItem,
  workItemImage,
} from '../support/domain-events.ts';

const at = new Date('2026-05-01T10:00:05.000Z');
const item = (state: string, version: number) =>
  workItemImage({ state, agentId: 'agent-ana', routingVersion: version });
const { sent, answered } = answeredSurvey();

/** One change of each kind the table sees, as the repositories write them. */
const CHANGES: ItemChange[] = [
  { newImage: conversationItem() },
  { oldImage: conversationItem({ openWorkItemId: 'wi_1' }), newImage: conversationItem() },
  { newImage: interactionItem() },
  { newImage: interactionItem({ kind: 'merge', direction: 'internal', conversationId: undefined }) },
  { newImage: workItemImage({ state: 'queued', routingVersion: undefined }) },
  { oldImage: item('queued', 1), newImage: item('offered', 2) },
  { oldImage: item('offered', 2), newImage: item('assigned', 3) },
  { oldImage: item('assigned', 3), newImage: item('wrapped', 4) },
  { oldImage: workItemImage({ state: 'queued' }), newImage: workItemImage({ state: 'abandoned' }) },
  { oldImage: customerItem(), newImage: customerItem({ version: 2, mergedInto: 'cust_0' }) },
  { oldImage: customerItem({ mergedInto: 'cust_0' }), newImage: customerItem({ version: 2 }) },
  { oldImage: erasureItem({ phase: 'customers' }), newImage: erasureItem({ phase: 'done' }) },
  { oldImage: sent, newImage: answered },
];

const committed = async () => readFile(EVENTS_SCHEMA_FILE, 'utf8');

describe('the documented event schema (docs/events.schema.json)', () => {
  it('is what the zod schemas generate (run `npx tsx bin/events-schema.ts` after changing an event)', async () => {
    expect(JSON.parse(await committed())).toEqual(domainEventsJsonSchema());
  });

  it('accepts every event the table changes make, as EventBridge delivers it', async () => {
    const documented = z.fromJSONSchema(JSON.parse(await committed()));
    const events = CHANGES.flatMap((change) => domainEventsOf(change, at));
    expect(new Set(events.map((event) => event.detailType))).toEqual(new Set(DOMAIN_EVENT_TYPES));
    for (const event of events) {
      const delivered = {
        source: DOMAIN_EVENT_SOURCE,
        'detail-type': event.detailType,
        detail: event.detail,
      };
      expect(documented.safeParse(delivered).error, event.detailType).toBeUndefined();
    }
  });

  it('refuses a detail with a field it does not list, such as a message body', async () => {
    const documented = z.fromJSONSchema(JSON.parse(await committed()));
    const [event] = domainEventsOf({ newImage: interactionItem() }, at);
    const leaking = {
      source: DOMAIN_EVENT_SOURCE,
      'detail-type': event?.detailType,
      detail: { ...event?.detail, text: 'Where is my refund?' },
    };
    expect(documented.safeParse(leaking).success).toBe(false);
  });

  it('refuses an event of another schema version', async () => {
    const documented = z.fromJSONSchema(JSON.parse(await committed()));
    const [event] = domainEventsOf({ newImage: conversationItem() }, at);
    const next = {
      source: DOMAIN_EVENT_SOURCE,
      'detail-type': event?.detailType,
      detail: { ...event?.detail, schemaVersion: 2 },
    };
    expect(documented.safeParse(next).success).toBe(false);
  });
});
