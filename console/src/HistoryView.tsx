import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import type { DateRangePickerProps } from '@cloudscape-design/components/date-range-picker';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Api, QueueStats } from './api.ts';
import { HistoryFilters } from './HistoryFilters.tsx';
import { problem, queryKeys } from './queries.ts';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportTable } from './ReportTable.tsx';
import { agentColumns, queueColumns } from './report-columns.tsx';
import { downloadCsv } from './reports/download.ts';
import { RELATIVE_RANGES } from './reports/picker-strings.ts';
import type { QueueReport, QueueReportQuery } from './reports/queue-report.ts';
import { rangeBounds } from './reports/range.ts';
import { agentCsv, queueCsv, reportFileName, reportStatuses } from './reports/report-csv.ts';
import { intervalTotals } from './reports/totals.ts';

export type HistoryApi = Pick<Api, 'queueReports' | 'queues'>;

const DEFAULT_RANGE = RELATIVE_RANGES[1] as DateRangePickerProps.RelativeOption;

/** The report asked for; the bounds of a relative range are fixed when it is picked or refreshed. */
function queryFor(
  range: DateRangePickerProps.Value,
  rest: Omit<QueueReportQuery, 'from' | 'to'>,
): QueueReportQuery {
  return { ...rest, ...rangeBounds(range, new Date()) };
}

/** The report for `query`, fetched again whenever it changes; the last one stays shown meanwhile. */
function useReport(api: HistoryApi, query: QueueReportQuery) {
  const report = useQuery({
    queryKey: queryKeys.report(query),
    queryFn: () => api.queueReports(query),
    placeholderData: keepPreviousData,
  });
  return { report: report.data, error: problem(report.error), loading: report.isFetching };
}

/** Supervisors' history: queue and agent figures per interval over a past range, with CSV downloads. */
export function HistoryView({ api }: { api: HistoryApi }) {
  const [range, setRange] = useState<DateRangePickerProps.Value>(DEFAULT_RANGE);
  const [query, setQuery] = useState<QueueReportQuery>(() => queryFor(DEFAULT_RANGE, { interval: '1h' }));
  const { report, error, loading } = useReport(api, query);
  const queryClient = useQueryClient();
  const queues = useQuery({ queryKey: queryKeys.queues(), queryFn: () => api.queues() }).data ?? [];

  const change = (next: Partial<QueueReportQuery>) => setQuery((now) => ({ ...now, ...next }));
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description="Queue and agent figures per interval over a past range"
          actions={
            <Button
              iconName="refresh"
              onClick={() => {
                // A relative range moves on; a fixed one is asked for again as it stands.
                setQuery((now) => queryFor(range, now));
                void queryClient.invalidateQueries({ queryKey: ['report'] });
              }}
            >
              Refresh
            </Button>
          }
        >
          History
        </Header>
      }
    >
      <SpaceBetween size="l">
        <HistoryFilters
          range={range}
          query={query}
          queues={queues}
          onRange={(next) => {
            setRange(next);
            setQuery((now) => queryFor(next, now));
          }}
          onChange={change}
        />
        {error ? (
          <Alert type="error" header="The report could not be loaded">
            {error}
          </Alert>
        ) : null}
        <ReportBody report={report} loading={loading} queues={queues} />
      </SpaceBetween>
    </ContentLayout>
  );
}

interface ReportBodyProps {
  report: QueueReport | undefined;
  loading: boolean;
  queues: readonly QueueStats[];
}

/** The charts and both tables of one report, each table with its CSV download. */
function ReportBody({ report, loading, queues }: ReportBodyProps) {
  const daily = report?.interval === '1d';
  const names = useMemo(() => new Map(queues.map((q) => [q.queueId, q.name])), [queues]);
  const totals = useMemo(() => intervalTotals(report?.queues ?? []), [report]);
  const statuses = useMemo(() => reportStatuses(report?.agents ?? []), [report]);
  const download = (kind: 'queue' | 'agent') => {
    if (!report) return;
    const text = kind === 'queue' ? queueCsv(report.queues) : agentCsv(report.agents);
    downloadCsv(reportFileName(kind, report.from, report.to), text);
  };
  return (
    <>
      <ReportCharts totals={totals} daily={daily} loading={loading} />
      <ReportTable
        title="Queues"
        rows={report?.queues ?? []}
        loading={loading}
        columns={queueColumns(daily, (queueId) => names.get(queueId) ?? queueId)}
        filteringFields={['queueId', 'channel']}
        trackBy={(row) => `${row.start} ${row.queueId} ${row.channel}`}
        onDownload={() => download('queue')}
      />
      <ReportTable
        title="Agents"
        rows={report?.agents ?? []}
        loading={loading}
        columns={agentColumns(daily, statuses)}
        filteringFields={['agentId']}
        trackBy={(row) => `${row.start} ${row.agentId}`}
        onDownload={() => download('agent')}
      />
    </>
  );
}
