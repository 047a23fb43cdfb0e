import BarChart from '@cloudscape-design/components/bar-chart';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import LineChart from '@cloudscape-design/components/line-chart';
import { intervalStart } from './format.ts';
import type { IntervalTotal } from './reports/totals.ts';

const BARS = [
  ['offered', 'Offered'],
  ['answered', 'Answered'],
  ['abandoned', 'Abandoned'],
] as const;

export interface ReportChartsProps {
  totals: readonly IntervalTotal[];
  daily: boolean;
  loading: boolean;
}

/** Contacts and service level per interval, every queue in the report taken together. */
export function ReportCharts({ totals, daily, loading }: ReportChartsProps) {
  const tick = (at: Date) => intervalStart(at.toISOString(), daily);
  const common = {
    height: 200,
    hideFilter: true,
    statusType: loading ? ('loading' as const) : ('finished' as const),
    loadingText: 'Loading the report',
    empty: <Box color="text-status-inactive">No contacts in this range.</Box>,
    xTickFormatter: tick,
    xTitle: 'Interval',
  };
  const answered = totals.filter((t) => t.serviceLevel !== null);
  return (
    <ColumnLayout columns={2}>
      <Container header={<Header variant="h2">Contacts per interval</Header>}>
        <BarChart
          {...common}
          ariaLabel="Contacts offered, answered and abandoned per interval"
          xScaleType="categorical"
          yTitle="Contacts"
          series={BARS.map(([key, title]) => ({
            title,
            type: 'bar' as const,
            data: totals.map((t) => ({ x: t.start, y: t[key] })),
          }))}
        />
      </Container>
      <Container header={<Header variant="h2">Service level per interval</Header>}>
        <LineChart
          {...common}
          ariaLabel="Service level per interval"
          xScaleType="time"
          yDomain={[0, 100]}
          yTitle="Answered within target (%)"
          series={
            answered.length === 0
              ? []
              : [
                  {
                    title: 'Service level',
                    type: 'line',
                    data: answered.map((t) => ({ x: t.start, y: Math.round((t.serviceLevel ?? 0) * 100) })),
                    valueFormatter: (value) => `${value} %`,
                  },
                ]
          }
        />
      </Container>
    </ColumnLayout>
  );
}
