import { capacityGroupOf } from '#core/routing/index.ts';
import { type ErlangPrediction, predict } from './erlang.ts';
import type { AgentGroup, Run, Scenario, Stream } from './scenario.ts';

/**
 * Erlang C applies where the simulation is an M/M/N queue: exponential handling, nobody
 * abandoning, a constant rate, agents on all the time taking one contact each; Erlang A where
 * customers also give up after an exponential patience (M/M/N+M). Then either
 * every agent serves every stream (one pooled prediction) or the streams have disjoint agent
 * sets (one prediction per stream). Anything else gets no prediction.
 */
export function erlangPredictions(scenario: Scenario, run: Run): Map<string, ErlangPrediction> {
  const groups = scenario.rosters[run.roster] ?? [];
  const streams = scenario.streams;
  const oneGroup = new Set(streams.map((stream) => capacityGroupOf(stream.channel))).size === 1;
  if (!oneGroup || !streams.every(isMarkovian) || groups.some((group) => group.shifts)) return new Map();
  const servers = streams.map((stream) => new Set(groups.filter((group) => serves(scenario, group, stream))));
  const agentsIn = (set: Set<AgentGroup>) => [...set].reduce((sum, group) => sum + group.count, 0);
  const sameMean =
    new Set(streams.map(handleMean)).size === 1 && new Set(streams.map(patienceMean)).size === 1;
  if (sameMean && servers.every((set) => set.size === groups.length)) {
    const perHour = streams.reduce((sum, stream) => sum + rate(stream), 0);
    const first = streams[0] as Stream;
    return new Map([
      [
        'all',
        predict(
          agentsIn(servers[0] ?? new Set()),
          perHour,
          handleMean(first),
          target(scenario, first),
          patienceMean(first),
        ),
      ],
    ]);
  }
  const disjoint = servers.every((set, i) =>
    servers.every((other, j) => i === j || [...set].every((g) => !other.has(g))),
  );
  if (!disjoint) return new Map();
  return new Map(
    streams.map((stream, i) => [
      `${stream.queueId} · ${stream.channel}`,
      predict(
        agentsIn(servers[i] ?? new Set()),
        rate(stream),
        handleMean(stream),
        target(scenario, stream),
        patienceMean(stream),
      ),
    ]),
  );
}

function isMarkovian(stream: Stream): boolean {
  return (
    stream.handleSeconds.type === 'exponential' &&
    (!stream.patienceSeconds || stream.patienceSeconds.type === 'exponential') &&
    typeof stream.perHour === 'number'
  );
}

const patienceMean = (stream: Stream) =>
  stream.patienceSeconds?.type === 'exponential' ? stream.patienceSeconds.mean : undefined;

/** One contact at a time in the stream's capacity group, and the skills of the loosest step. */
function serves(scenario: Scenario, group: AgentGroup, stream: Stream): boolean {
  if ((group.capacity[capacityGroupOf(stream.channel)] ?? 0) !== 1) return false;
  const queue = scenario.queues.find((q) => q.queueId === stream.queueId);
  const loosest = queue?.steps.at(-1)?.skills ?? {};
  return Object.entries(loosest).every(([skill, level]) => (group.skills[skill] ?? 0) >= level);
}

const rate = (stream: Stream) => (typeof stream.perHour === 'number' ? stream.perHour : 0);
const handleMean = (stream: Stream) =>
  stream.handleSeconds.type === 'exponential' ? stream.handleSeconds.mean : 0;

function target(scenario: Scenario, stream: Stream): number {
  const queue = scenario.queues.find((q) => q.queueId === stream.queueId);
  return queue?.channelServiceLevels[stream.channel]?.seconds ?? queue?.serviceLevel.seconds ?? 20;
}
