import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { type Api, ApiError, type Customer, type IdentityClaim } from './api.ts';
import { identityParts } from './format.ts';

/**
 * What the customer claims but never proved, shown as a claim. "Check" finds who proved that
 * identity; after checking with the customer, "Link" merges the two records, as a recorded merge
 * a supervisor can undo.
 */
export function ClaimList({
  api,
  customer,
  onLinked,
}: {
  api?: Api;
  customer: Customer;
  onLinked?: () => void;
}) {
  return (
    <ul aria-label="Claims" style={{ margin: 0, paddingLeft: 16 }}>
      {(customer.claims ?? []).map((claim) => (
        <li key={claim.identity}>
          <Claim api={api} customer={customer} claim={claim} onLinked={onLinked} />
        </li>
      ))}
    </ul>
  );
}

function Claim({
  api,
  customer,
  claim,
  onLinked,
}: {
  api?: Api | undefined;
  customer: Customer;
  claim: IdentityClaim;
  onLinked?: (() => void) | undefined;
}) {
  const [owner, setOwner] = useState<Customer | null>();
  const [error, setError] = useState<string>();
  const { kind, value } = identityParts(claim.identity);
  async function check() {
    setError(undefined);
    try {
      setOwner(await api?.customerByIdentity(claim.identity));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setOwner(null);
      else setError((caught as Error).message);
    }
  }
  async function link(other: Customer) {
    try {
      await api?.merge(other.customerId, customer.customerId, `checked: claims to be ${claim.identity}`);
      onLinked?.();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <span>
        claims to be {kind.toLowerCase()} {value}
      </span>
      {api && owner === undefined ? (
        <Button variant="inline-link" onClick={() => void check()}>
          Check
        </Button>
      ) : null}
      {owner === null ? <Box color="text-body-secondary">nobody has proven it</Box> : null}
      {owner && owner.customerId !== customer.customerId ? (
        <Button variant="inline-link" onClick={() => void link(owner)}>
          Link to {owner.name ?? owner.customerId}
        </Button>
      ) : null}
      {error ? <Box color="text-status-error">{error}</Box> : null}
    </SpaceBetween>
  );
}

/** Customers merged into this one; a supervisor can split one off again. */
export function MergedFromList({
  api,
  customer,
  onSplit,
}: {
  api?: Api;
  customer: Customer;
  onSplit?: () => void;
}) {
  const [error, setError] = useState<string>();
  async function unmerge(absorbedId: string) {
    setError(undefined);
    try {
      await api?.unmerge(customer.customerId, absorbedId, 'split in the console');
      onSplit?.();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 403
          ? 'Only a supervisor can unmerge.'
          : (caught as Error).message,
      );
    }
  }
  return (
    <SpaceBetween size="xxs">
      {(customer.mergedFrom ?? []).map((absorbedId) => (
        <SpaceBetween key={absorbedId} direction="horizontal" size="xs" alignItems="center">
          <span>{absorbedId}</span>
          {api ? (
            <Button
              variant="inline-link"
              ariaLabel={`Unmerge ${absorbedId}`}
              onClick={() => void unmerge(absorbedId)}
            >
              Unmerge
            </Button>
          ) : null}
        </SpaceBetween>
      ))}
      {error ? <Box color="text-status-error">{error}</Box> : null}
    </SpaceBetween>
  );
}
