import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';

const PAGE_LABELS = {
  nextPageLabel: 'Next page',
  previousPageLabel: 'Previous page',
  pageLabel: (page: number) => `Page ${page}`,
};

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
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(rows, {
    filtering: {
      fields: filteringFields,
      empty: <Box color="text-status-inactive">No figures for this range.</Box>,
      noMatch: <Box color="text-status-inactive">No row matches the filter.</Box>,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: 'start' } } },
    pagination: { pageSize: 20 },
  });
  return (
    <Table
      {...collectionProps}
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
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Filter rows"
          filteringAriaLabel={`Filter ${title.toLowerCase()}`}
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} ariaLabels={PAGE_LABELS} />}
      loading={loading}
      loadingText="Loading the report"
      items={items}
      trackBy={props.trackBy}
      columnDefinitions={columns}
      ariaLabels={{ tableLabel: title }}
    />
  );
}
