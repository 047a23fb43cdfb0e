import { WaitBoards } from '#channels/chat/queue-status.ts';
import type { ConnectConfig } from '#channels/connect/config.ts';
import {
  type FlowCallbackAnswer,
  REQUEST_CALLBACK,
  requestCallbackFromFlow,
} from '#channels/connect/flow-callback.ts';
import { answerContactFlow, type FlowAnswer } from '#channels/connect/flow-lookup.ts';
import type { AppDeps } from '#deps/app.ts';
import { loadRoutingSettings } from '#routing/config.ts';
import type { PartitionMap } from '#routing/partitions.ts';
import type { RoutingQueues } from '#routing/routing-queue.ts';
import { lambdaHandler } from '#shared/lambda-handler.ts';
import { logger } from '#shared/observability.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { CallsRepo } from '#store/calls-repo.ts';
import { PlacedCallsRepo } from '#store/placed-calls-repo.ts';
import { QueueHoursRepo } from '#store/queue-hours-repo.ts';
import { WebCallsRepo } from '#store/web-calls-repo.ts';

/**
 * Invoked by an Amazon Connect contact flow ("Invoke AWS Lambda function", response validation
 * STRING_MAP): who is calling, their open conversation and how to route them. It always answers,
 * with safe defaults when anything goes wrong, so the flow never takes its Error branch because
 * of us.
 */
export function makeHandler(
  deps: AppDeps & { routingQueues?: RoutingQueues | undefined },
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
    placedCalls: new PlacedCallsRepo(deps.table),
    calls: new CallsRepo(deps.table),
    partitions,
  };
  return lambdaHandler<unknown, FlowAnswer | FlowCallbackAnswer>(async (event) => {
    const started = Date.now();
    if (flowAction(event) === REQUEST_CALLBACK) {
      const answer = await requestCallbackFromFlow(event, lookupDeps);
      logger.info('callback requested from the flow', {
        callbackStatus: answer.callbackStatus,
        workItemId: answer.workItemId || undefined,
        elapsedMs: Date.now() - started,
      });
      return answer;
    }
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

/** The block's `action` parameter: which of the flow's questions this invocation asks. */
function flowAction(event: unknown): string | undefined {
  const parameters = (event as { Details?: { Parameters?: Record<string, unknown> } } | null)?.Details
    ?.Parameters;
  return typeof parameters?.action === 'string' ? parameters.action : undefined;
}
