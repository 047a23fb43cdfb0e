import { gzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { NOTICE_CHANNELS } from '#core/automatic-messages.ts';
import { type ActivitySpan, activityOf, type HandleInput, offeredIn } from '#core/intervals.ts';
import type { Channel } from '#core/model.ts';
import type { RoutingDecision } from '#core/routing/index.ts';
import { countAnswersForQueue } from '#shared/business-metrics.ts';
import { AgentsRepo } from '#store/agents-repo.ts';
import { ConversationsRepo } from '#store/conversations-repo.ts';
import type { TableClient } from '#store/dynamo.ts';
import { countQueueAnswers } from '#store/queue-stats.ts';
import type { LogEntry } from '#store/routing-log.ts';
import { keys } from '#store/table.ts';
import { WorkItemsRepo } from '#store/work-items-repo.ts';
import type { Handoff } from './connect-handoff.ts';
import { IntervalEffects } from './interval-effects.ts';
import type { AgentProjection, Answer, EntryOutcome } from './outcome.ts';
import type { RoutingQueues } from './routing-queue.ts';

/** An entry and what it decided: all the effects need. */
export type RecordedEntry = LogEntry & { outcome: EntryOutcome };

/** One write per work item per entry: the fields it ends with and its routing log lines. */
interface ItemChange {
  set: Record<string, string | number>;
  remove: Set<string>;
  log: Array<Record<string, unknown>>;
  close?: Extract<RoutingDecision, { type: 'close' }>;
  handoff?: Handoff;
  assign?: Extract<RoutingDecision, { type: 'assign' }>;
  /** The item's write was skipped (already applied) and the item holds a callback request. */
  skippedWithCallback?: boolean;
}

/** Places the call a customer asked for on their item, now that an agent has accepted it. */
export type PlaceCallback = (item: Record<string, unknown>, agentId: string) => Promise<void>;

/**
 * Carries a decided log entry into the records people read: each work item's state and routing
 * log (every offer with its explanation), each touched agent as the console shows them, the
 * conversation's open item, service-level counts, timers and Connect hand-offs, and then the
 * 15-minute interval counts from what those writes found (see `IntervalEffects`). Every write is
 * guarded by the entry's version, so a redelivered entry changes nothing twice, and an older
 * entry arriving late never overwrites a newer one. Timers may repeat; the engine ignores a
 * stale one. Hand-offs repeat with the same client token, which Connect deduplicates.
 */
export class EntryEffects {
  constructor(
    private readonly table: TableClient,
    private readonly queues: RoutingQueues,
    /** Queues the Connect task of an item whose queue Amazon Connect delivers. */
    private readonly handOff?: (handoff: Handoff) => Promise<void>,
    /** Asks for what the customer is to be told: queued notices and surveys (see `noticesOf`). */
    private readonly notify?: (notices: CustomerNotice[]) => Promise<void>,
  ) {
    this.intervals = new IntervalEffects(table);
    this.workItems = new WorkItemsRepo(table);
    this.conversations = new ConversationsRepo(table);
    this.desks = new AgentsRepo(table);
  }

  private readonly intervals: IntervalEffects;
  private readonly workItems: WorkItemsRepo;
  private readonly conversations: ConversationsRepo;
  private readonly desks: AgentsRepo;
  private placeCallback: PlaceCallback | undefined;

  /** Callbacks asked for on waiting items are placed when an agent accepts the item. */
  placeCallbacksWith(place: PlaceCallback): this {
    this.placeCallback = place;
    return this;
  }

  async apply(partition: string, entry: RecordedEntry): Promise<void> {
    const { version, at, outcome } = entry;
    const iso = new Date(at).toISOString();
    const decisions = outcome.decisions.flat();
    // One entry's writes go to different records, so they go at once; entries stay in order.
    const items = Promise.all(
      [...itemChanges(decisions, iso)].map(([workItemId, change]) =>
        this.applyItem(workItemId, change, version, at),
      ),
    );
    const desks = Promise.all(
      outcome.agents.map((agent) => this.projectAgent(partition, agent, version, at)),
    );
    await Promise.all([
      items,
      desks,
      this.countAnswers(partition, outcome.answers, version, at),
      ...decisions.flatMap((decision) =>
        decision.type === 'timer' ? [this.queues.schedule({ ...timerOf(decision), partition }, at)] : [],
      ),
    ]);
    // Then the intervals, from what the item and desk writes said: handle times and agent spans.
    await this.intervals.record(partition, version, at, {
      offered: offeredIn(entry.events, outcome.decisions),
      answers: outcome.answers,
      handles: (await items).filter((handle): handle is HandleInput => handle !== undefined),
      spans: (await desks).filter((span): span is ActivitySpan => span !== undefined),
    });
    // After the items are written, so whoever tells the customer reads them as decided. Asked
    // again when an entry is carried out again; the notices are deduplicated where they are sent.
    const notices = this.notify ? noticesOf(entry) : [];
    if (notices.length) await this.notify?.(notices);
  }

  /** Writes one item's change; a completed item answers with how long it was handled. */
  private async applyItem(
    workItemId: string,
    change: ItemChange,
    version: number,
    atMs: number,
  ): Promise<HandleInput | undefined> {
    const at = new Date(atMs).toISOString();
    if (change.handoff && !this.handOff) {
      throw new Error(
        `queue ${change.handoff.queueId} is delivered by Amazon Connect, which this function cannot reach`,
      );
    }
    const updated = await this.updateItem(workItemId, change, version, at);
    // Shows the item with Connect before its task is asked for: a failed request fails the
    // entry, whose retry asks again (the item's write is then skipped as already applied).
    if (change.handoff) await this.handOff?.(change.handoff);
    if (change.assign && this.placeCallback) {
      // Carried out again after a crash, the item's write is skipped: read it to place the call
      // anyway (its client token is the item's, so Connect still makes one call).
      const item = updated ?? (change.skippedWithCallback ? await this.workItems.raw(workItemId) : undefined);
      if (item?.callback) await this.placeCallback(item, change.assign.agentId);
    }
    const conversationId = updated?.conversationId as string | undefined;
    // The conversation may take a new work item, and may now close when it goes quiet.
    if (change.close && conversationId) await this.conversations.releaseWorkItem(conversationId, workItemId);
    if (change.close?.reason !== 'completed' || !change.close.agentId) return undefined;
    // Carried out again, the item's write is skipped: its handle time is still on the item.
    return handleOf(updated ?? (await this.workItems.raw(workItemId)), atMs);
  }

  private async updateItem(
    workItemId: string,
    change: ItemChange,
    version: number,
    at: string,
  ): Promise<Record<string, unknown> | undefined> {
    const { item, skipped } = await this.workItems.applyRouting(
      workItemId,
      { set: change.set, remove: change.remove, log: change.log, version, at },
      { returnItem: Boolean(change.close || change.assign), returnSkipped: Boolean(change.assign) },
    );
    // Applied already, or an item the engine knows but the table does not (simulations).
    if (skipped) change.skippedWithCallback = skipped !== true && Boolean(skipped.callback);
    return item;
  }

  /**
   * The agent's desk: the agent as the engine now sees them (definition, status, load, offers
   * and work in hand), in their partition's list of agents. Written whole.
   */
  private async projectAgent(
    partition: string,
    agent: AgentProjection,
    version: number,
    atMs: number,
  ): Promise<ActivitySpan | undefined> {
    const { offers, workItems, ...definition } = agent;
    const desk = JSON.stringify({ offers, workItems });
    const fields: Record<string, unknown> = {
      ...definition,
      // What the agent's offers and work lists read: compressed, so a desk stays one write unit.
      desk: gzipSync(desk),
      entity: 'agentDesk',
      routingVersion: version,
      updatedAt: new Date(atMs).toISOString(),
    };
    const activity = this.intervals.deskActivity(agent.agentId, activityOf(agent), atMs);
    const written = await this.desks.projectDesk(partition, agent.agentId, fields, activity);
    if ('desk' in written) return this.intervals.closedSpan(agent.agentId, written.desk, version, true);
    // Written already: the span it closed, if it closed one, is still on the desk.
    return this.intervals.closedSpan(agent.agentId, creditOf(written.previous), version, false);
  }

  /**
   * Counts answers and abandonments per queue and UTC day, once per entry: the count remembers
   * the last version of each partition it took, so a redelivered entry is not counted again.
   * The same figures go to CloudWatch once the count has taken them, so they are not doubled
   * there either.
   */
  private async countAnswers(partition: string, answers: readonly Answer[], version: number, at: number) {
    const day = new Date(at).toISOString().slice(0, 10);
    const perQueue = new Map<string, Answer[]>();
    for (const answer of answers)
      perQueue.set(answer.queueId, [...(perQueue.get(answer.queueId) ?? []), answer]);
    for (const [queueId, ofQueue] of perQueue) {
      const answered = ofQueue.filter((answer) => !answer.abandoned);
      const counts = {
        answered: answered.length,
        withinTarget: answered.filter((answer) => answer.withinTarget).length,
        abandoned: ofQueue.length - answered.length,
      };
      if (await countQueueAnswers(this.table, queueId, day, { partition, version, at }, counts))
        countAnswersForQueue(queueId, ofQueue);
    }
  }
}

/** Something the customer of a work item is to be told, decided by routing. */
export interface CustomerNotice {
  kind: 'queued' | 'survey';
  workItemId: string;
  /** Known for a queued item; a survey's is read from the work item. */
  channel?: Channel | undefined;
}

/**
 * A messaging contact that had to wait (no offer, no join, no hand-off to Connect at once) is
 * told its place; an item completed by an agent gets its survey.
 */
export function noticesOf(entry: RecordedEntry): CustomerNotice[] {
  const notices: CustomerNotice[] = [];
  for (const [index, event] of entry.events.entries()) {
    const decided = entry.outcome.decisions[index] ?? [];
    if (event.type === 'itemEnqueued' && NOTICE_CHANNELS.has(event.item.channel)) {
      const { workItemId, channel } = event.item;
      const served = decided.some(
        (d) =>
          d.type === 'rejected' ||
          d.type === 'ignored' ||
          d.type === 'join' ||
          d.type === 'handoff' ||
          (d.type === 'offer' && d.offer.workItemId === workItemId),
      );
      if (!served) notices.push({ kind: 'queued', workItemId, channel });
    }
    for (const decision of decided) {
      // The channel is the work item's, read where the survey is sent.
      if (decision.type === 'close' && decision.reason === 'completed')
        notices.push({ kind: 'survey', workItemId: decision.workItemId });
    }
  }
  return notices;
}

/**
 * A routing log line as the work item keeps it. An offer's explanation is most of an offer, so
 * it is kept compressed, and what the item says itself (customer, conversation, channel) is not
 * repeated; the work items repository puts both back. A work item stays one write unit longer.
 */
function logLine(at: string, decision: RoutingDecision): Record<string, unknown> {
  if (decision.type !== 'offer') return { at, ...decision };
  const {
    explanation,
    workItemId: _item,
    customerId: _customer,
    conversationId: _conversation,
    channel: _channel,
    ...offer
  } = decision.offer;
  return { at, type: 'offer', offer, explanation: gzipSync(JSON.stringify(explanation)) };
}

/** How long a completed item was handled, from its assignment to `closedMs`. */
function handleOf(item: Record<string, unknown> | undefined, closedMs: number): HandleInput | undefined {
  const assignedMs = typeof item?.assignedAt === 'string' ? Date.parse(item.assignedAt) : Number.NaN;
  if (!item || Number.isNaN(assignedMs)) return undefined;
  return { queueId: String(item.queueId), channel: item.channel as Channel, assignedMs, closedMs };
}

function timerOf({ id, at, event }: Extract<RoutingDecision, { type: 'timer' }>) {
  return { id, at, event };
}

/**
 * What a desk that was written already says of the span its writer closed: the failed condition
 * carries the desk as DynamoDB attribute values.
 */
function creditOf(item: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  return {
    creditVersion: Number(item.creditVersion?.N),
    creditActivity: item.creditActivity?.S,
    creditFrom: Number(item.creditFrom?.N),
    activitySince: Number(item.activitySince?.N),
  };
}

/** Folds an entry's decisions into one change per work item, in the order they were taken. */
function itemChanges(decisions: readonly RoutingDecision[], at: string): Map<string, ItemChange> {
  const changes = new Map<string, ItemChange>();
  const change = (workItemId: string, decision: RoutingDecision): ItemChange => {
    let found = changes.get(workItemId);
    if (!found) {
      found = { set: {}, remove: new Set(), log: [] };
      changes.set(workItemId, found);
    }
    found.log.push(logLine(at, decision));
    return found;
  };
  const set = (target: ItemChange, fields: Record<string, string | number>) => {
    for (const [name, value] of Object.entries(fields)) {
      target.set[name] = value;
      target.remove.delete(name);
    }
  };
  const remove = (target: ItemChange, ...names: string[]) => {
    for (const name of names) {
      delete target.set[name];
      target.remove.add(name);
    }
  };
  for (const decision of decisions) {
    switch (decision.type) {
      case 'offer': {
        const { workItemId, agentId, offerId } = decision.offer;
        set(change(workItemId, decision), { state: 'offered', agentId, offerId });
        break;
      }
      case 'assign': {
        const target = change(decision.workItemId, decision);
        set(target, { state: 'assigned', agentId: decision.agentId, assignedAt: at });
        target.assign = decision;
        break;
      }
      case 'requeue': {
        const target = change(decision.workItemId, decision);
        // A transfer may move it to another queue: its place in the queue index moves with it.
        set(target, {
          state: 'queued',
          queueId: decision.queueId,
          routingStep: decision.step,
          gsi2pk: keys.queuePartition(decision.queueId),
        });
        remove(target, 'agentId', 'offerId');
        break;
      }
      case 'step':
        set(change(decision.workItemId, decision), { routingStep: decision.step });
        break;
      case 'overflow':
        set(change(decision.workItemId, decision), {
          queueId: decision.toQueueId,
          routingStep: 0,
          gsi2pk: keys.queuePartition(decision.toQueueId),
        });
        break;
      case 'join':
        change(decision.workItemId, decision);
        break;
      case 'handoff': {
        const target = change(decision.workItemId, decision);
        set(target, { state: 'connect', queueId: decision.queueId });
        remove(target, 'gsi2pk', 'gsi2sk');
        target.handoff = decision;
        break;
      }
      case 'close': {
        // One write: wrapped (or abandoned: the customer left first), and out of the queue index.
        const target = change(decision.workItemId, decision);
        const state = decision.reason === 'abandoned' ? 'abandoned' : 'wrapped';
        set(target, { state, closedReason: decision.reason });
        remove(target, 'gsi2pk', 'gsi2sk');
        target.close = decision;
        break;
      }
      default:
        break;
    }
  }
  return changes;
}
