import { describe, expect, it } from 'vitest';
import {
  activityOf,
  buildReport,
  daysBetween,
  intervalStart,
  offeredIn,
  type QueueInterval,
  queueIncrements,
  ReportQuerySchema,
  splitSpan,
  zeroCounts,
} from '#core/intervals.ts';
import type { RoutingItem } from '#core/routing/index.ts';

const at = (iso: string) => Date.parse(iso);
const item = (workItemId: string, queueId = 'billing'): RoutingItem => ({
  workItemId,
  conversationId: `conv_${workItemId}`,
  customerId: `cust_${workItemId}`,
  channel: 'chat',
  queueId,
  priority: 0,
  enqueuedAt: '2026-05-01T09:00:00.000Z',
  routingStep: 0,
  state: 'queued',
});

describe('interval buckets', () => {
  it('puts a time in the 15 minutes that start on the quarter hour before it', () => {
    expect(new Date(intervalStart(at('2026-05-01T09:14:59.999Z'))).toISOString()).toBe(
      '2026-05-01T09:00:00.000Z',
    );
    expect(new Date(intervalStart(at('2026-05-01T09:15:00.000Z'))).toISOString()).toBe(
      '2026-05-01T09:15:00.000Z',
    );
  });

  it('lists every UTC day a range touches, the day of its end only when the range reaches into it', () => {
    expect(daysBetween(at('2026-04-30T23:00:00Z'), at('2026-05-02T00:00:00Z'))).toEqual([
      '2026-04-30',
      '2026-05-01',
    ]);
    expect(daysBetween(at('2026-05-01T10:00:00Z'), at('2026-05-01T11:00:00Z'))).toEqual(['2026-05-01']);
  });
});

describe('queue interval counts', () => {
  it('folds an entry into one increment per queue and channel: offered, answered, abandoned, handled', () => {
    const increments = queueIncrements(at('2026-05-01T09:20:00Z'), {
      offered: [
        { queueId: 'billing', channel: 'chat' },
        { queueId: 'billing', channel: 'chat' },
      ],
      answers: [
        { queueId: 'billing', channel: 'chat', withinTarget: true, waitedMs: 12_000 },
        { queueId: 'billing', channel: 'chat', withinTarget: false, waitedMs: 90_000 },
        { queueId: 'billing', channel: 'voice', withinTarget: false, abandoned: true },
      ],
      handles: [{ queueId: 'billing', channel: 'chat', assignedMs: 0, closedMs: 300_000 }],
    });
    expect(increments).toEqual([
      {
        queueId: 'billing',
        channel: 'chat',
        start: at('2026-05-01T09:15:00Z'),
        counts: {
          offered: 2,
          answered: 2,
          answeredWithinTarget: 1,
          answerWaitSeconds: 102,
          handled: 1,
          handleSeconds: 300,
        },
      },
      { queueId: 'billing', channel: 'voice', start: at('2026-05-01T09:15:00Z'), counts: { abandoned: 1 } },
    ]);
  });

  it('offers new items the engine took and calls whose wait in Connect ended, not refused or joined ones', () => {
    const offered = offeredIn(
      [
        { type: 'itemEnqueued', item: item('wi-1') },
        { type: 'itemEnqueued', item: item('wi-2') },
        { type: 'itemEnqueued', item: item('wi-3', 'nowhere') },
        {
          type: 'callWaitEnded',
          queueId: 'billing',
          outcome: 'answered',
          enqueuedAt: '2026-05-01T09:00:00Z',
          endedAt: '2026-05-01T09:01:00Z',
        },
      ],
      [
        [],
        [
          {
            type: 'join',
            workItemId: 'wi-1',
            joinedWorkItemId: 'wi-2',
            conversationId: 'c',
            channel: 'chat',
          },
        ],
        [{ type: 'rejected', code: 'not_found', message: 'queue nowhere not found' }],
        [
          {
            type: 'callWait',
            queueId: 'billing',
            outcome: 'answered',
            enqueuedAt: '2026-05-01T09:00:00Z',
            endedAt: '2026-05-01T09:01:00Z',
          },
        ],
      ],
    );
    expect(offered).toEqual([
      { queueId: 'billing', channel: 'chat' },
      { queueId: 'billing', channel: 'voice' },
    ]);
  });
});

describe('agent time in intervals', () => {
  it('counts an agent holding an accepted contact as busy whatever their status, else by status', () => {
    expect(activityOf({ status: 'away', workItems: [{ state: 'assigned' }] })).toBe('busy');
    expect(activityOf({ status: 'available', workItems: [{ state: 'offered' }] })).toBe('available');
    expect(activityOf({ status: 'offline', workItems: [] })).toBe('offline');
  });

  it('splits a span of time at every interval boundary it crosses', () => {
    const parts = splitSpan({
      agentId: 'ana',
      activity: 'available',
      fromMs: at('2026-05-01T09:10:00Z'),
      toMs: at('2026-05-01T09:47:30Z'),
    });
    expect(parts.map(({ start, seconds }) => [new Date(start).toISOString().slice(11, 16), seconds])).toEqual(
      [
        ['09:00', 300],
        ['09:15', 900],
        ['09:30', 900],
        ['09:45', 150],
      ],
    );
  });

  it('gives a span that ends where it starts no time at all', () => {
    const moment = at('2026-05-01T09:10:00Z');
    expect(splitSpan({ agentId: 'ana', activity: 'busy', fromMs: moment, toMs: moment })).toEqual([]);
  });
});

describe('the queue report', () => {
  const query = (interval: string, from = '2026-05-01T09:00:00Z', to = '2026-05-01T11:00:00Z') =>
    ReportQuerySchema.safeParse({ from, to, interval });
  const record = (start: string, counts: Partial<QueueInterval> = {}): QueueInterval => ({
    ...zeroCounts(),
    start,
    queueId: 'billing',
    channel: 'chat',
    ...counts,
  });

  it('refuses a range that ends before it starts, spans more than 31 days, or an unknown bucket', () => {
    expect(query('1h', '2026-05-01T10:00:00Z', '2026-05-01T10:00:00Z').error?.issues[0]?.path).toEqual([
      'to',
    ]);
    expect(query('1d', '2026-05-01T00:00:00Z', '2026-06-02T00:00:00Z').error?.issues[0]?.path).toEqual([
      'to',
    ]);
    expect(query('5m').error?.issues[0]?.path).toEqual(['interval']);
    expect(
      ReportQuerySchema.safeParse({ to: '2026-05-01T10:00:00Z', interval: '1h' }).error?.issues[0]?.path,
    ).toEqual(['from']);
  });

  it('sums quarter hours into hours and derives service level, handle time and speed of answer', () => {
    const parsed = query('1h');
    if (!parsed.success) throw parsed.error;
    const report = buildReport(
      parsed.data,
      [
        record('2026-05-01T09:00:00.000Z', {
          offered: 3,
          answered: 2,
          answeredWithinTarget: 2,
          answerWaitSeconds: 20,
        }),
        record('2026-05-01T09:45:00.000Z', { offered: 1, abandoned: 1, handled: 2, handleSeconds: 600 }),
        record('2026-05-01T10:00:00.000Z', { offered: 1 }),
      ],
      [
        { start: '2026-05-01T09:00:00.000Z', agentId: 'ana', secondsByStatus: { busy: 600, available: 300 } },
        { start: '2026-05-01T09:15:00.000Z', agentId: 'ana', secondsByStatus: { busy: 300, away: 600 } },
      ],
    );
    expect(report.queues).toEqual([
      {
        start: '2026-05-01T09:00:00.000Z',
        queueId: 'billing',
        channel: 'chat',
        offered: 4,
        answered: 2,
        abandoned: 1,
        answeredWithinTarget: 2,
        serviceLevel: 2 / 3,
        handleSeconds: 600,
        averageHandleSeconds: 300,
        answerWaitSeconds: 20,
        averageSpeedOfAnswerSeconds: 10,
      },
      expect.objectContaining({ start: '2026-05-01T10:00:00.000Z', offered: 1, serviceLevel: null }),
    ]);
    expect(report.agents).toEqual([
      {
        start: '2026-05-01T09:00:00.000Z',
        agentId: 'ana',
        secondsByStatus: { busy: 900, available: 300, away: 600 },
        occupancy: 0.75,
      },
    ]);
  });

  it('sorts rows by start, then queue and channel', () => {
    const parsed = query('15m');
    if (!parsed.success) throw parsed.error;
    const rows = buildReport(
      parsed.data,
      [
        record('2026-05-01T09:15:00.000Z'),
        { ...record('2026-05-01T09:00:00.000Z'), channel: 'email' },
        record('2026-05-01T09:00:00.000Z'),
        { ...record('2026-05-01T09:00:00.000Z'), queueId: 'appeals' },
      ],
      [],
    ).queues.map((row) => `${row.start.slice(11, 16)} ${row.queueId} ${row.channel}`);
    expect(rows).toEqual([
      '09:00 appeals chat',
      '09:00 billing chat',
      '09:00 billing email',
      '09:15 billing chat',
    ]);
  });
});
