import { SchedulerClient, type SchedulerClientConfig } from '@aws-sdk/client-scheduler';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import type { AppDeps } from '#shared/deps.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import type { RoutingSettings } from './config.ts';
import { handOffToConnect } from './connect-handoff.ts';
import { DecisionEffects } from './effects.ts';
import { RoutingQueues } from './routing-queue.ts';
import { RoutingService } from './service.ts';
import { RoutingStateStore } from './state-store.ts';
import { TimerSchedules } from './timer-schedules.ts';

/** What routing handlers use on top of the common dependencies. */
export interface RoutingDeps extends AppDeps {
  routing: RoutingService;
  routingQueues: RoutingQueues;
  agents: AgentsRepo;
  /** Whether work can be handed to Amazon Connect here (a Connect requests queue is configured). */
  connectDelivery: boolean;
}

/**
 * `scheduler` overrides the client built from the settings (the local runtime passes one with
 * local credentials).
 */
export function withRouting(
  deps: AppDeps,
  settings: RoutingSettings,
  clients: { scheduler?: SchedulerClientConfig } = {},
): RoutingDeps {
  const { longTimers } = settings;
  const routingQueues = new RoutingQueues(
    deps.sqs,
    { events: settings.eventsQueueUrl, timers: settings.timerQueueUrl },
    settings.partition,
    longTimers &&
      new TimerSchedules(
        new SchedulerClient(
          clients.scheduler ?? (longTimers.endpoint ? { endpoint: longTimers.endpoint } : {}),
        ),
        longTimers,
      ),
  );
  const routing = new RoutingService(
    new RoutingStateStore(deps.table, settings.partition),
    new DecisionEffects(deps.table, routingQueues, (handoff) =>
      handOffToConnect(handoff, {
        ...deps,
        requests: new ConnectRequestsQueue(deps.sqs, settings.connectHandoff?.requestsQueueUrl),
        consoleUrl: settings.connectHandoff?.consoleUrl,
      }),
    ),
    settings.engine,
    () => deps.clock.now().getTime(),
  );
  return {
    ...deps,
    routing,
    routingQueues,
    agents: new AgentsRepo(deps.table),
    connectDelivery: Boolean(settings.connectHandoff?.requestsQueueUrl),
  };
}
