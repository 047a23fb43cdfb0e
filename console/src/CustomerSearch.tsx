import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Api } from './api.ts';
import { useTableCollection } from './collection.tsx';
import { identityParts } from './format.ts';
import { queryKeys } from './queries.ts';
import { screenPopHash } from './screen-pop-query.ts';

/** Typing pauses this long before the search runs, so each keystroke is not a request. */
export const SEARCH_DELAY_MS = 300;
const MIN_QUERY = 2;

/**
 * Finding a customer by what the agent has at hand: the start of a name, an address, a number in
 * any format or any other identity. Each match opens the customer's card and timeline.
 */
export function CustomerSearch({ api }: { api: Pick<Api, 'searchCustomers'> }) {
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAsked(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);
  const searching = asked.length >= MIN_QUERY;
  // Each query has its own answer in the cache: a late answer to an older one shows nowhere.
  const search = useQuery({
    queryKey: queryKeys.customerSearch(asked),
    queryFn: () => api.searchCustomers(asked),
    enabled: searching,
    placeholderData: keepPreviousData,
  });
  const matches = searching && query.trim().length >= MIN_QUERY ? search.data : undefined;
  const error = search.error?.message;
  const loading = search.isFetching;
  const results = useTableCollection(matches ?? [], {
    label: 'customers found',
    filteringFields: ['name', 'identities', 'customerId'],
    empty: <Box textAlign="center">No customer matches “{query.trim()}”.</Box>,
    pageSize: 10,
  });

  return (
    <Container header={<Header variant="h2">Find a customer</Header>}>
      <SpaceBetween size="m">
        <Input
          type="search"
          value={query}
          onChange={({ detail }) => setQuery(detail.value)}
          placeholder="Name, email, phone number or handle"
          ariaLabel="Search customers"
          clearAriaLabel="Clear the search"
          autoFocus
        />
        {error && (
          <Alert type="error" header="Search failed">
            {error}
          </Alert>
        )}
        {matches && (
          <Table
            {...results}
            variant="embedded"
            loading={loading}
            loadingText="Searching"
            trackBy="customerId"
            ariaLabels={{ tableLabel: 'Customers found' }}
            columnDefinitions={[
              {
                id: 'name',
                header: 'Name',
                cell: (match) => (
                  <Link href={screenPopHash({ customerId: match.customerId })}>
                    {match.name ?? 'No name given'}
                  </Link>
                ),
                sortingField: 'name',
                isRowHeader: true,
              },
              { id: 'identities', header: 'Identities', cell: (match) => identitiesText(match.identities) },
            ]}
          />
        )}
      </SpaceBetween>
    </Container>
  );
}

function identitiesText(identities: readonly string[]): string {
  return identities
    .map((identity) => {
      const { kind, value } = identityParts(identity);
      return `${kind} ${value}`;
    })
    .join(', ');
}
