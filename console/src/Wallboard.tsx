import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import type { Agent, QueueStats } from './api.ts';
import { duration } from './format.ts';

export interface FloorFigures {
  /** Today's answers within target over all of today's answered and abandoned; null before the first. */
  serviceLevel: number | null;
  waiting: number;
  longestWaitSeconds: number;
  agents: { available: number; busy: number; away: number; offline: number };
}

/**
 * The floor at a glance, from the queues' and agents' figures: each queue's service level
 * weighted by its contacts today, what waits everywhere, the longest wait, and the agents by state
 * (an available agent with work in hand is busy).
 */
export function floorFigures(queues: readonly QueueStats[], agents: readonly Agent[]): FloorFigures {
  let contacts = 0;
  let within = 0;
  for (const queue of queues) {
    if (queue.serviceLevelToday === null || queue.serviceLevelToday === undefined) continue;
    const ofQueue = (queue.answeredToday ?? 0) + (queue.abandonedToday ?? 0);
    contacts += ofQueue;
    within += queue.serviceLevelToday * ofQueue;
  }
  const byState = { available: 0, busy: 0, away: 0, offline: 0 };
  for (const agent of agents) {
    const working = Object.values(agent.load).some((load) => (load ?? 0) > 0);
    byState[agent.status === 'available' && working ? 'busy' : agent.status] += 1;
  }
  return {
    serviceLevel: contacts > 0 ? within / contacts : null,
    waiting: queues.reduce((sum, queue) => sum + queue.waiting, 0),
    longestWaitSeconds: Math.max(0, ...queues.filter((q) => q.waiting > 0).map((q) => q.oldestWaitSeconds)),
    agents: byState,
  };
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <Box variant="awsui-value-large">{value}</Box>
    </div>
  );
}

/** The wallboard: the figures a floor is run by, large, live with the views below it. */
export function Wallboard({ queues, agents }: { queues: readonly QueueStats[]; agents: readonly Agent[] }) {
  const floor = floorFigures(queues, agents);
  return (
    <Container header={<Header variant="h2">Floor now</Header>}>
      <ColumnLayout columns={4} variant="text-grid">
        <Figure
          label="Service level today"
          value={floor.serviceLevel === null ? '—' : `${Math.round(floor.serviceLevel * 100)} %`}
        />
        <Figure label="Waiting" value={floor.waiting} />
        <Figure label="Longest wait" value={floor.waiting > 0 ? duration(floor.longestWaitSeconds) : '—'} />
        <Figure
          label="Agents available · busy · away · offline"
          value={`${floor.agents.available} · ${floor.agents.busy} · ${floor.agents.away} · ${floor.agents.offline}`}
        />
      </ColumnLayout>
    </Container>
  );
}
