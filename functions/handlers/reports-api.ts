import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { buildReport, daysBetween, ReportQuerySchema } from '#core/intervals.ts';
import type { AppDeps } from '#deps/app.ts';
import { requireCaller } from '#http/auth.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseWith } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { IntervalsRepo } from '#store/intervals-repo.ts';

/**
 * History for the console: each queue's and agent's 15-minute intervals over a range of at most
 * 31 days, summed into 15-minute, hourly or daily buckets. One query per day of the range.
 */
export function makeHandler(deps: Pick<AppDeps, 'table'>) {
  const intervals = new IntervalsRepo(deps.table);
  return httpHandler(
    logger,
    routeByKey({
      'GET /reports/queues': (event) => queueReport(event, intervals),
    }),
  );
}

async function queueReport(event: APIGatewayProxyEventV2, intervals: IntervalsRepo): Promise<HttpResult> {
  requireCaller(event);
  const query = parseWith(ReportQuerySchema, event.queryStringParameters ?? {}, '');
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  const days = daysBetween(Date.parse(from), Date.parse(to));
  const [queues, agents] = await Promise.all([
    Promise.all(days.map((day) => intervals.queues(day, from, to))),
    Promise.all(days.map((day) => intervals.agents(day, from, to))),
  ]);
  const wanted = queues
    .flat()
    .filter(
      (row) =>
        (!query.queueId || row.queueId === query.queueId) &&
        (!query.channel || row.channel === query.channel),
    );
  return json(200, buildReport(query, wanted, agents.flat()));
}
