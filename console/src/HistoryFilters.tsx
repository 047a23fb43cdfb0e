import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import DateRangePicker, { type DateRangePickerProps } from '@cloudscape-design/components/date-range-picker';
import FormField from '@cloudscape-design/components/form-field';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import type { QueueStats } from './api.ts';
import { CHANNEL_LABELS, channelLabel } from './format.ts';
import { PICKER_STRINGS, RELATIVE_RANGES } from './reports/picker-strings.ts';
import { type QueueReportQuery, REPORT_INTERVALS, type ReportInterval } from './reports/queue-report.ts';
import { checkRange } from './reports/range.ts';

const INTERVAL_LABELS: Record<ReportInterval, string> = { '15m': '15 minutes', '1h': 'Hour', '1d': 'Day' };
const INTERVALS = REPORT_INTERVALS.map((value) => ({ value, label: INTERVAL_LABELS[value] }));
const ALL: SelectProps.Option = { value: '', label: 'All' };
const CHANNELS = [
  ALL,
  ...Object.keys(CHANNEL_LABELS).map((value) => ({ value, label: channelLabel(value) })),
];
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export interface HistoryFiltersProps {
  range: DateRangePickerProps.Value;
  query: QueueReportQuery;
  queues: readonly QueueStats[];
  onRange: (range: DateRangePickerProps.Value) => void;
  onChange: (change: Partial<QueueReportQuery>) => void;
}

const chosen = (options: readonly SelectProps.Option[], value: string | undefined) =>
  options.find((option) => option.value === (value ?? '')) ?? ALL;

/** What the report covers: the range (in the user's time zone), the interval, a queue and a channel. */
export function HistoryFilters({ range, query, queues, onRange, onChange }: HistoryFiltersProps) {
  const queueOptions = [ALL, ...queues.map((q) => ({ value: q.queueId, label: q.name }))];
  return (
    <Container>
      <ColumnLayout columns={4}>
        <FormField label="Range" description={`Times in your time zone, ${TIME_ZONE}`}>
          <DateRangePicker
            value={range}
            onChange={({ detail }) => {
              if (detail.value) onRange(detail.value);
            }}
            relativeOptions={RELATIVE_RANGES}
            isValidRange={checkRange}
            i18nStrings={PICKER_STRINGS}
            placeholder="Pick a range"
            rangeSelectorMode="default"
          />
        </FormField>
        <FormField label="Interval">
          <Select
            selectedOption={chosen(INTERVALS, query.interval)}
            options={INTERVALS}
            onChange={({ detail }) => onChange({ interval: detail.selectedOption.value as ReportInterval })}
          />
        </FormField>
        <FormField label="Queue">
          <Select
            selectedOption={chosen(queueOptions, query.queueId)}
            options={queueOptions}
            onChange={({ detail }) => onChange({ queueId: detail.selectedOption.value || undefined })}
          />
        </FormField>
        <FormField label="Channel">
          <Select
            selectedOption={chosen(CHANNELS, query.channel)}
            options={CHANNELS}
            onChange={({ detail }) => onChange({ channel: detail.selectedOption.value || undefined })}
          />
        </FormField>
      </ColumnLayout>
    </Container>
  );
}
