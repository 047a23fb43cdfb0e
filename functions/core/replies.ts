import * as z from 'zod';
import { AttachmentIdsSchema, MAX_ATTACHMENTS_PER_MESSAGE } from './attachments.ts';
import { MESSAGING_WINDOW_MS } from './automatic-messages.ts';
import { DomainError, NotFoundError } from './errors.ts';
import { derivedId, newId } from './ids.ts';
import type { IngestMessage } from './ingest-message.ts';
import type { Attachment, Channel, ChannelEndpoint, Customer, Provider } from './model.ts';
import type {
  ChannelSender,
  Clock,
  ConversationStore,
  CustomerStore,
  OutboundMedia,
  SendFailure,
  TimelineStore,
} from './ports.ts';
import { timelineOwners } from './resolution.ts';
import { fillTemplate, TemplateChoiceSchema, type WhatsAppTemplate } from './whatsapp-templates.ts';

/** Longest text each channel's send API takes in one message. */
export const REPLY_TEXT_LIMITS = {
  whatsapp: 4096,
  messenger: 2000,
  instagram: 1000,
  x: 10_000,
  sms: 1600,
} as const satisfies Partial<Record<Channel, number>>;
export type ReplyChannel = keyof typeof REPLY_TEXT_LIMITS;

/** Free text, or on WhatsApp an approved template instead (the one thing it takes after 24 hours). */
export const ReplyRequestSchema = z
  .strictObject({
    channel: z.enum(Object.keys(REPLY_TEXT_LIMITS) as [ReplyChannel, ...ReplyChannel[]]),
    text: z.string().trim().min(1).optional(),
    template: TemplateChoiceSchema.optional(),
    /** The agent's uploads to the conversation: one on WhatsApp, up to ten by MMS, Messenger or Instagram. */
    attachmentIds: AttachmentIdsSchema.optional(),
  })
  .superRefine((reply, context) => {
    if (reply.template && reply.channel !== 'whatsapp') {
      context.addIssue({ code: 'custom', path: ['template'], message: 'templates are for WhatsApp only' });
    }
    if ((reply.text === undefined) === (reply.template === undefined)) {
      context.addIssue({ code: 'custom', path: ['text'], message: 'give either text or a template' });
    }
    const files = reply.attachmentIds?.length ?? 0;
    const most = MEDIA_PER_REPLY[reply.channel] ?? 0;
    if (files > most) {
      const message = most
        ? `at most ${most} file${most === 1 ? '' : 's'} on ${reply.channel}`
        : `no files on ${reply.channel}: its direct messages carry only media uploaded to X itself`;
      context.addIssue({ code: 'custom', path: ['attachmentIds'], message });
    }
    const limit = REPLY_TEXT_LIMITS[reply.channel];
    if (reply.text && reply.text.length > limit) {
      context.addIssue({
        code: 'custom',
        path: ['text'],
        message: `at most ${limit} characters on ${reply.channel}`,
      });
    }
  });
export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;

/**
 * Files a reply may carry per channel: a Cloud API media message takes one, an MMS ten; the
 * Send API takes one a message, after the text. X's DMs take only media uploaded to X itself.
 */
const MEDIA_PER_REPLY: Partial<Record<ReplyChannel, number>> = {
  whatsapp: 1,
  sms: 10,
  messenger: MAX_ATTACHMENTS_PER_MESSAGE,
  instagram: MAX_ATTACHMENTS_PER_MESSAGE,
};

export interface ReplyDeps {
  customers: CustomerStore;
  conversations: ConversationStore;
  timeline: TimelineStore;
  senders: Record<Provider, ChannelSender>;
  clock: Clock;
  /** The approved WhatsApp templates agents may send; none configured, none may be sent. */
  whatsappTemplates?: readonly WhatsAppTemplate[] | undefined;
  /**
   * The Cloud API phone number id a template to a customer who never wrote on WhatsApp is sent
   * from (first contact); unset, WhatsApp answers only customers who wrote.
   */
  whatsappPhoneNumberId?: string | undefined;
}

export interface ReplyResult {
  /** The outbound interaction to record, on the ingest queue like every other contact. */
  record: IngestMessage;
  interactionId: string;
  /** Absent when the provider accepted the message; its reason otherwise. */
  failure?: SendFailure | undefined;
}

/** How far back on the customer's timeline to look for where they wrote from. */
const ENDPOINT_LOOKBACK = 50;

/**
 * Sends an agent's reply on the channel the customer used, from the page or number they wrote
 * to, and returns the outbound interaction to record either way: with the provider's message id
 * when it was accepted (later statuses find it by that id), or as failed with the provider's
 * reason.
 */
export async function sendReply(
  request: ReplyRequest & {
    conversationId: string;
    agentId: string;
    /** The files named, as the timeline keeps them, and the links the provider fetches them by. */
    files?: { attachments: Attachment[]; media: OutboundMedia[] } | undefined;
  },
  deps: ReplyDeps,
): Promise<ReplyResult> {
  const conversation = await deps.conversations.get(request.conversationId);
  if (!conversation) throw new NotFoundError('conversation', request.conversationId);
  const customer = await deps.customers.get(conversation.customerId);
  if (!customer) throw new NotFoundError('customer', conversation.customerId);
  const { endpoint, lastInboundAt } =
    (await replyEndpoint(timelineOwners(customer), request, deps)) ??
    firstContact(customer, request, deps.whatsappPhoneNumberId) ??
    noAddress(request.channel);
  const message = messageOf(request, endpoint, deps.whatsappTemplates ?? []);
  if (!message.template) refuseOutsideWindow(request.channel, lastInboundAt, deps.clock.now());

  const outcome = await deps.senders[endpoint.provider].send({
    channel: request.channel,
    endpoint,
    ...message,
    media: request.files?.media,
  });
  const now = deps.clock.now();
  const at = now.toISOString();
  const failure = outcome.ok ? undefined : outcome.failure;
  const providerMessageId = outcome.ok ? outcome.providerMessageId : `unsent:${newId('reply', now)}`;
  const record: IngestMessage = {
    type: 'interaction',
    channel: request.channel,
    direction: 'outbound',
    providerMessageId,
    at,
    identities: [customerIdentity(request.channel, endpoint)],
    kind: 'message',
    text: message.text,
    conversationId: conversation.conversationId,
    relatedThreadKeys: [],
    profile: {},
    attachments: request.files?.attachments ?? [],
    flags: [],
    endpoint,
    sentBy: request.agentId,
    delivery: failure
      ? { status: 'failed', at, code: failure.code, reason: failure.reason.slice(0, 1024) }
      : { status: 'accepted', at },
  };
  return { record, interactionId: derivedId('int', request.channel, providerMessageId), failure };
}

/**
 * What goes out: the agent's text, or the chosen template filled in (the text the timeline shows).
 * Templates go through the Cloud API; a customer who wrote through Twilio is answered by Twilio,
 * whose templates are its own content resources.
 */
function messageOf(
  request: ReplyRequest,
  endpoint: ChannelEndpoint,
  templates: readonly WhatsAppTemplate[],
): { text: string; template?: { name: string; language: string; parameters: string[] } } {
  if (!request.template) return { text: request.text ?? '' };
  if (endpoint.provider !== 'meta') {
    throw new DomainError(
      'invalid_input',
      'template: this customer writes through Twilio, which sends no Cloud API templates',
      {
        field: 'template',
      },
    );
  }
  const { template, text } = fillTemplate(templates, request.template);
  return {
    text,
    template: { name: template.name, language: template.language, parameters: request.template.parameters },
  };
}

/** The customer's identity on the channel, as the inbound edges name it (`whatsapp:447700900123`). */
function customerIdentity(channel: ReplyChannel, endpoint: ChannelEndpoint): string {
  return `${channel}:${endpoint.customer.replace(/^whatsapp:/i, '')}`;
}

/**
 * Where the reply goes: the endpoint of the customer's latest message on that channel in this
 * conversation, else their latest on that channel at all; and when they last wrote on it.
 */
async function replyEndpoint(
  owners: string[],
  request: { conversationId: string; channel: ReplyChannel },
  deps: ReplyDeps,
): Promise<ReplyAddress | undefined> {
  const recent = await deps.timeline.recent(owners, request.channel, ENDPOINT_LOOKBACK);
  const inbound = recent.filter((interaction) => interaction.direction === 'inbound' && interaction.endpoint);
  const chosen =
    inbound.find((interaction) => interaction.conversationId === request.conversationId) ?? inbound[0];
  if (!chosen?.endpoint) return undefined;
  // The window runs from the customer's last message on the channel, wherever they wrote it; from
  // when it reached us if that is later (a delivery the provider retried or replayed late), so
  // the check never refuses what the provider would still take.
  const last = inbound.find((interaction) => interaction.kind === 'message') ?? chosen;
  const lastInboundAt = new Date(Math.max(Date.parse(last.recordedAt), Date.parse(last.at))).toISOString();
  return { endpoint: chosen.endpoint, lastInboundAt };
}

interface ReplyAddress {
  endpoint: ChannelEndpoint;
  /** When the customer last wrote on the channel; none for a first contact. */
  lastInboundAt?: string | undefined;
}

/**
 * A template to a customer who never wrote on WhatsApp goes to their verified phone number (a
 * number they only typed is not proof enough to message), from the configured business number.
 */
function firstContact(
  customer: Customer,
  request: ReplyRequest,
  phoneNumberId: string | undefined,
): ReplyAddress | undefined {
  if (request.channel !== 'whatsapp' || !request.template || !phoneNumberId) return undefined;
  const phone = customer.identities.find((identity) => identity.startsWith('phone:'));
  if (!phone) return undefined;
  return { endpoint: { provider: 'meta', business: phoneNumberId, customer: phone.replace(/\D/g, '') } };
}

function noAddress(channel: ReplyChannel): never {
  throw new DomainError(
    'conflict',
    `the customer has not written to us on ${channel}, so there is no address to reply to`,
    { field: 'channel' },
  );
}

/**
 * WhatsApp takes a free-form message only within 24 hours of the customer's last message (the
 * customer service window); after that only an approved template. Refused here, before the send,
 * rather than by Meta after it: a refused send is a failed message on the customer's timeline.
 */
function refuseOutsideWindow(channel: ReplyChannel, lastInboundAt: string | undefined, now: Date): void {
  if (channel !== 'whatsapp' || lastInboundAt === undefined) return;
  if (now.getTime() - Date.parse(lastInboundAt) <= MESSAGING_WINDOW_MS) return;
  throw new DomainError(
    'conflict',
    `the customer last wrote on WhatsApp at ${lastInboundAt}, more than 24 hours ago: WhatsApp ` +
      'takes only an approved template until they write again',
    { field: 'channel', reason: 'outside_customer_service_window', lastInboundAt },
  );
}
