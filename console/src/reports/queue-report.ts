import * as z from 'zod';

/** `GET /reports/queues`: one schema for the wire shape, which the console parses on arrival. */

export const REPORT_INTERVALS = ['15m', '1h', '1d'] as const;
export const reportIntervalSchema = z.enum(REPORT_INTERVALS);
export type ReportInterval = z.infer<typeof reportIntervalSchema>;

const instant = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const share = z.number().min(0).max(1);

/** One queue on one channel over one interval; averages and the service level are null with nothing to average. */
export const queueReportRowSchema = z.object({
  start: instant,
  queueId: z.string(),
  channel: z.string(),
  offered: count,
  answered: count,
  abandoned: count,
  answeredWithinTarget: count,
  serviceLevel: share.nullable(),
  handleSeconds: seconds,
  averageHandleSeconds: seconds.nullable(),
  answerWaitSeconds: seconds,
  averageSpeedOfAnswerSeconds: seconds.nullable(),
});
export type QueueReportRow = z.infer<typeof queueReportRowSchema>;

/** One agent over one interval: time in each status, and the share of it spent handling work. */
export const agentReportRowSchema = z.object({
  start: instant,
  agentId: z.string(),
  secondsByStatus: z.record(z.string(), seconds),
  occupancy: share.nullable(),
});
export type AgentReportRow = z.infer<typeof agentReportRowSchema>;

export const queueReportSchema = z.object({
  from: instant,
  to: instant,
  interval: reportIntervalSchema,
  queues: z.array(queueReportRowSchema),
  agents: z.array(agentReportRowSchema),
});
export type QueueReport = z.infer<typeof queueReportSchema>;

export interface QueueReportQuery {
  from: string;
  to: string;
  interval: ReportInterval;
  queueId?: string;
  channel?: string;
}

/** The query string of a report request; filters left empty are left out. */
export function queueReportSearch(query: QueueReportQuery): URLSearchParams {
  const { from, to, interval, queueId, channel } = query;
  return new URLSearchParams({
    from,
    to,
    interval,
    ...(queueId ? { queueId } : {}),
    ...(channel ? { channel } : {}),
  });
}

/** The report in a response body; an answer of another shape is an error naming where it differs. */
export function parseQueueReport(body: unknown): QueueReport {
  const parsed = queueReportSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`The report could not be read: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
}
