import type { SQSClient } from '@aws-sdk/client-sqs';
import { loadConnectConfig } from '#channels/connect/config.ts';
import type { RoutingDeps } from '#routing/deps.ts';
import {
  connectRoutes,
  type LocalConnect,
  localWebCalls,
  provisionLocalConnect,
  startConnectRequests,
} from './connect.ts';
import type { GatewayOptions } from './gateway.ts';
import type { Poller } from './sqs-poller.ts';

export interface ConnectFunctions {
  /** The requests consumer, paced into the stand-in as into Amazon Connect. */
  requests: Poller;
  /** The web calls route of the API. */
  webCalls: ReturnType<typeof localWebCalls>;
  /** `/local/connect/…`: what Amazon Connect itself does on AWS. */
  routes: NonNullable<GatewayOptions['localRoutes']>;
  stop(): Promise<void>;
}

export interface LocalConnectChannel {
  /** The requests queue and the stand-in's endpoint, as the stack sets them (yours win where set). */
  env: Record<string, string>;
  /** Stops the API stand-in. */
  stop(): Promise<void>;
  /** The channel's functions, once their dependencies exist (they need the environment above). */
  startFunctions(deps: RoutingDeps, env: Record<string, string | undefined>): ConnectFunctions;
}

/**
 * The Amazon Connect channel (lib/connect.ts): work handed to Amazon Connect goes to a local
 * stand-in of its API, paced as on AWS.
 */
export async function startConnect(admin: SQSClient, port: number): Promise<LocalConnectChannel> {
  const local: LocalConnect = await provisionLocalConnect(admin, port);
  return {
    env: local.env,
    stop: () => local.api.stop(),
    startFunctions: (deps, env) => {
      const config = loadConnectConfig(env);
      const requests = startConnectRequests(deps, config, local);
      return {
        requests,
        webCalls: localWebCalls(deps, config, local),
        routes: connectRoutes(deps, config, local),
        stop: () => requests.stop(),
      };
    },
  };
}
