import * as z from 'zod';

/**
 * Live updates tell the console *what* changed, never the change itself: a notice names topics,
 * and the console refetches them through the authorised HTTP API. So a notice carries no
 * message body and no personal data, and a missed notice costs only a later refresh.
 *
 * - `agent:{agentId}`: that agent's offers, assignments, work items and status
 * - `customer:{customerId}`: the customer's record and timeline, and their typing in a chat
 * - `queues`, `agents`: the supervisor's floor (any work item, agent or queue statistic)
 * - `chat:{sessionId}`: a chat visitor's own session. Unlike the console's notices, what a
 *   visitor hears is the change itself (see ChatFrame): the session token that opened the
 *   connection is the whole of their authorisation, and it never changes.
 */
const ID = '[A-Za-z0-9._@+-]{1,128}';
export const TopicSchema = z
  .string()
  .regex(
    new RegExp(`^(agent:${ID}|customer:${ID}|chat:${ID}|queues|agents)$`),
    'a topic such as agent:{agentId}',
  );
export type Topic = z.infer<typeof TopicSchema>;

/** More than any console view listens to at once; bounds the fan-out one connection costs. */
export const MAX_TOPICS_PER_CONNECTION = 50;

export const SubscribeMessageSchema = z.object({
  action: z.literal('subscribe'),
  /** The connection's whole subscription: topics not listed any more are dropped. */
  topics: z.array(TopicSchema).max(MAX_TOPICS_PER_CONNECTION),
});

/** A changed record, as the live feed sees it (the store reads it off the table's key layout). */
export type RecordChange =
  /** Agents whose offers or assignments it was before and after the change. */
  | { kind: 'workItem'; agentIds: string[] }
  | { kind: 'timelineEntry'; customerId: string }
  | { kind: 'customer'; customerId: string }
  /** The customer is typing in a chat (or a spell of it was cleared). */
  | { kind: 'customerTyping'; customerId: string }
  | { kind: 'agent'; agentId: string }
  /** The engine's state: queue contents, offers, agents' status and load. */
  | { kind: 'routingState' }
  | { kind: 'queueStats' };

export const agentTopic = (agentId: string): Topic => `agent:${agentId}`;
export const customerTopic = (customerId: string): Topic => `customer:${customerId}`;
/** The chat thread key (`chat:{sessionId}`) is the session's topic too. */
export const chatTopic = (sessionId: string): Topic => `chat:${sessionId}`;

function topicsOf(change: RecordChange): Topic[] {
  switch (change.kind) {
    case 'workItem':
      return [...change.agentIds.map(agentTopic), 'queues', 'agents'];
    case 'timelineEntry':
    case 'customer':
    case 'customerTyping':
      return [customerTopic(change.customerId)];
    case 'agent':
      return [agentTopic(change.agentId), 'agents'];
    case 'routingState':
      return ['queues', 'agents'];
    case 'queueStats':
      return ['queues'];
  }
}

/** The topics a batch of changes touches, each once, in a stable order. */
export function topicsFor(changes: readonly RecordChange[]): Topic[] {
  return [...new Set(changes.flatMap(topicsOf))].sort();
}

export interface AgentListener {
  agentId: string;
  isSupervisor: boolean;
}
/** A chat visitor, connected with their session's token. */
export interface VisitorListener {
  chatSessionId: string;
}
export type Listener = AgentListener | VisitorListener;

export const isVisitor = (listener: Listener): listener is VisitorListener => 'chatSessionId' in listener;

/**
 * A topic may be listened to by whoever may read what it names over HTTP: an agent their own
 * `agent:` topic, the queues and any customer; a supervisor everything but chat sessions, whose
 * frames carry messages meant for the visitor's page; a visitor their own session's topic only.
 */
export function mayListen(listener: Listener, topic: Topic): boolean {
  if (isVisitor(listener)) return topic === chatTopic(listener.chatSessionId);
  if (topic.startsWith('chat:')) return false;
  if (listener.isSupervisor) return true;
  if (topic === 'agents') return false;
  if (topic.startsWith('agent:')) return topic === agentTopic(listener.agentId);
  return true;
}

/** What a connection receives: a notice naming the topics it listens to that changed. */
export interface ChangedNotice {
  type: 'changed';
  topics: Topic[];
}

export const changedNotice = (topics: readonly Topic[]): ChangedNotice => ({
  type: 'changed',
  topics: [...topics],
});
