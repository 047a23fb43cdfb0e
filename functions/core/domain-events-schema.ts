import * as z from 'zod';
import {
  DOMAIN_EVENT_SCHEMAS,
  DOMAIN_EVENT_SOURCE,
  type DomainEventType,
  SCHEMA_VERSION,
} from './domain-events.ts';

/** What each event tells, for the documented schema. */
const DESCRIPTIONS: Record<DomainEventType, string> = {
  'conversation.opened': 'A customer issue started: the first contact of a new conversation.',
  'conversation.closed':
    'Nobody works on the conversation any more: its open work item ended. It stays joinable for the quiet period; a customer writing within it opens a new work item on the same conversation.',
  'interaction.recorded':
    'A message, call, reaction or business event was written to a customer timeline (once per interaction, whatever the channel redelivers).',
  'work-item.queued': 'A work item waits in a queue: new, or back after an offer was declined or timed out.',
  'work-item.offered': 'The router offered the work item to an agent.',
  'work-item.accepted': 'An agent accepted the work item: it is assigned to them.',
  'work-item.completed': 'The agent wrapped the work item up.',
  'work-item.abandoned': 'The customer left before an agent took the work item.',
  'customer.merged':
    'A customer proved to be another: its id now leads to the survivor, whose timeline holds both.',
  'customer.unmerged': 'A merge was undone: the customer has its own record and timeline again.',
  'customer.erased':
    'A customer record and everyone merged into it were erased; the counts say how much went. Consumers holding any of the ids should erase what they keep of them.',
  'survey.answered': 'The customer rated the work item; comments and answers stay in OneThread.',
};

/**
 * The documented schema of every event's detail (docs/events.schema.json): JSON Schema 2020-12,
 * one definition per detail type, and the whole EventBridge event as `oneOf` those.
 */
export function domainEventsJsonSchema(): Record<string, unknown> {
  const details = Object.fromEntries(
    Object.entries(DOMAIN_EVENT_SCHEMAS).map(([type, schema]) => {
      const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'output' });
      return [type, { title: type, description: DESCRIPTIONS[type as DomainEventType], ...json }];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:onethread:events:v${SCHEMA_VERSION}`,
    title: 'OneThread domain events',
    description: `Events of the ${DOMAIN_EVENT_SOURCE} source on the OneThread event bus, schema version ${SCHEMA_VERSION}. See docs/events.md.`,
    oneOf: Object.keys(details).map((type) => ({
      type: 'object',
      properties: {
        source: { const: DOMAIN_EVENT_SOURCE },
        'detail-type': { const: type },
        detail: { $ref: `#/$defs/${type}` },
      },
      required: ['source', 'detail-type', 'detail'],
    })),
    $defs: details,
  };
}
