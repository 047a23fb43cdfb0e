import type { QueueReport } from '../src/reports/queue-report.ts';

/** A day's report as `GET /reports/queues` answers it: one queue and one agent in one hour. */
export const REPORT: QueueReport = {
  from: '2026-12-01T00:00:00.000Z',
  to: '2026-12-02T00:00:00.000Z',
  interval: '1h',
  queues: [
    {
      start: '2026-12-01T09:00:00.000Z',
      queueId: 'billing',
      channel: 'chat',
      offered: 12,
      answered: 10,
      abandoned: 2,
      answeredWithinTarget: 8,
      serviceLevel: 0.8,
      handleSeconds: 3000,
      averageHandleSeconds: 300,
      answerWaitSeconds: 150,
      averageSpeedOfAnswerSeconds: 15,
    },
  ],
  agents: [
    {
      start: '2026-12-01T09:00:00.000Z',
      agentId: 'agent-ana',
      secondsByStatus: { available: 3000, away: 600 },
      occupancy: 0.5,
    },
  ],
};
