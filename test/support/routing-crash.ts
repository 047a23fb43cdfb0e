/**
 * A router process that dies the hard way between deciding and carrying out: its events are
 * appended to the log and decided, and the process is killed as the first effect is applied.
 * `node --import tsx routing-crash.ts` with the endpoint, table, partition, time and events
 * (JSON) in the environment.
 */
import { localClientConfig } from '#local/emulators.ts';
import { RoutingFollower } from '#routing/follower.ts';
import { RoutingService } from '#routing/service.ts';
import { createTableClient } from '#store/dynamo.ts';
import { AppliedMarks, RoutingLog } from '#store/routing-log.ts';

const { CRASH_DYNAMODB_ENDPOINT, CRASH_TABLE, CRASH_PARTITION, CRASH_EVENTS, CRASH_NOW } = process.env;
const table = createTableClient(CRASH_TABLE ?? '', localClientConfig(CRASH_DYNAMODB_ENDPOINT ?? ''));
const log = new RoutingLog(table, CRASH_PARTITION);
const clock = () => Number(CRASH_NOW);
const dying = {
  apply: async () => {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  },
};
const follower = new RoutingFollower({ log, effects: dying, applied: new AppliedMarks(table), clock });
const router = new RoutingService(log, {}, clock, (entry) => follower.follow([entry]));
await router.dispatch(JSON.parse(CRASH_EVENTS ?? '[]'));
