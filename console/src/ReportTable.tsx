import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useTableCollection } from './collection.tsx';

export interface ReportTableProps<T> {
  title: string;
  rows: readonly T[];
  loading: boolean;
  columns: TableProps.ColumnDefinition<T>[];
  /** The fields the text filter searches. */
  filteringFields: string[];
  trackBy: (row: T) => string;
  onDownload: () => void;
}

/** A report's rows, sortable by any column, filtered by text and paged, with a CSV download. */
export function ReportTable<T>(props: ReportTableProps<T>) {
  const { title, rows, loading, columns, filteringFields } = props;
  const collection = useTableCollection(rows, {
    label: title.toLowerCase(),
    filteringFields,
    empty: <Box color="text-status-inactive">No figures for this range.</Box>,
    sortingField: 'start',
  });
  return (
    <Table
      {...collection}
      variant="container"
      header={
        <Header
          variant="h2"
          counter={`(${rows.length})`}
          actions={
            <Button
              iconName="download"
              ariaLabel={`Download CSV: ${title}`}
              disabled={rows.length === 0}
              onClick={props.onDownload}
            >
              Download CSV
            </Button>
          }
        >
          {title}
        </Header>
      }
      loading={loading}
      loadingText="Loading the report"
      trackBy={props.trackBy}
      columnDefinitions={columns}
      ariaLabels={{ tableLabel: title }}
    />
  );
}
