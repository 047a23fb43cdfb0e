import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useEffect, useState } from 'react';
import type { Api, CustomerMatch } from './api.ts';
import { identityParts } from './format.ts';
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
  const [matches, setMatches] = useState<CustomerMatch[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (q.length < MIN_QUERY) {
      setMatches(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .searchCustomers(q)
        .then((found) => {
          if (!current) return;
          setMatches(found);
          setError(undefined);
        })
        .catch((caught: Error) => {
          if (current) setError(caught.message);
        })
        .finally(() => {
          if (current) setLoading(false);
        });
    }, SEARCH_DELAY_MS);
    // A newer query replaces this one: its answer, if it comes late, is dropped.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  return (
    <Container header={<Header variant="h2">Find a customer</Header>}>
      <SpaceBetween size="m">
        <Input
          type="search"
          value={query}
          onChange={({ detail }) => setQuery(detail.value)}
          placeholder="Name, email, phone number or handle"
          ariaLabel="Search customers"
          autoFocus
        />
        {error && (
          <Alert type="error" header="Search failed">
            {error}
          </Alert>
        )}
        {matches && (
          <Table
            variant="embedded"
            loading={loading}
            loadingText="Searching"
            items={matches}
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
              },
              { id: 'identities', header: 'Identities', cell: (match) => identitiesText(match.identities) },
            ]}
            empty={<Box textAlign="center">No customer matches “{query.trim()}”.</Box>}
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
