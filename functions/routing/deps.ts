import { SchedulerClient, type SchedulerClientConfig } from '@aws-sdk/client-scheduler';
import { ConnectRequestsQueue } from '#channels/connect/requests.ts';
import { RoutingConfigSchema } from '#core/routing/index.ts';
import type { AppDeps } from '#deps/app.ts';
import { DeadLetterQueue } from '#queue/dead-letter.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { AppliedMarks, RoutingLog } from '#store/routing-log.ts';
import type { RoutingSettings } from './config.ts';
import { callbackPlacer } from './connect-callbacks.ts';
import { handOffToConnect } from './connect-handoff.ts';
import { EntryEffects } from './effects.ts';
import { RoutingFollower, type SnapshotPolicy } from './follower.ts';
import type { PartitionMap } from './partitions.ts';
import { QueueBoard } from './queue-board.ts';
import { RoutingQueues } from './routing-queue.ts';
import { RoutingService } from './service.ts';
import { TimerSchedules } from './timer-schedules.ts';
import { WaitBoard } from './wait-board.ts';

/** One routing partition's log, its writer, its follower and its queue board. */
export interface RoutingPartition {
  /** Appends routing events to the partition's log and decides them. */
  routing: RoutingService;
  /** Follows the log and carries its decisions out: the effects function's, and tests'. */
  routingFollower: RoutingFollower;
  routingLog: RoutingLog;
  queueBoard: QueueBoard;
  waitBoard: WaitBoard;
}

/** What routing handlers use on top of the common dependencies. */
export interface RoutingDeps extends AppDeps, RoutingPartition {
  /** Which partition each queue and agent belongs to; the fields above are the home partition's. */
  partitions: PartitionMap;
  /** A partition's parts, made on first use and kept: each has its own warm engines. */
  routingFor(partition: string): RoutingPartition;
  routingQueues: RoutingQueues;
  /** Where the router parks events that can never be routed, when a dead-letter queue is set. */
  routingDeadLetters?: DeadLetterQueue | undefined;
  agents: AgentsRepo;
  /** Why an agent may say they are away: the floor's list, as the engine checks it. */
  awayReasons: readonly string[];
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

/** What `deps` are given, with routing's own (keeps a function's senders, when it has them). */
export function withRouting<D extends AppDeps>(
  deps: D,
  settings: RoutingSettings,
  options: RoutingOptions = {},
): D & RoutingDeps {
  const { longTimers, partitions } = settings;
  const routingQueues = new RoutingQueues(
    deps.sqs,
    { events: settings.eventsQueueUrl, timers: settings.timerQueueUrl },
    longTimers &&
      new TimerSchedules(
        new SchedulerClient(
          options.scheduler ?? (longTimers.endpoint ? { endpoint: longTimers.endpoint } : {}),
        ),
        longTimers,
      ),
  );
  const effects = new EntryEffects(
    deps.table,
    routingQueues,
    (handoff) =>
      handOffToConnect(handoff, {
        ...deps,
        requests: new ConnectRequestsQueue(deps.sqs, settings.connectHandoff?.requestsQueueUrl),
        consoleUrl: settings.connectHandoff?.consoleUrl,
      }),
    // Told through the ingest queue, whose consumer holds the senders: routing never waits on a provider.
    deps.ingestQueue.configured
      ? (notices) => deps.ingestQueue.sendAll(notices.map((notice) => ({ type: 'notice', ...notice })))
      : undefined,
  );
  // Without a Connect requests queue a callback stays on its item for the agent to see.
  const callbackRequests = settings.connectHandoff?.requestsQueueUrl;
  if (callbackRequests)
    effects.placeCallbacksWith(callbackPlacer(new ConnectRequestsQueue(deps.sqs, callbackRequests)));
  const clock = () => deps.clock.now().getTime();
  const applied = new AppliedMarks(deps.table);
  const made = new Map<string, RoutingPartition>();
  const routingFor = (partition: string): RoutingPartition => {
    let parts = made.get(partition);
    if (parts) return parts;
    const routingLog = new RoutingLog(deps.table, partition);
    const queueBoard = new QueueBoard(deps.table, partition);
    const waitBoard = new WaitBoard(deps.table, partition);
    const routingFollower = new RoutingFollower({
      log: routingLog,
      effects,
      applied,
      board: queueBoard,
      waits: waitBoard,
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
    parts = { routing, routingFollower, routingLog, queueBoard, waitBoard };
    made.set(partition, parts);
    return parts;
  };
  return {
    ...deps,
    ...routingFor(partitions.home),
    partitions,
    routingFor,
    routingQueues,
    routingDeadLetters: settings.deadLetterQueueUrl
      ? new DeadLetterQueue(deps.sqs, settings.deadLetterQueueUrl)
      : undefined,
    agents: new AgentsRepo(deps.table),
    awayReasons: RoutingConfigSchema.parse(settings.engine).awayReasons,
    connectDelivery: Boolean(settings.connectHandoff?.requestsQueueUrl),
  };
}
