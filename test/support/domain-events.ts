import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { keys } from '#store/table.ts';

/** Table items as the repositories write them, for the domain events told of their changes. */
type Item = Record<string, unknown>;

export const conversationItem = (fields: Item = {}): Item => ({
  ...keys.conversation('conv_1'),
  entity: 'conversation',
  conversationId: 'conv_1',
  customerId: 'cust_1',
  startedAt: '2026-05-01T10:00:00.000Z',
  lastActivityAt: '2026-05-01T10:00:00.000Z',
  channels: ['chat'],
  ...fields,
});

export const interactionItem = (fields: Item = {}): Item => ({
  ...keys.interaction('int_1'),
  entity: 'interaction',
  gsi1pk: keys.timelinePartition('cust_1'),
  gsi1sk: keys.timelineSort('2026-05-01T09:59:58.000Z', 'int_1'),
  interactionId: 'int_1',
  customerId: 'cust_1',
  conversationId: 'conv_1',
  channel: 'email',
  direction: 'inbound',
  kind: 'message',
  at: '2026-05-01T09:59:58.000Z',
  providerMessageId: '<a1@mail.example.com>',
  identity: 'email:ana@example.com',
  subject: 'Refund',
  text: 'Where is my refund? Ana Lima',
  attachments: [{ ref: 'att/int_1/0', name: 'invoice.pdf', contentType: 'application/pdf', size: 1200 }],
  recordedAt: '2026-05-01T10:00:00.000Z',
  ...fields,
});

export const workItemImage = (fields: Item = {}): Item => ({
  ...keys.workItem('wi_1'),
  entity: 'workItem',
  gsi2pk: keys.queuePartition('billing'),
  gsi2sk: '03#2026-05-01T10:00:00.000Z#wi_1',
  workItemId: 'wi_1',
  conversationId: 'conv_1',
  customerId: 'cust_1',
  channel: 'chat',
  queueId: 'billing',
  priority: 7,
  enqueuedAt: '2026-05-01T10:00:00.000Z',
  routingStep: 0,
  createdFromInteractionId: 'int_1',
  wrapUp: { note: 'refund promised', by: 'agent-ana', at: '2026-05-01T10:30:00.000Z' },
  ...fields,
});

export const customerItem = (fields: Item = {}): Item => ({
  ...keys.customer('cust_1'),
  entity: 'customer',
  customerId: 'cust_1',
  name: 'Ana Lima',
  identities: ['email:ana@example.com', 'phone:+14155550100'],
  evidence: { 'email:ana@example.com': 'ses:dmarc' },
  claims: [],
  createdAt: '2026-04-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  mergedFrom: [],
  splitVersion: 0,
  version: 1,
  ...fields,
});

export const erasureItem = (fields: Item = {}): Item => ({
  ...keys.erasure('cust_1'),
  entity: 'erasure',
  customerId: 'cust_1',
  requestedFor: 'cust_2',
  erasedBy: 'sup-1',
  reason: 'asked by letter, ref 2231',
  requestedAt: '2026-05-01T09:00:00.000Z',
  customerIds: ['cust_1', 'cust_2'],
  counts: {
    customers: 2,
    identities: 3,
    interactions: 12,
    conversations: 2,
    workItems: 2,
    chatSessions: 1,
    files: 1,
  },
  ...fields,
});

export function answeredSurvey(): { sent: Item; answered: Item } {
  const sent = {
    ...keys.survey('wi_1'),
    entity: 'survey',
    workItemId: 'wi_1',
    conversationId: 'conv_1',
    customerId: 'cust_1',
    queueId: 'billing',
    agentId: 'agent-ana',
    channel: 'chat',
    questions: [{ id: 'solved', text: 'Did we solve it?', type: 'yesNo' }],
    sentAt: '2026-05-01T10:31:00.000Z',
  };
  const answer = {
    rating: 4,
    comment: 'quick and kind',
    answers: { solved: 'yes' },
    workItemId: 'wi_1',
    queueId: 'billing',
    agentId: 'agent-ana',
    via: 'chat',
    at: '2026-05-01T10:32:00.000Z',
  };
  return { sent, answered: { ...sent, answer } };
}

/** A value as DynamoDB's stream JSON carries it (string sets are not told from lists here). */
function attribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(attribute) };
  return { M: image(value as Item) };
}

const image = (item: Item): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(item).map(([name, value]) => [name, attribute(value)]));

/** A stream record of whole items, written at `at`, as the event source mapping delivers it. */
export function itemRecord(oldItem: Item | undefined, newItem: Item | undefined, at: Date): DynamoDBRecord {
  const item = (newItem ?? oldItem) as Item;
  return {
    eventName: oldItem ? (newItem ? 'MODIFY' : 'REMOVE') : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: at.getTime() / 1000,
      Keys: image({ pk: item.pk, sk: item.sk }),
      ...(oldItem ? { OldImage: image(oldItem) } : {}),
      ...(newItem ? { NewImage: image(newItem) } : {}),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}
