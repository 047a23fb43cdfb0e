import { describe, expect, it } from 'vitest';
import { template } from './synthesized.ts';

describe('operations dashboard', () => {
  it('shows ingest rate, routing latency and effects lag, queue depth and dead letters on one dashboard', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    for (const title of [
      'Ingest rate',
      'Routing latency',
      'Routing effects behind the log',
      'Queue depth',
      'Dead-lettered messages',
    ]) {
      expect(body).toContain(title);
    }
  });

  it('graphs the business figures: service level, speed of answer, first response, CSAT, backlog, per queue and per channel', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // Quotes inside the body's JSON inside the template's JSON, unescaped to read as written.
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody).replaceAll('\\', '');
    for (const metric of ['AnsweredWithinTarget', 'SpeedOfAnswer', 'FirstResponseTime', 'SurveyRating']) {
      expect(body).toContain(metric);
    }
    for (const search of [
      '{OneThread,queue,service} MetricName="Backlog"',
      '{OneThread,queue,service} MetricName="OldestWait"',
      '{OneThread,channel,service} MetricName="Answered"',
    ]) {
      expect(body).toContain(search);
    }
  });
});
