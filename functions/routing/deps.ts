import type { AppDeps } from '#shared/deps.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import type { RoutingSettings } from './config.ts';
import { DecisionEffects } from './effects.ts';
import { RoutingQueues } from './routing-queue.ts';
import { RoutingService } from './service.ts';
import { RoutingStateStore } from './state-store.ts';

/** What routing handlers use on top of the common dependencies. */
export interface RoutingDeps extends AppDeps {
  routing: RoutingService;
  routingQueues: RoutingQueues;
  agents: AgentsRepo;
}

export function withRouting(deps: AppDeps, settings: RoutingSettings): RoutingDeps {
  const routingQueues = new RoutingQueues(
    deps.sqs,
    { events: settings.eventsQueueUrl, timers: settings.timerQueueUrl },
    settings.partition,
  );
  const routing = new RoutingService(
    new RoutingStateStore(deps.table, settings.partition),
    new DecisionEffects(deps.table, routingQueues),
    settings.engine,
    () => deps.clock.now().getTime(),
  );
  return { ...deps, routing, routingQueues, agents: new AgentsRepo(deps.table) };
}
