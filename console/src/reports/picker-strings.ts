import type { DateRangePickerProps } from '@cloudscape-design/components/date-range-picker';

const unit = (name: DateRangePickerProps.TimeUnit, amount: number) => (amount === 1 ? name : `${name}s`);

/** The ranges a supervisor picks most, offered first. */
export const RELATIVE_RANGES: DateRangePickerProps.RelativeOption[] = [
  { key: 'last-1-hour', amount: 1, unit: 'hour', type: 'relative' },
  { key: 'last-24-hours', amount: 24, unit: 'hour', type: 'relative' },
  { key: 'last-7-days', amount: 7, unit: 'day', type: 'relative' },
  { key: 'last-30-days', amount: 30, unit: 'day', type: 'relative' },
];

/** The picker's words (the console has no translations of its own). */
export const PICKER_STRINGS: DateRangePickerProps.I18nStrings = {
  ariaLabel: 'Report range',
  modeSelectionLabel: 'Range type',
  relativeModeTitle: 'Relative range',
  absoluteModeTitle: 'Absolute range',
  relativeRangeSelectionHeading: 'Choose a range',
  cancelButtonLabel: 'Cancel',
  clearButtonLabel: 'Clear',
  applyButtonLabel: 'Apply',
  formatRelativeRange: (value) => `Last ${value.amount} ${unit(value.unit, value.amount)}`,
  formatUnit: unit,
  customRelativeRangeOptionLabel: 'Custom range',
  customRelativeRangeOptionDescription: 'Set a custom range in the past',
  customRelativeRangeDurationLabel: 'Duration',
  customRelativeRangeDurationPlaceholder: 'Enter duration',
  customRelativeRangeUnitLabel: 'Unit of time',
  startDateLabel: 'Start date',
  startTimeLabel: 'Start time',
  endDateLabel: 'End date',
  endTimeLabel: 'End time',
  dateTimeConstraintText: 'Use YYYY/MM/DD for dates and hh:mm:ss for times, in your time zone.',
  errorIconAriaLabel: 'Error',
  renderSelectedAbsoluteRangeAriaLive: (start, end) => `Range selected from ${start} to ${end}`,
};
