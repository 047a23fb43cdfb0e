import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { WaitBoards } from '#channels/chat/queue-status.ts';
import { answerContactFlow, type FlowAnswer } from '#channels/connect/flow-lookup.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import { type ConnectConfig, loadConfig, loadConnectConfig } from '#shared/config.ts';
import { type AppDeps, createDeps, lazyHandler } from '#shared/deps.ts';
import { logger } from '#shared/observability.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';

/**
 * Invoked by an Amazon Connect contact flow ("Invoke AWS Lambda function", response validation
 * STRING_MAP): who is calling, their open conversation and how to route them. It always answers,
 * with safe defaults when anything goes wrong, so the flow never takes its Error branch because
 * of us.
 */
export function makeHandler(
  deps: AppDeps,
  connect: ConnectConfig,
  /** Which routing partition holds each queue (the local runtime passes its own). */
  partitions: PartitionMap = loadRoutingSettings(process.env).partitions,
) {
  const lookupDeps = {
    ...deps,
    policy: deps.config.conversationPolicy,
    routingRules: deps.config.routingRules,
    defaultCountry: deps.config.defaultCountry,
    connect,
    webCalls: new WebCallsRepo(deps.table),
    agents: new AgentsRepo(deps.table),
    waits: new WaitBoards(deps, partitions),
    hours: new QueueHoursRepo(deps.table),
  };
  return middy<unknown, FlowAnswer>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const started = Date.now();
      const answer = await answerContactFlow(event, lookupDeps);
      logger.info('contact flow lookup', {
        customerId: answer.customerId || undefined,
        conversationId: answer.openConversationId || undefined,
        lookupStatus: answer.lookupStatus,
        elapsedMs: Date.now() - started,
      });
      return answer;
    });
}

export const handler = lazyHandler(() =>
  makeHandler(createDeps(loadConfig(process.env)), loadConnectConfig(process.env)),
);
