import type { ConnectRequestInput } from '#channels/connect/requests.ts';
import { CallbackRequestSchema } from '#core/callback-request.ts';
import type { PlaceCallback } from './effects.ts';

/**
 * The call a customer asked for instead of waiting, placed once an agent has accepted their item:
 * one `startOutboundVoice` request on the paced Connect requests queue, in the item's
 * conversation, with the item and the accepting agent in the contact's attributes.
 */
export function callbackPlacer(requests: {
  send(request: ConnectRequestInput): Promise<void>;
}): PlaceCallback {
  return async (item, agentId) => {
    const callback = CallbackRequestSchema.parse(item.callback);
    await requests.send({
      operation: 'startOutboundVoice',
      clientToken: callback.clientToken,
      conversationId: String(item.conversationId),
      customerId: String(item.customerId),
      workItemId: String(item.workItemId),
      destinationPhoneNumber: callback.phone,
      attributes: {
        reason: 'callback-request',
        onethreadWorkItemId: String(item.workItemId),
        onethreadAgentId: agentId,
        onethreadCallbackVia: callback.via,
      },
    });
  };
}
