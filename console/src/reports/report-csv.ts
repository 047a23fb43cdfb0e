import { type CsvColumn, toCsv } from './csv.ts';
import type { AgentReportRow, QueueReportRow } from './queue-report.ts';

/** The queue report's CSV columns: every figure as the API gives it, named as on the wire. */
export const QUEUE_CSV_COLUMNS: readonly CsvColumn<QueueReportRow>[] = (
  [
    'start',
    'queueId',
    'channel',
    'offered',
    'answered',
    'abandoned',
    'answeredWithinTarget',
    'serviceLevel',
    'handleSeconds',
    'averageHandleSeconds',
    'answerWaitSeconds',
    'averageSpeedOfAnswerSeconds',
  ] as const
).map((key) => ({ header: key, value: (row: QueueReportRow) => row[key] }));

/** Every status any agent spent time in, in a stable order. */
export function reportStatuses(rows: readonly AgentReportRow[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row.secondsByStatus)))].sort();
}

/** The agent report's CSV columns: a `seconds_<status>` column for each status in `statuses`. */
export function agentCsvColumns(statuses: readonly string[]): CsvColumn<AgentReportRow>[] {
  return [
    { header: 'start', value: (row) => row.start },
    { header: 'agentId', value: (row) => row.agentId },
    { header: 'occupancy', value: (row) => row.occupancy },
    ...statuses.map((status) => ({
      header: `seconds_${status}`,
      value: (row: AgentReportRow) => row.secondsByStatus[status] ?? 0,
    })),
  ];
}

export const queueCsv = (rows: readonly QueueReportRow[]) => toCsv(QUEUE_CSV_COLUMNS, rows);
export const agentCsv = (rows: readonly AgentReportRow[]) =>
  toCsv(agentCsvColumns(reportStatuses(rows)), rows);

/** `queue-report-2026-12-01T000000Z-2026-12-02T000000Z.csv`: the range, without the colons file systems refuse. */
export function reportFileName(kind: 'queue' | 'agent', from: string, to: string): string {
  const stamp = (iso: string) =>
    new Date(iso)
      .toISOString()
      .replace(/\.\d{3}/, '')
      .replaceAll(':', '');
  return `${kind}-report-${stamp(from)}-${stamp(to)}.csv`;
}
