import {
  CALLBACK_REQUESTS_PER_HOUR,
  type CallbackRequest,
  callbackClientToken,
  isCallbackReply,
} from '#core/callback-request.ts';
import type { AutomaticReplies } from '#core/ingest.ts';
import type { Interaction } from '#core/model.ts';
import { callbackNotice } from '#core/templates.ts';
import { logger } from '#shared/observability.ts';
import { CallbackLimits } from '#store/callback-limits.ts';
import { sendAutomatic } from './automatic.ts';
import type { QueuedNoticeDeps } from './queued.ts';

/** The channels whose sender is a phone number the channel proved. */
export const CALLBACK_REPLY_CHANNELS: ReadonlySet<string> = new Set(['sms', 'whatsapp']);

/**
 * A customer waiting on SMS or WhatsApp replies `CALL`: their waiting work item carries a
 * callback to the number they wrote from (proved by the channel), keeps its place in line, and
 * the call is placed when an agent accepts it, as for a chat's request. They are told when to
 * expect it. A reply while nothing waits, or after an agent has it, is a message like any other.
 */
export class CallbackReplyTaker implements AutomaticReplies {
  constructor(private readonly deps: QueuedNoticeDeps) {}

  async take(interaction: Interaction): Promise<boolean> {
    if (interaction.direction !== 'inbound' || interaction.kind !== 'message') return false;
    if (!CALLBACK_REPLY_CHANNELS.has(interaction.channel) || !interaction.conversationId) return false;
    if (!isCallbackReply(interaction.text)) return false;
    const phone = senderPhone(interaction);
    const conversation = await this.deps.conversations.get(interaction.conversationId);
    const item = conversation?.openWorkItemId
      ? await this.deps.workItems.get(conversation.openWorkItemId)
      : undefined;
    if (!phone || !item || (item.state !== 'queued' && item.state !== 'offered')) return false;
    const now = this.deps.clock.now();
    const limits = new CallbackLimits(this.deps.table, CALLBACK_REQUESTS_PER_HOUR);
    // Beyond the hourly limit the reply goes to the agent as written.
    if (!(await limits.take(`conversation:${item.conversationId}`, now))) return false;
    const request: CallbackRequest = {
      phone,
      via: interaction.channel === 'whatsapp' ? 'whatsapp' : 'sms',
      trust: 'verified',
      requestedAt: now.toISOString(),
      clientToken: callbackClientToken(item.workItemId),
    };
    const outcome = await this.deps.workItems.requestCallback(item.workItemId, request);
    if (outcome === 'taken') return false;
    // A redelivered reply (or a second CALL) finds the request there, and is not answered again.
    if (outcome === 'recorded') await this.confirm(item.workItemId, interaction);
    logger.info('callback requested by reply', { workItemId: item.workItemId, outcome });
    return true;
  }

  /** When to expect the call, from the item's estimate. */
  private async confirm(workItemId: string, interaction: Interaction): Promise<void> {
    const item = await this.deps.workItems.get(workItemId);
    const customer = item ? await this.deps.customers.get(item.customerId) : undefined;
    if (!item || !customer) return;
    const wait = await this.deps.waitOf(item);
    const language = interaction.language?.code ?? item.language;
    const text = callbackNotice(
      await this.deps.templates.get(item.queueId),
      wait?.estimatedWaitSeconds,
      language,
    );
    const outcome = await sendAutomatic(this.deps, item, customer, text, {
      key: `callback:${interaction.interactionId}`,
    });
    if (!outcome.sent && outcome.retryable)
      throw new Error(`the callback answer could not be sent yet: ${outcome.reason}`);
  }
}

/** The E.164 number the channel proved: the sender's `phone:` identity. */
function senderPhone(interaction: Interaction): string | undefined {
  return interaction.identity?.startsWith('phone:') ? interaction.identity.slice('phone:'.length) : undefined;
}
