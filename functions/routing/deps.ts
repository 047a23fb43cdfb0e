import { SchedulerClient, type SchedulerClientConfig } from '@aws-sdk/client-scheduler';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import type { AppDeps } from '#shared/deps.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import type { RoutingSettings } from './config.ts';
import { handOffToConnect } from './connect-handoff.ts';
import { EntryEffects } from './effects.ts';
import { RoutingFollower, type SnapshotPolicy } from './follower.ts';
import { QueueBoard } from './queue-board.ts';
import { AppliedMarks, RoutingLog } from './routing-log.ts';
import { RoutingQueues } from './routing-queue.ts';
import { RoutingService } from './service.ts';
import { TimerSchedules } from './timer-schedules.ts';

/** What routing handlers use on top of the common dependencies. */
export interface RoutingDeps extends AppDeps {
  /** Appends routing events to the partition's log and decides them. */
  routing: RoutingService;
  /** Follows the log and carries its decisions out: the effects function's, and tests'. */
  routingFollower: RoutingFollower;
  routingQueues: RoutingQueues;
  routingLog: RoutingLog;
  queueBoard: QueueBoard;
  agents: AgentsRepo;
  /** Whether work can be handed to Amazon Connect here (a Connect requests queue is configured). */
  connectDelivery: boolean;
}

export interface RoutingOptions {
  /** Overrides the client built from the settings (the local runtime's has local credentials). */
  scheduler?: SchedulerClientConfig;
  /**
   * `stream` (the default): decisions are carried out by whoever follows the table's stream, as
   * on AWS. `inline`: this process's follower carries out each entry as soon as it is appended,
   * for tests that run no stream reader.
   */
  effects?: 'stream' | 'inline';
  snapshots?: SnapshotPolicy;
}

export function withRouting(
  deps: AppDeps,
  settings: RoutingSettings,
  options: RoutingOptions = {},
): RoutingDeps {
  const { longTimers, partition } = settings;
  const routingQueues = new RoutingQueues(
    deps.sqs,
    { events: settings.eventsQueueUrl, timers: settings.timerQueueUrl },
    partition,
    longTimers &&
      new TimerSchedules(
        new SchedulerClient(
          options.scheduler ?? (longTimers.endpoint ? { endpoint: longTimers.endpoint } : {}),
        ),
        longTimers,
      ),
  );
  const effects = new EntryEffects(deps.table, routingQueues, (handoff) =>
    handOffToConnect(handoff, {
      ...deps,
      requests: new ConnectRequestsQueue(deps.sqs, settings.connectHandoff?.requestsQueueUrl),
      consoleUrl: settings.connectHandoff?.consoleUrl,
    }),
  );
  const clock = () => deps.clock.now().getTime();
  const routingLog = new RoutingLog(deps.table, partition);
  const queueBoard = new QueueBoard(deps.table, partition);
  const routingFollower = new RoutingFollower({
    log: routingLog,
    effects,
    applied: new AppliedMarks(deps.table),
    board: queueBoard,
    config: settings.engine,
    clock,
    snapshots: options.snapshots,
  });
  const routing = new RoutingService(
    routingLog,
    settings.engine,
    clock,
    options.effects === 'inline' ? (entry) => routingFollower.follow([entry]) : undefined,
  );
  return {
    ...deps,
    routing,
    routingFollower,
    routingQueues,
    routingLog,
    queueBoard,
    agents: new AgentsRepo(deps.table),
    connectDelivery: Boolean(settings.connectHandoff?.requestsQueueUrl),
  };
}
