import { ConnectClient, type ConnectionData, StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { ConnectConfig } from '#channels/connect/config.ts';
import type { WebCallMedia } from '#core/web-calls.ts';
import { classify } from './client.ts';

/** What the app's Amazon Chime SDK client needs to join the call Connect started. */
export interface WebCallConnection {
  contactId: string;
  participantId: string;
  participantToken: string;
  connectionData: ConnectionData;
}

export interface WebCallRequest {
  /** Our call id, also the client token: a retry of it never starts a second contact. */
  webCallId: string;
  displayName: string;
  media: WebCallMedia;
  attributes: Record<string, string>;
}

/** Starts in-app and web calls in Amazon Connect. */
export interface WebCallStarter {
  start(request: WebCallRequest): Promise<WebCallConnection>;
}

/**
 * StartWebRTCContact on one instance and flow, one attempt per request: the caller is waiting,
 * so a throttled request is answered as busy rather than retried inside the request. Throws
 * `ConnectBusyError` or `ConnectRejectedError`.
 */
export function webCallStarter(
  connect: ConnectClient,
  settings: { instanceId: string; contactFlowId: string },
): WebCallStarter {
  return {
    async start(request) {
      // Video both ways when asked for; otherwise the call stays audio only.
      const video = request.media === 'video' ? ({ Video: 'SEND' } as const) : undefined;
      try {
        const answer = await connect.send(
          new StartWebRTCContactCommand({
            InstanceId: settings.instanceId,
            ContactFlowId: settings.contactFlowId,
            ParticipantDetails: { DisplayName: request.displayName },
            Attributes: request.attributes,
            AllowedCapabilities: video ? { Customer: video, Agent: video } : undefined,
            ClientToken: request.webCallId,
          }),
        );
        if (!answer.ContactId || !answer.ParticipantToken || !answer.ConnectionData) {
          throw Object.assign(new Error('Connect answered without a contact or connection data'), {
            name: 'IncompleteAnswer',
            $metadata: { httpStatusCode: 502 },
          });
        }
        return {
          contactId: answer.ContactId,
          participantId: answer.ParticipantId ?? '',
          participantToken: answer.ParticipantToken,
          connectionData: answer.ConnectionData,
        };
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** The deployment's starter, or undefined when no instance or no flow for web calls is set. */
export function webCallStarterFrom(
  config: ConnectConfig,
  client?: ConnectClient,
): WebCallStarter | undefined {
  const instanceId = config.instanceArn?.split('/').at(-1);
  if (!instanceId || !config.webCallFlowId) return undefined;
  const connect =
    client ?? new ConnectClient({ region: config.region, endpoint: config.endpoint, maxAttempts: 1 });
  return webCallStarter(connect, { instanceId, contactFlowId: config.webCallFlowId });
}
