import type { Channel } from '#core/model.ts';
import {
  createRoutingState,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingState,
  route,
} from '#core/routing/index.ts';
import { isoAt } from '#core/routing/time.ts';
import type { Arrival } from './arrivals.ts';
import { FIFO_CONFIG, fifoQueues } from './baseline.ts';
import { Calendar } from './calendar.ts';
import { sample } from './distributions.ts';
import type { Random } from './random.ts';
import { expandRoster } from './roster.ts';
import type { Run, Scenario } from './scenario.ts';
import { Usage } from './usage.ts';
import { type WaitPredictions, WaitTracker } from './wait-tracker.ts';

/** What became of one customer who arrived inside the measured window. */
export interface Contact {
  stream: number;
  queueId: string;
  channel: Channel;
  arrivedAt: number;
  outcome: 'answered' | 'abandoned' | 'open';
  /** Arrival to answer (offer accepted), or to giving up. */
  waitMs: number;
  /** Arrival to the first offer: time spent waiting for an agent at all. */
  queuedMs: number | undefined;
  /** Answered by an agent who meets the queue's first, strictest step. */
  byExpert: boolean;
  /** What each wait predictor told the customer on arrival. */
  predicted?: WaitPredictions | undefined;
}

export interface ReplicationResult {
  contacts: Contact[];
  /** Per roster group: time staffed and time busy with at least one contact, in the window. */
  usage: Map<string, { staffedMs: number; busyMs: number }>;
}

/** Watches a run: the state it starts from, and every event the engine is given, at its time. */
export interface SimulationObserver {
  started(state: RoutingState, at: number): void;
  delivered(event: RoutingEvent, at: number): void;
}

type SimEvent = { kind: 'arrival'; arrival: Arrival } | { kind: 'engine'; event: RoutingEvent };

/**
 * One replication of one run: the real engine, driven by a calendar of arrivals, offers
 * answered by agents, work completed after its handle time, customers giving up, shifts
 * starting and ending, and the timers the engine asks for.
 */
export class Simulation {
  private readonly state: RoutingState;
  private readonly calendar = new Calendar<SimEvent>();
  /** Contacts in the system, by work item id; `measured` keeps those inside the window for good. */
  private readonly contacts = new Map<string, { arrival: Arrival; contact: Contact | undefined }>();
  private readonly measured: Contact[] = [];
  private readonly pendingOffers = new Set<string>();
  private readonly usage: Usage;
  private readonly startMs: number;
  private readonly windowMs: [number, number];
  private readonly skillsOf = new Map<string, Record<string, number>>();
  private readonly waits = new WaitTracker();
  private readonly offeredAt = new Map<string, number>();
  private now = 0;

  constructor(
    private readonly scenario: Scenario,
    run: Run,
    arrivals: Arrival[],
    private readonly random: Random,
    private readonly observer?: SimulationObserver,
  ) {
    this.startMs = Date.parse(scenario.start);
    this.windowMs = [scenario.warmupHours * 3_600_000, scenario.hours * 3_600_000];
    const startHour = new Date(this.startMs).getUTCHours();
    const roster = expandRoster(scenario.rosters[run.roster] ?? [], startHour, scenario.hours);
    const fifo = run.policy === 'fifo';
    this.state = createRoutingState({
      config: { ...scenario.engine, ...(fifo ? FIFO_CONFIG : {}) },
      queues: fifo ? fifoQueues(scenario.queues) : scenario.queues,
      agents: roster.map((member) => member.agent),
    });
    this.usage = new Usage(roster, this.windowMs);
    for (const { agent } of roster) this.skillsOf.set(agent.agentId, agent.skills);
    for (const member of roster) {
      for (const change of member.changes) {
        const event = {
          type: 'agentStatusChanged' as const,
          agentId: member.agent.agentId,
          status: change.status,
        };
        this.calendar.schedule(change.at, { kind: 'engine', event });
      }
    }
    for (const arrival of arrivals) this.calendar.schedule(arrival.at, { kind: 'arrival', arrival });
  }

  run(): ReplicationResult {
    const end = this.windowMs[1];
    this.observer?.started(this.state, this.startMs);
    for (let next = this.calendar.next(end); next; next = this.calendar.next(end)) {
      this.now = next.at;
      if (next.payload.kind === 'arrival') this.arrive(next.payload.arrival);
      else this.deliver(next.payload.event);
    }
    this.usage.close(end);
    return { contacts: this.measured, usage: this.usage.byGroup() };
  }

  private arrive(arrival: Arrival): void {
    const stream = this.scenario.streams[arrival.stream];
    if (!stream) return;
    const workItemId = `c${arrival.id}`;
    const measured = arrival.at >= this.windowMs[0];
    const contact: Contact | undefined = measured
      ? {
          stream: arrival.stream,
          queueId: stream.queueId,
          channel: stream.channel,
          arrivedAt: arrival.at,
          outcome: 'open',
          waitMs: 0,
          queuedMs: undefined,
          byExpert: false,
        }
      : undefined;
    this.contacts.set(workItemId, { arrival, contact });
    if (contact) this.measured.push(contact);
    if (Number.isFinite(arrival.patienceMs)) {
      this.calendar.schedule(arrival.at + arrival.patienceMs, {
        kind: 'engine',
        event: { type: 'itemAbandoned', workItemId },
      });
    }
    this.deliver({
      type: 'itemEnqueued',
      item: {
        workItemId,
        conversationId: workItemId,
        customerId: workItemId,
        channel: stream.channel,
        queueId: stream.queueId,
        priority: stream.priority,
        enqueuedAt: isoAt(this.startMs + arrival.at),
      },
    });
    if (contact)
      contact.predicted = this.waits.predict(this.state, workItemId, stream.queueId, this.startMs + this.now);
  }

  private deliver(event: RoutingEvent): void {
    // An answered offer's expiry timer is dead; the router would have deleted the message.
    if (event.type === 'offerExpired' && !this.pendingOffers.has(event.offerId)) return;
    this.observer?.delivered(event, this.startMs + this.now);
    if (event.type === 'agentStatusChanged')
      this.usage.shift(event.agentId, event.status === 'available', this.now);
    for (const decision of route(this.state, event, this.startMs + this.now)) this.apply(decision);
  }

  private apply(decision: RoutingDecision): void {
    switch (decision.type) {
      case 'offer': {
        const { offerId, agentId, workItemId } = decision.offer;
        this.pendingOffers.add(offerId);
        this.offeredAt.set(offerId, this.now);
        const contact = this.contacts.get(workItemId)?.contact;
        if (contact && contact.queuedMs === undefined) contact.queuedMs = this.now - contact.arrivedAt;
        const delayMs = sample(this.scenario.acceptSeconds, this.random) * 1000;
        this.calendar.schedule(this.now + delayMs, {
          kind: 'engine',
          event: { type: 'offerAccepted', offerId, agentId },
        });
        return;
      }
      case 'assign':
        this.assign(decision.workItemId, decision.agentId, decision.offerId);
        return;
      case 'close':
        this.close(decision);
        return;
      case 'requeue':
        if (decision.offerId) {
          this.pendingOffers.delete(decision.offerId);
          this.offeredAt.delete(decision.offerId);
        } else if (decision.fromAgentId) this.usage.release(decision.fromAgentId, this.now);
        return;
      case 'timer':
        this.calendar.schedule(decision.at - this.startMs, { kind: 'engine', event: decision.event });
        return;
      default:
        return;
    }
  }

  private assign(workItemId: string, agentId: string, offerId: string): void {
    this.pendingOffers.delete(offerId);
    this.usage.take(agentId, this.now);
    const entry = this.contacts.get(workItemId);
    const offeredAt = this.offeredAt.get(offerId) ?? this.now;
    this.offeredAt.delete(offerId);
    if (!entry) return;
    const queueId = this.scenario.streams[entry.arrival.stream]?.queueId ?? '';
    this.waits.offerAccepted(queueId, this.now - entry.arrival.at, this.now - offeredAt);
    if (entry.contact && entry.contact.outcome === 'open') {
      entry.contact.outcome = 'answered';
      entry.contact.waitMs = this.now - entry.arrival.at;
      entry.contact.byExpert = this.isExpert(agentId, entry.contact.queueId);
    }
    const event = { type: 'workCompleted' as const, workItemId };
    this.calendar.schedule(this.now + entry.arrival.handleMs, { kind: 'engine', event });
  }

  private isExpert(agentId: string, queueId: string): boolean {
    const strictest = this.scenario.queues.find((queue) => queue.queueId === queueId)?.steps[0]?.skills ?? {};
    const skills = this.skillsOf.get(agentId) ?? {};
    return Object.entries(strictest).every(([skill, level]) => (skills[skill] ?? 0) >= level);
  }

  private close(decision: Extract<RoutingDecision, { type: 'close' }>): void {
    if (decision.offerId) {
      this.pendingOffers.delete(decision.offerId);
      this.offeredAt.delete(decision.offerId);
    }
    if (decision.reason === 'completed' && decision.agentId) this.usage.release(decision.agentId, this.now);
    const entry = this.contacts.get(decision.workItemId);
    if (decision.reason === 'abandoned' && entry?.contact?.outcome === 'open') {
      entry.contact.outcome = 'abandoned';
      entry.contact.waitMs = this.now - entry.arrival.at;
    }
    if (decision.reason === 'completed' && entry) {
      const queueId = this.scenario.streams[entry.arrival.stream]?.queueId ?? '';
      this.waits.workCompleted(queueId, entry.arrival.handleMs);
    }
    if (decision.reason === 'completed') this.contacts.delete(decision.workItemId);
  }
}
