import { type ConversationPolicy, chooseConversation, needsActivityUpdate } from './conversation.ts';
import { applyHeldDeliveries, initialDelivery } from './delivery.ts';
import { queueForEntryPoint, type RoutingRules } from './entry-points.ts';
import { ANCHOR_EVIDENCE, contactAnchor, normalizeSightings } from './identity.ts';
import { derivedId, newId } from './ids.ts';
import type { IngestMessage } from './ingest-message.ts';
import { type LanguageDeps, languageOfMessage, rememberLanguage } from './message-language.ts';
import type {
  Conversation,
  Customer,
  IdentityKey,
  IdentitySighting,
  Interaction,
  WorkItem,
} from './model.ts';
import {
  type Clock,
  ConcurrentUpdateError,
  type ContactReader,
  type ContactSnapshot,
  type ConversationStore,
  type CustomerStore,
  type TimelineStore,
  type WorkItemStore,
} from './ports.ts';
import { isAgentResponse, newWorkItem, workItemQueue } from './work-item.ts';

export interface IngestDeps {
  customers: CustomerStore;
  conversations: ConversationStore;
  timeline: TimelineStore;
  workItems: WorkItemStore;
  /** Reads what a contact's decision starts from together, before anything is written. */
  reader: ContactReader;
  clock: Clock;
  policy: ConversationPolicy;
  routingRules: RoutingRules;
  defaultCountry: string;
  /** Detects and remembers languages; absent, messages carry none. */
  language?: LanguageDeps | undefined;
  /**
   * Takes a customer's reply to an automatic message (a survey's "4", a "CALL" asking to be
   * called back); absent, every reply is a contact.
   */
  automaticReplies?: AutomaticReplies | undefined;
}

/** Replies on SMS, WhatsApp and the other messaging channels that the platform answers itself. */
export interface AutomaticReplies {
  /** True when the message was taken (a survey answered, a callback asked for): it then needs no new work. */
  take(interaction: Interaction): Promise<boolean>;
}

export interface IngestResult {
  interaction: Interaction;
  /** False when this was a redelivery of an interaction already on the timeline. */
  created: boolean;
  workItemId?: string | undefined;
  /** The work item this delivery opened, as stored: whoever routes it need not read it back. */
  workItem?: WorkItem | undefined;
}

const MAX_CONVERSATION_ATTEMPTS = 5;

/**
 * Puts one contact on its customer's timeline: resolve who it is, pick the conversation, append
 * the interaction once, and open a work item when a person is needed. Every step is idempotent,
 * so a redelivery after a crash finishes the work instead of doubling it.
 */
export async function ingestInteraction(message: IngestMessage, deps: IngestDeps): Promise<IngestResult> {
  const interactionId = derivedId('int', message.channel, message.providerMessageId);
  const sightings = contactSightings(message, deps.defaultCountry);
  const identity = sightings.find((s) => s.trust === 'verified')?.identity as IdentityKey;
  const stored = await resolveAndStore(message, { interactionId, sightings, identity }, deps);
  const { customer } = stored;
  const { interaction, created } = stored;
  // Status reports that reached us before this outbound message did are waiting for it.
  if (interaction.deliveryHistory) await applyHeldDeliveries(interaction.interactionId, deps);
  const conversation =
    stored.conversation.conversationId === interaction.conversationId
      ? stored.conversation
      : await requireConversation(deps, interaction.conversationId ?? stored.conversation.conversationId);

  if (needsActivityUpdate(conversation, interaction.at, interaction.channel)) {
    await deps.conversations.touch(conversation, interaction.at, interaction.channel);
  }
  if (customer.lastConversationId !== conversation.conversationId) {
    await deps.conversations.markLatest(customer.customerId, conversation.conversationId);
  }
  if (conversation.openWorkItemId && isAgentResponse(interaction)) {
    await deps.workItems.markFirstResponse(conversation.openWorkItemId, interaction.at);
  }
  if (deps.language) await rememberLanguage(interaction, { conversation, customer }, deps.language.memory);
  // The conversation as read a moment ago: if another delivery has since opened a work item,
  // the conditional open below notices and links to it instead.
  const current = conversation;
  // Asked on redelivery too: the answer is kept once, and the reply never opens a work item.
  if (deps.automaticReplies && (await deps.automaticReplies.take(interaction))) {
    return { interaction, created, workItemId: current.openWorkItemId };
  }
  const queue = workItemQueue(deps.routingRules, current, interaction, message.entryPoint);
  if (!queue) return { interaction, created, workItemId: current.openWorkItemId };

  const item = newWorkItem(interaction, current, queue);
  const { opened } = await deps.workItems.open(item);
  if (opened) return { interaction, created, workItemId: item.workItemId, workItem: item };
  const workItemId = (await deps.conversations.get(current.conversationId))?.openWorkItemId;
  return { interaction, created, workItemId };
}

/**
 * The contact's identities, normalised. A contact that proved none gets its own anchor, so it
 * makes one new customer of its own (with the rest noted as claims) and nobody else's record.
 */
function contactSightings(message: IngestMessage, defaultCountry: string): IdentitySighting[] {
  const sightings = normalizeSightings(message.identities, message.channel, { defaultCountry });
  if (sightings.some((s) => s.trust === 'verified')) return sightings;
  const anchor = contactAnchor(message.channel, message.providerMessageId);
  return [{ identity: anchor, trust: 'verified', evidence: ANCHOR_EVIDENCE }, ...sightings];
}

interface Contact {
  interactionId: string;
  sightings: IdentitySighting[];
  /** The verified identity that leads to the customer; the interaction keeps it. */
  identity: IdentityKey;
}

/**
 * Resolves the customer and stores the interaction on them. An unmerge that split the customer
 * meanwhile refuses the write, and the contact is resolved again to the customer it now leads to.
 */
async function resolveAndStore(message: IngestMessage, contact: Contact, deps: IngestDeps) {
  for (let attempt = 0; attempt < MAX_CONVERSATION_ATTEMPTS; attempt++) {
    const customer = await deps.customers.resolve(contact.sightings, {
      at: message.at,
      channel: message.channel,
      name: message.profile.name,
      sourceInteractionId: contact.interactionId,
    });
    const stored = await storeOnce(message, contact, customer, deps);
    if (stored) return { ...stored, customer };
  }
  throw new ConcurrentUpdateError(`customer of ${contact.interactionId}`);
}

/**
 * Appends the interaction unless it is already stored. When a concurrent delivery wins the
 * write, what is stored is what counts, not this delivery's copy. Undefined when the customer
 * was split since it was read.
 */
async function storeOnce(message: IngestMessage, contact: Contact, customer: Customer, deps: IngestDeps) {
  const known = await deps.reader.snapshot({
    interactionId: contact.interactionId,
    threadKeys: threadKeysOf(message),
    conversationIds: [customer.lastConversationId, message.conversationId].filter((id): id is string => !!id),
  });
  const existing = known.interaction;
  if (existing?.conversationId) {
    return {
      interaction: existing,
      created: false,
      conversation:
        known.conversations.get(existing.conversationId) ??
        (await requireConversation(deps, existing.conversationId)),
    };
  }
  const conversation = await conversationFor(message, customer, contact.interactionId, deps, known);
  const candidate = toInteraction(message, contact, customer.customerId, conversation, deps.clock.now());
  if (deps.language) {
    const { queueId } = queueForEntryPoint(deps.routingRules, message.channel, message.entryPoint);
    const known = { conversation, customer, queueId };
    candidate.language = languageOfMessage(message, known, deps.language);
  }
  const outcome = await deps.timeline.append(candidate, splitGuard(customer));
  if (outcome === 'split') return undefined;
  if (outcome === 'appended') return { interaction: candidate, created: true, conversation };
  const winner = (await deps.timeline.get(contact.interactionId)) ?? candidate;
  return { interaction: winner, created: false, conversation };
}

/** Only a customer that absorbed others can be split; the rest write without the extra check. */
function splitGuard(customer: Customer) {
  return customer.mergedFrom.length
    ? { customerId: customer.customerId, splitVersion: customer.splitVersion }
    : undefined;
}

async function conversationFor(
  message: IngestMessage,
  initial: Customer,
  interactionId: string,
  deps: IngestDeps,
  snapshot: ContactSnapshot,
): Promise<Conversation> {
  let customer = initial;
  const asked = new Set(threadKeysOf(message));
  for (let attempt = 0; attempt < MAX_CONVERSATION_ATTEMPTS; attempt++) {
    // The snapshot answers the first look; after a conflict everything is read again.
    const reads = attempt === 0 ? readThrough(snapshot, deps.conversations, asked) : deps.conversations;
    const thread = await threadedConversation(message, customer, reads);
    const latest =
      !thread.conversation && customer.lastConversationId
        ? await reads.get(customer.lastConversationId)
        : undefined;
    const choice = chooseConversation({
      threadConversationId: thread.conversation?.conversationId,
      latest,
      now: deps.clock.now(),
      policy: deps.policy,
    });
    const conversation =
      choice.action === 'start'
        ? await tryStart(message, customer, interactionId, deps)
        : ([thread.conversation, latest].find((known) => known?.conversationId === choice.conversationId) ??
          (await requireConversation(deps, choice.conversationId)));
    if (conversation) {
      if (!message.threadKey || thread.ownKeyBound) return conversation;
      const bound = await deps.conversations.bindThread(message.threadKey, conversation.conversationId);
      if (bound === conversation.conversationId) return conversation;
      const winner = await requireConversation(deps, bound);
      return belongsTo(winner, customer) ? winner : conversation;
    }
    customer = (await deps.customers.get(customer.customerId)) ?? customer;
  }
  throw new ConcurrentUpdateError(`conversation of customer ${initial.customerId}`);
}

/**
 * Where the message's own thread key, the conversation it names, or the threads it answers lead,
 * in that order. Only a conversation of this customer counts: a reply token or a Message-ID that
 * someone else quotes never puts their message into another customer's conversation.
 */
async function threadedConversation(
  message: IngestMessage,
  customer: Customer,
  conversations: ConversationReads,
): Promise<{ conversation?: Conversation | undefined; ownKeyBound: boolean }> {
  const own = message.threadKey ? await conversations.threadConversation(message.threadKey) : undefined;
  const ownKeyBound = own !== undefined;
  const tried = new Set<string>();
  const candidate = async (conversationId: string | undefined) => {
    if (!conversationId || tried.has(conversationId)) return undefined;
    tried.add(conversationId);
    const conversation = await conversations.get(conversationId);
    return conversation && belongsTo(conversation, customer) ? conversation : undefined;
  };
  for (const conversationId of [own, message.conversationId]) {
    const conversation = await candidate(conversationId);
    if (conversation) return { conversation, ownKeyBound };
  }
  for (const key of message.relatedThreadKeys) {
    const conversation = await candidate(await conversations.threadConversation(key));
    if (conversation) return { conversation, ownKeyBound };
  }
  return { ownKeyBound };
}

type ConversationReads = Pick<ConversationStore, 'get' | 'threadConversation'>;

/** The thread keys that may lead a message to its conversation: its own, then those it answers. */
function threadKeysOf(message: IngestMessage): string[] {
  return [message.threadKey, ...message.relatedThreadKeys].filter((key): key is string => !!key);
}

/**
 * Conversation reads answered from the snapshot where it holds the record; a key it asked for
 * and did not find is known to be absent. Anything else is read from the store.
 */
function readThrough(
  snapshot: ContactSnapshot,
  store: ConversationStore,
  asked?: ReadonlySet<string>,
): ConversationReads {
  return {
    get: async (conversationId) => snapshot.conversations.get(conversationId) ?? store.get(conversationId),
    threadConversation: async (threadKey) =>
      snapshot.threads.get(threadKey) ??
      (asked?.has(threadKey) ? undefined : store.threadConversation(threadKey)),
  };
}

function belongsTo(conversation: Conversation, customer: Customer): boolean {
  return (
    conversation.customerId === customer.customerId || customer.mergedFrom.includes(conversation.customerId)
  );
}

/** Starts a conversation, or returns undefined when a concurrent writer started one first. */
async function tryStart(
  message: IngestMessage,
  customer: Customer,
  interactionId: string,
  deps: IngestDeps,
): Promise<Conversation | undefined> {
  const conversation: Conversation = {
    conversationId: newId('conv', new Date(message.at)),
    customerId: customer.customerId,
    startedAt: message.at,
    lastActivityAt: message.at,
    channels: [message.channel],
  };
  try {
    await deps.conversations.start(conversation, customer.lastConversationId);
    return conversation;
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return undefined;
    throw new Error(`could not start a conversation for ${interactionId}`, { cause: error });
  }
}

async function requireConversation(deps: IngestDeps, conversationId: string): Promise<Conversation> {
  const conversation = await deps.conversations.get(conversationId);
  if (!conversation) throw new Error(`conversation ${conversationId} is referenced but missing`);
  return conversation;
}

function toInteraction(
  message: IngestMessage,
  contact: Contact,
  customerId: string,
  conversation: Conversation,
  recordedAt: Date,
): Interaction {
  return {
    interactionId: contact.interactionId,
    customerId,
    identity: contact.identity,
    conversationId: conversation.conversationId,
    channel: message.channel,
    direction: message.direction,
    kind: message.kind,
    at: message.at,
    providerMessageId: message.providerMessageId,
    text: message.text,
    subject: message.subject,
    threadKey: message.threadKey,
    attachments: message.attachments,
    location: message.location,
    reaction: message.reaction,
    endpoint: message.endpoint,
    sentBy: message.sentBy,
    ...initialDelivery(message.delivery),
    flags: message.flags.length ? message.flags : undefined,
    email: message.email,
    call: message.call,
    business: message.business,
    translation: message.translation,
    survey: message.survey,
    surveyCard: message.surveyCard,
    recordedAt: recordedAt.toISOString(),
  };
}
