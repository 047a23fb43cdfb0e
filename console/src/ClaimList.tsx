import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useMutation } from '@tanstack/react-query';
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
  const { kind, value } = identityParts(claim.identity);
  // Nobody proved it (404) is an answer: `null`.
  const check = useMutation({
    mutationFn: async (): Promise<Customer | null> => {
      try {
        return (await api?.customerByIdentity(claim.identity)) ?? null;
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 404) return null;
        throw caught;
      }
    },
  });
  const link = useMutation({
    mutationFn: (other: Customer) =>
      api?.merge(other.customerId, customer.customerId, `checked: claims to be ${claim.identity}`) ??
      Promise.resolve(undefined),
    onSuccess: () => onLinked?.(),
  });
  const owner = check.data;
  const error = (check.error ?? link.error)?.message;
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <span>
        claims to be {kind.toLowerCase()} {value}
      </span>
      {api && owner === undefined ? (
        <Button variant="inline-link" loading={check.isPending} onClick={() => check.mutate()}>
          Check
        </Button>
      ) : null}
      {owner === null ? <Box color="text-body-secondary">nobody has proven it</Box> : null}
      {owner && owner.customerId !== customer.customerId ? (
        <Button variant="inline-link" loading={link.isPending} onClick={() => link.mutate(owner)}>
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
  const unmerge = useMutation({
    mutationFn: (absorbedId: string) =>
      api?.unmerge(customer.customerId, absorbedId, 'split in the console') ?? Promise.resolve(undefined),
    onSuccess: () => onSplit?.(),
  });
  const error =
    unmerge.error instanceof ApiError && unmerge.error.status === 403
      ? 'Only a supervisor can unmerge.'
      : unmerge.error?.message;
  return (
    <SpaceBetween size="xxs">
      {(customer.mergedFrom ?? []).map((absorbedId) => (
        <SpaceBetween key={absorbedId} direction="horizontal" size="xs" alignItems="center">
          <span>{absorbedId}</span>
          {api ? (
            <Button
              variant="inline-link"
              ariaLabel={`Unmerge ${absorbedId}`}
              loading={unmerge.isPending && unmerge.variables === absorbedId}
              onClick={() => unmerge.mutate(absorbedId)}
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
