import type { Agent, Channel } from '#core/model.ts';
import {
  createRoutingState,
  type Offer,
  type QueueInput,
  type RoutableItem,
  type RoutingConfigInput,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingState,
  type RoutingStateInput,
  route,
  snapshot,
  type TimerEvent,
} from '#core/routing/index.ts';

/** 09:00 on a Monday, on a minute boundary so aging levels are easy to reason about. */
export const T0 = Date.parse('2025-03-03T09:00:00.000Z');

/**
 * Drives the engine the way the router would: events in, decisions out, and the timers it
 * asks for delivered when the test clock passes them.
 */
export class Harness {
  state: RoutingState;
  now = T0;
  readonly log: RoutingDecision[] = [];
  private timers: Array<{ at: number; event: TimerEvent; seq: number }> = [];
  private seq = 0;
  /** Sees every event and its decisions, timers included, in the order the engine saw them. */
  observer: ((event: RoutingEvent, decisions: RoutingDecision[]) => void) | undefined;

  constructor(private readonly input: RoutingStateInput = {}) {
    this.state = createRoutingState({ queues: [billing, general], ...input });
  }

  /** Rebuilds the state from its stored form, as a router starting cold would; timers stay. */
  restore(): void {
    this.state = restored(this.state, this.input.config);
  }

  send(event: RoutingEvent): RoutingDecision[] {
    const decisions = route(this.state, event, this.now);
    this.observer?.(event, decisions);
    for (const decision of decisions) {
      this.log.push(decision);
      if (decision.type === 'timer')
        this.timers.push({ at: decision.at, event: decision.event, seq: this.seq++ });
    }
    return decisions;
  }

  /** Drops every timer not yet delivered, as if scheduling them had failed. */
  loseTimers(): void {
    this.timers = [];
  }

  /** Moves the clock forward, delivering due timers in time order; returns what they decided. */
  advance(seconds: number): RoutingDecision[] {
    const until = this.now + seconds * 1000;
    const decided: RoutingDecision[] = [];
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.now = Math.max(this.now, next.at);
      decided.push(...this.send(next.event));
    }
    this.now = until;
    return decided;
  }

  enqueue(id: string, overrides: Partial<RoutableItem> = {}): RoutingDecision[] {
    return this.send({ type: 'itemEnqueued', item: item(id, this.now, overrides) });
  }

  addAgent(
    agentId: string,
    skills: Record<string, number>,
    overrides: Partial<Agent> = {},
  ): RoutingDecision[] {
    return this.send({ type: 'agentUpserted', agent: agent(agentId, skills, overrides) });
  }

  /** Gives a queue a service-level target for one channel, keeping the rest of its policy. */
  queueChannelTarget(queueId: string, channel: Channel, seconds: number): RoutingDecision[] {
    const queue = [billing, general].find((candidate) => candidate.queueId === queueId);
    const channelServiceLevels = { ...queue?.channelServiceLevels, [channel]: { seconds, target: 0.8 } };
    return this.send({ type: 'queueUpserted', queue: { ...(queue ?? general), channelServiceLevels } });
  }

  pendingTimers(): TimerEvent[] {
    return this.timers.map((timer) => timer.event);
  }
}

/** The state the router would rebuild from this one's snapshot, gone through JSON as stored. */
export function restored(state: RoutingState, config?: RoutingConfigInput): RoutingState {
  return createRoutingState({ config, ...JSON.parse(JSON.stringify(snapshot(state))) });
}

export function offersIn(decisions: RoutingDecision[]): Offer[] {
  return decisions.flatMap((decision) => (decision.type === 'offer' ? [decision.offer] : []));
}

export function only<T>(values: T[]): T {
  if (values.length !== 1) throw new Error(`expected exactly one, got ${values.length}`);
  return values[0] as T;
}

export function ofType<K extends RoutingDecision['type']>(
  decisions: RoutingDecision[],
  type: K,
): Array<Extract<RoutingDecision, { type: K }>> {
  return decisions.filter(
    (decision): decision is Extract<RoutingDecision, { type: K }> => decision.type === type,
  );
}

export const billing: QueueInput = {
  queueId: 'billing',
  name: 'Billing',
  steps: [
    { skills: { billing: 4 }, seconds: 30 },
    { skills: { billing: 2 }, seconds: 60 },
    { skills: { billing: 1 }, seconds: 210 },
  ],
  overflowQueueId: 'general',
  serviceLevel: { seconds: 60, target: 0.8 },
  channelServiceLevels: { voice: { seconds: 20, target: 0.8 }, email: { seconds: 14_400, target: 0.9 } },
};

export const general: QueueInput = {
  queueId: 'general',
  name: 'General',
  steps: [{ skills: {} }],
  serviceLevel: { seconds: 60, target: 0.8 },
};

export function item(id: string, now: number, overrides: Partial<RoutableItem> = {}): RoutableItem {
  return {
    workItemId: id,
    conversationId: `conv-${id}`,
    customerId: `cust-${id}`,
    channel: 'chat',
    queueId: 'billing',
    priority: 5,
    enqueuedAt: new Date(now).toISOString(),
    ...overrides,
  };
}

export function agent(
  agentId: string,
  skills: Record<string, number>,
  overrides: Partial<Agent> = {},
): Agent {
  return {
    agentId,
    name: agentId,
    skills,
    capacity: { voice: 1, chat: 3, email: 5, sms: 5, social: 5 },
    status: 'available',
    load: {},
    lastIdleAt: new Date(T0 - 60_000).toISOString(),
    ...overrides,
  };
}
