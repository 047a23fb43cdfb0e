import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Pagination from '@cloudscape-design/components/pagination';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { ReactNode } from 'react';

const PAGE_LABELS = {
  nextPageLabel: 'Next page',
  previousPageLabel: 'Previous page',
  pageLabel: (page: number) => `Page ${page}`,
};

export interface TableCollectionOptions<T> {
  /** What the rows are, in the filter's words: `Filter ${label}`. */
  label: string;
  /** The row fields the text filter searches (all, without). */
  filteringFields?: string[];
  /** Shown while there are no rows at all. */
  empty: ReactNode;
  /** The column to sort by at first (by its field, or its comparator for a nested one), and which way. */
  sortingField?: string;
  sortingComparator?: (a: T, b: T) => number;
  descending?: boolean;
  pageSize?: number;
}

/**
 * A table's rows filtered by text, sorted by the column picked and paged: the props to spread on
 * a Cloudscape Table (`items`, sorting, `empty`), with its `filter` and `pagination`.
 */
export function useTableCollection<T>(rows: readonly T[], options: TableCollectionOptions<T>) {
  const { label, filteringFields, empty, sortingField, sortingComparator, descending = false } = options;
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(rows, {
    filtering: {
      ...(filteringFields ? { fields: filteringFields } : {}),
      empty,
      noMatch: <Box color="text-status-inactive">No row matches the filter.</Box>,
    },
    sorting: sortingField
      ? { defaultState: { sortingColumn: { sortingField, sortingComparator }, isDescending: descending } }
      : {},
    pagination: { pageSize: options.pageSize ?? 20 },
  });
  return {
    items,
    empty: collectionProps.empty,
    sortingColumn: collectionProps.sortingColumn,
    sortingDescending: collectionProps.sortingDescending,
    onSortingChange: collectionProps.onSortingChange,
    filter: (
      <TextFilter
        {...filterProps}
        filteringPlaceholder="Filter rows"
        filteringAriaLabel={`Filter ${label}`}
        filteringClearAriaLabel="Clear the filter"
        countText={`${filteredItemsCount ?? 0} matches`}
      />
    ),
    pagination: <Pagination {...paginationProps} ariaLabels={PAGE_LABELS} />,
  };
}
