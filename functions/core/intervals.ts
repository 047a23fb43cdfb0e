import * as z from 'zod';
import { type Channel, ChannelSchema } from './model.ts';
import type { RoutingDecision, RoutingEvent } from './routing/index.ts';

/**
 * Interval reporting: what each queue and agent did in every 15 minutes, the grain contact
 * centres plan staff by. Routing outcomes fold into counters per interval; coarser buckets
 * are sums of these.
 */

export const INTERVAL_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The longest range one report may ask for: a month of days, one query per day. */
export const MAX_REPORT_DAYS = 31;

/** The start of the 15-minute interval holding `ms`, intervals starting on the UTC quarter hour. */
export function intervalStart(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}

/** The UTC day (YYYY-MM-DD) of a time: the partition its intervals are kept and exported under. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every UTC day from the one holding `from` to the one holding the last instant before `to`. */
export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) days.push(dayOf(day));
  return days;
}

/**
 * Where an agent's time goes. `busy` is holding at least one contact they accepted, whatever the
 * status says (an agent gone away with a chat open is still working it); an offer not yet taken
 * leaves them as their status says.
 */
export const ActivitySchema = z.enum(['available', 'busy', 'away', 'offline']);
export type Activity = z.infer<typeof ActivitySchema>;

export function activityOf(agent: {
  status: 'available' | 'away' | 'offline';
  workItems: ReadonlyArray<{ state: string }>;
}): Activity {
  return agent.workItems.some((work) => work.state === 'assigned') ? 'busy' : agent.status;
}

/** The counters of one queue and channel in one interval, as they are added up. */
export const QueueCountsSchema = z.object({
  offered: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  abandoned: z.number().int().nonnegative(),
  answeredWithinTarget: z.number().int().nonnegative(),
  /** Contacts whose handling ended here, and the seconds they were handled (assigned to done). */
  handled: z.number().int().nonnegative(),
  handleSeconds: z.number().nonnegative(),
  /** Seconds the answered contacts waited (in open hours, where the queue has them). */
  answerWaitSeconds: z.number().nonnegative(),
});
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const QUEUE_COUNTS = Object.keys(QueueCountsSchema.shape) as Array<keyof QueueCounts>;

/** One queue interval record: the JSON line exported, and what the API sums. */
export const QueueIntervalSchema = QueueCountsSchema.extend({
  start: z.iso.datetime(),
  queueId: z.string(),
  channel: ChannelSchema,
});
export type QueueInterval = z.infer<typeof QueueIntervalSchema>;

export const SecondsByActivitySchema = z.partialRecord(ActivitySchema, z.number().nonnegative());
export type SecondsByActivity = z.infer<typeof SecondsByActivitySchema>;

/** One agent interval record: seconds spent in each activity. */
export const AgentIntervalSchema = z.object({
  start: z.iso.datetime(),
  agentId: z.string(),
  secondsByStatus: SecondsByActivitySchema,
});
export type AgentInterval = z.infer<typeof AgentIntervalSchema>;

/** What one answer or abandonment says, as routing's outcome records it. */
export interface AnswerInput {
  queueId: string;
  channel: Channel;
  withinTarget: boolean;
  abandoned?: true;
  waitedMs?: number;
}

/** A contact an agent finished: handled from `assignedMs` to `closedMs`. */
export interface HandleInput {
  queueId: string;
  channel: Channel;
  assignedMs: number;
  closedMs: number;
}

/** A contact that began to wait in a queue. */
export interface OfferedInput {
  queueId: string;
  channel: Channel;
}

/**
 * The contacts that began to wait in a queue in one entry: new work items the engine took (not
 * refused, not joined to an item already open) and calls Amazon Connect queued, counted when their
 * wait ends. An overflow or a transfer moves a contact already offered, so it is not offered again.
 */
export function offeredIn(
  events: readonly RoutingEvent[],
  decisions: ReadonlyArray<readonly RoutingDecision[]>,
): OfferedInput[] {
  const offered: OfferedInput[] = [];
  for (const [index, event] of events.entries()) {
    const decided = decisions[index] ?? [];
    if (event.type === 'itemEnqueued') {
      const refused = decided.some((d) => d.type === 'rejected' || d.type === 'ignored' || d.type === 'join');
      if (!refused) offered.push({ queueId: event.item.queueId, channel: event.item.channel });
    }
    for (const decision of decided)
      if (decision.type === 'callWait') offered.push({ queueId: decision.queueId, channel: 'voice' });
  }
  return offered;
}

/** What one routing log entry adds to one queue interval. */
export interface QueueIncrement {
  queueId: string;
  channel: Channel;
  start: number;
  counts: Partial<QueueCounts>;
}

/**
 * Folds what one routing entry decided at `at` into one increment per queue, channel and
 * interval: arrivals are offered, answers and abandonments count where they happen, and a
 * handle counts in the interval it ends in.
 */
export function queueIncrements(
  at: number,
  parts: {
    offered: readonly OfferedInput[];
    answers: readonly AnswerInput[];
    handles: readonly HandleInput[];
  },
): QueueIncrement[] {
  const byKey = new Map<string, QueueIncrement>();
  const add = (queueId: string, channel: Channel, counts: Partial<QueueCounts>) => {
    const start = intervalStart(at);
    const key = `${queueId}\u0000${channel}`;
    const found = byKey.get(key) ?? { queueId, channel, start, counts: {} };
    for (const [name, value] of Object.entries(counts) as Array<[keyof QueueCounts, number]>)
      found.counts[name] = (found.counts[name] ?? 0) + value;
    byKey.set(key, found);
  };
  for (const { queueId, channel } of parts.offered) add(queueId, channel, { offered: 1 });
  for (const answer of parts.answers) {
    if (answer.abandoned) add(answer.queueId, answer.channel, { abandoned: 1 });
    else
      add(answer.queueId, answer.channel, {
        answered: 1,
        answeredWithinTarget: answer.withinTarget ? 1 : 0,
        answerWaitSeconds: (answer.waitedMs ?? 0) / 1000,
      });
  }
  for (const handle of parts.handles)
    add(handle.queueId, handle.channel, {
      handled: 1,
      handleSeconds: Math.max(0, handle.closedMs - handle.assignedMs) / 1000,
    });
  return [...byKey.values()];
}

/** A stretch of an agent's time in one activity, from `fromMs` up to `toMs`. */
export interface ActivitySpan {
  agentId: string;
  activity: Activity;
  fromMs: number;
  toMs: number;
}

/** An agent's span, cut at every interval boundary it crosses: seconds per interval start. */
export function splitSpan(span: ActivitySpan): Array<{ start: number; seconds: number }> {
  const parts: Array<{ start: number; seconds: number }> = [];
  for (let start = intervalStart(span.fromMs); start < span.toMs; start += INTERVAL_MS) {
    const from = Math.max(start, span.fromMs);
    const to = Math.min(start + INTERVAL_MS, span.toMs);
    if (to > from) parts.push({ start, seconds: (to - from) / 1000 });
  }
  return parts;
}

export const ReportIntervalSchema = z.enum(['15m', '1h', '1d']);
export type ReportInterval = z.infer<typeof ReportIntervalSchema>;
const BUCKET_MS: Record<ReportInterval, number> = { '15m': INTERVAL_MS, '1h': HOUR_MS, '1d': DAY_MS };

/** `GET /reports/queues`'s query: a range of at most 31 days, a bucket size, optional filters. */
export const ReportQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    interval: ReportIntervalSchema,
    queueId: z.string().min(1).max(128).optional(),
    channel: ChannelSchema.optional(),
  })
  .superRefine((query, ctx) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > MAX_REPORT_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days after from` });
  });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export const QueueReportRowSchema = z.object({
  start: z.iso.datetime(),
  queueId: z.string(),
  channel: ChannelSchema,
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  answeredWithinTarget: z.number(),
  /** Answered within target over every contact whose wait ended, answered or abandoned. */
  serviceLevel: z.number().nullable(),
  handleSeconds: z.number(),
  averageHandleSeconds: z.number().nullable(),
  answerWaitSeconds: z.number(),
  averageSpeedOfAnswerSeconds: z.number().nullable(),
});
export type QueueReportRow = z.infer<typeof QueueReportRowSchema>;

export const AgentReportRowSchema = AgentIntervalSchema.extend({
  /** Busy over busy and available: the share of ready time spent on contacts. */
  occupancy: z.number().nullable(),
});
export type AgentReportRow = z.infer<typeof AgentReportRowSchema>;

/** The body of `GET /reports/queues`. */
export const QueueReportSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  interval: ReportIntervalSchema,
  queues: z.array(QueueReportRowSchema),
  agents: z.array(AgentReportRowSchema),
});
export type QueueReport = z.infer<typeof QueueReportSchema>;

/** Sums 15-minute records into the query's buckets and derives the rates, in report order. */
export function buildReport(
  query: ReportQuery,
  queues: readonly QueueInterval[],
  agents: readonly AgentInterval[],
): QueueReport {
  const size = BUCKET_MS[query.interval];
  const bucket = (start: string) => new Date(Math.floor(Date.parse(start) / size) * size).toISOString();
  const queueRows = new Map<string, QueueInterval>();
  for (const record of queues) {
    const start = bucket(record.start);
    const key = `${start}\u0000${record.queueId}\u0000${record.channel}`;
    const row = queueRows.get(key) ?? {
      ...zeroCounts(),
      start,
      queueId: record.queueId,
      channel: record.channel,
    };
    for (const name of QUEUE_COUNTS) row[name] += record[name];
    queueRows.set(key, row);
  }
  const agentRows = new Map<string, AgentInterval>();
  for (const record of agents) {
    const start = bucket(record.start);
    const key = `${start}\u0000${record.agentId}`;
    const row = agentRows.get(key) ?? { start, agentId: record.agentId, secondsByStatus: {} };
    for (const [activity, seconds] of Object.entries(record.secondsByStatus) as Array<[Activity, number]>)
      row.secondsByStatus[activity] = round((row.secondsByStatus[activity] ?? 0) + seconds);
    agentRows.set(key, row);
  }
  return {
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    interval: query.interval,
    queues: [...queueRows.values()]
      .sort(byStartThen((row) => `${row.queueId}\u0000${row.channel}`))
      .map(queueRow),
    agents: [...agentRows.values()].sort(byStartThen((row) => row.agentId)).map(agentRow),
  };
}

function queueRow({ handled, ...row }: QueueInterval): QueueReportRow {
  return {
    start: row.start,
    queueId: row.queueId,
    channel: row.channel,
    offered: row.offered,
    answered: row.answered,
    abandoned: row.abandoned,
    answeredWithinTarget: row.answeredWithinTarget,
    serviceLevel: ratio(row.answeredWithinTarget, row.answered + row.abandoned),
    handleSeconds: round(row.handleSeconds),
    averageHandleSeconds: nullableRound(ratio(row.handleSeconds, handled)),
    answerWaitSeconds: round(row.answerWaitSeconds),
    averageSpeedOfAnswerSeconds: nullableRound(ratio(row.answerWaitSeconds, row.answered)),
  };
}

function agentRow(row: AgentInterval): AgentReportRow {
  const { busy = 0, available = 0 } = row.secondsByStatus;
  return { ...row, occupancy: ratio(busy, busy + available) };
}

export function zeroCounts(): QueueCounts {
  return Object.fromEntries(QUEUE_COUNTS.map((name) => [name, 0])) as QueueCounts;
}

function byStartThen<T extends { start: string }>(rest: (row: T) => string) {
  return (a: T, b: T) => compare(a.start, b.start) || compare(rest(a), rest(b));
}

/** By code unit, as the table sorts keys: the order does not depend on a locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Seconds to the millisecond: sums of fractions should not print binary noise. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function nullableRound(value: number | null): number | null {
  return value === null ? null : round(value);
}

/**
 * The exported records, one JSON object a line, flat so that a Glue table reads each field as a
 * column: the queue counts as kept, an agent's seconds one column per activity.
 */
export const EXPORT_PREFIXES = { queues: 'queue-intervals/', agents: 'agent-intervals/' } as const;

/** Where one interval's records go: `<prefix>date=YYYY-MM-DD/<start>.jsonl`, a Hive-style partition. */
export function exportKey(kind: keyof typeof EXPORT_PREFIXES, start: string): string {
  const iso = new Date(start).toISOString().replace('.000Z', 'Z');
  return `${EXPORT_PREFIXES[kind]}date=${iso.slice(0, 10)}/${iso}.jsonl`;
}

export function queueLines(records: readonly QueueInterval[]): string {
  const ordered = [...records].sort(byStartThen((row) => `${row.queueId}\u0000${row.channel}`));
  return lines(ordered, ({ start, queueId, channel, ...counts }) => ({
    start,
    queueId,
    channel,
    ...Object.fromEntries(QUEUE_COUNTS.map((name) => [name, round(counts[name])])),
  }));
}

export function agentLines(records: readonly AgentInterval[]): string {
  return lines(
    [...records].sort(byStartThen((row) => row.agentId)),
    ({ start, agentId, secondsByStatus }) => ({
      start,
      agentId,
      ...Object.fromEntries(
        ActivitySchema.options.map((name) => [`${name}Seconds`, round(secondsByStatus[name] ?? 0)]),
      ),
    }),
  );
}

function lines<T>(records: readonly T[], line: (record: T) => Record<string, unknown>): string {
  return records.map((record) => `${JSON.stringify(line(record))}\n`).join('');
}
