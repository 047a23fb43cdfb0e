import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

/** `failed` names the error (its class, never the payload) for the log. */
export type PostOutcome = { outcome: 'sent' } | { outcome: 'gone' } | { outcome: 'failed'; reason: string };

/** Sends to open WebSocket connections through API Gateway's management API (or the local one). */
export class LiveConnections {
  private readonly client: ApiGatewayManagementApiClient;

  /** `endpoint`: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`. */
  constructor(endpoint: string, config: ApiGatewayManagementApiClientConfig = {}) {
    this.client = new ApiGatewayManagementApiClient({ ...config, endpoint });
  }

  /** A connection that is gone (410) is reported, never thrown: the caller cleans it up. */
  async post(connectionId: string, message: unknown): Promise<PostOutcome> {
    try {
      await this.client.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: new TextEncoder().encode(JSON.stringify(message)),
        }),
      );
      return { outcome: 'sent' };
    } catch (error) {
      const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (name === 'GoneException' || $metadata?.httpStatusCode === 410) return { outcome: 'gone' };
      return {
        outcome: 'failed',
        reason: `${name ?? 'Error'} (${$metadata?.httpStatusCode ?? 'no status'})`,
      };
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
