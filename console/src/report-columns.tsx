import type { TableProps } from '@cloudscape-design/components/table';
import { channelLabel, duration, intervalStart, percent } from './format.ts';
import type { AgentReportRow, QueueReportRow } from './reports/queue-report.ts';

type Column<T> = TableProps.ColumnDefinition<T>;

const seconds = (value: number | null) => (value === null ? '—' : duration(value));

/** Nothing to measure sorts before any figure. */
function byNullable<T>(pick: (row: T) => number | null): (a: T, b: T) => number {
  return (a, b) => (pick(a) ?? -1) - (pick(b) ?? -1);
}

function startColumn<T extends { start: string }>(daily: boolean): Column<T> {
  return {
    id: 'start',
    header: 'Interval',
    cell: (row) => intervalStart(row.start, daily),
    sortingField: 'start',
    isRowHeader: true,
  };
}

/** The queue table: counts as they are, shares in per cent, times as durations. */
export function queueColumns(
  daily: boolean,
  queueName: (queueId: string) => string,
): Column<QueueReportRow>[] {
  return [
    startColumn(daily),
    { id: 'queue', header: 'Queue', cell: (row) => queueName(row.queueId), sortingField: 'queueId' },
    { id: 'channel', header: 'Channel', cell: (row) => channelLabel(row.channel), sortingField: 'channel' },
    { id: 'offered', header: 'Offered', cell: (row) => row.offered, sortingField: 'offered' },
    { id: 'answered', header: 'Answered', cell: (row) => row.answered, sortingField: 'answered' },
    { id: 'abandoned', header: 'Abandoned', cell: (row) => row.abandoned, sortingField: 'abandoned' },
    {
      id: 'serviceLevel',
      header: 'Service level',
      cell: (row) => percent(row.serviceLevel),
      sortingComparator: byNullable((row) => row.serviceLevel),
    },
    {
      id: 'asa',
      header: 'Avg. speed of answer',
      cell: (row) => seconds(row.averageSpeedOfAnswerSeconds),
      sortingComparator: byNullable((row) => row.averageSpeedOfAnswerSeconds),
    },
    {
      id: 'aht',
      header: 'Avg. handle time',
      cell: (row) => seconds(row.averageHandleSeconds),
      sortingComparator: byNullable((row) => row.averageHandleSeconds),
    },
  ];
}

/** The agent table: occupancy, then a column of time for each status in `statuses`. */
export function agentColumns(daily: boolean, statuses: readonly string[]): Column<AgentReportRow>[] {
  return [
    startColumn(daily),
    { id: 'agent', header: 'Agent', cell: (row) => row.agentId, sortingField: 'agentId' },
    {
      id: 'occupancy',
      header: 'Occupancy',
      cell: (row) => percent(row.occupancy),
      sortingComparator: byNullable((row) => row.occupancy),
    },
    ...statuses.map(
      (status): Column<AgentReportRow> => ({
        id: `status-${status}`,
        header: `Time ${status}`,
        cell: (row) => duration(row.secondsByStatus[status] ?? 0),
        sortingComparator: byNullable((row) => row.secondsByStatus[status] ?? 0),
      }),
    ),
  ];
}
