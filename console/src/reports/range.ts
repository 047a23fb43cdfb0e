import type { DateRangePickerProps } from '@cloudscape-design/components/date-range-picker';

const UNIT_MS: Record<DateRangePickerProps.TimeUnit, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  // Calendar months and years vary; a report range needs only to be about right.
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/** The instants a picked range covers, as ISO strings; a relative one ends `now`. */
export function rangeBounds(value: DateRangePickerProps.Value, now: Date): { from: string; to: string } {
  if (value.type === 'relative') {
    return {
      from: new Date(now.getTime() - value.amount * UNIT_MS[value.unit]).toISOString(),
      to: now.toISOString(),
    };
  }
  return { from: new Date(value.startDate).toISOString(), to: new Date(value.endDate).toISOString() };
}

/** The picker's check: an absolute range must end after it starts. */
export function checkRange(value: DateRangePickerProps.Value | null): DateRangePickerProps.ValidationResult {
  if (!value) return { valid: false, errorMessage: 'Pick a range.' };
  if (value.type === 'absolute' && !(Date.parse(value.endDate) > Date.parse(value.startDate))) {
    return { valid: false, errorMessage: 'The range must end after it starts.' };
  }
  return { valid: true };
}
