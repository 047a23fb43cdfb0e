import { DomainError } from './errors.ts';
import type { Customer, IdentityKey, MergeEvidence } from './model.ts';

export interface UnmergeInput {
  /** The customer to split off, as stored (its `mergedInto` names the one it was merged into). */
  absorbed: Customer;
  /** Every customer from the one `absorbed` was merged into up to the survivor, as stored. */
  ancestors: readonly Customer[];
  /** For each identity the ancestors list: the customer whose record it was first proven on. */
  owners: ReadonlyMap<IdentityKey, string>;
  by: { agentId: string; reason?: string | undefined };
  at: string;
}

export interface UnmergePlan {
  restored: Customer;
  ancestors: Customer[];
  /** The absorbed customer and everyone merged into it before: they leave together. */
  leaving: ReadonlySet<string>;
  evidence: MergeEvidence;
}

/**
 * Splits a customer off again. It takes back everything that was its own before the merge: the
 * customers it had absorbed itself, the identities first proven on any of them, and their claims;
 * every ancestor up to the survivor loses them, and grows its split version, so a write made for
 * it as it was before is refused and looked at again.
 */
export function planUnmerge(input: UnmergeInput): UnmergePlan {
  const { absorbed, ancestors, owners, at } = input;
  const [parent] = ancestors;
  if (!parent || absorbed.mergedInto !== parent.customerId) {
    throw new DomainError('conflict', `customer ${absorbed.customerId} is not merged into this customer`, {
      field: 'customerId',
    });
  }
  const leaving = new Set([absorbed.customerId, ...absorbed.mergedFrom]);
  const leavingClaims = new Set(absorbed.claims.map((claim) => claim.identity));
  const stays = (identity: IdentityKey) => !leaving.has(owners.get(identity) ?? '');
  const split = ancestors.map((ancestor): Customer => {
    const identities = ancestor.identities.filter(stays);
    return {
      ...ancestor,
      identities,
      evidence: Object.fromEntries(
        Object.entries(ancestor.evidence).filter(([key]) => identities.includes(key)),
      ),
      claims: ancestor.claims.filter((claim) => !leavingClaims.has(claim.identity)),
      mergedFrom: ancestor.mergedFrom.filter((id) => !leaving.has(id)),
      splitVersion: ancestor.splitVersion + 1,
      updatedAt: at,
      version: ancestor.version + 1,
    };
  });
  const { mergedInto: _into, mergeEntryId: _entry, ...own } = absorbed;
  return {
    restored: {
      ...own,
      splitFrom: ancestors.map((a) => a.customerId),
      updatedAt: at,
      version: absorbed.version + 1,
    },
    ancestors: split,
    leaving,
    evidence: {
      absorbedCustomerId: absorbed.customerId,
      survivingCustomerId: parent.customerId,
      agentId: input.by.agentId,
      ...(input.by.reason ? { reason: input.by.reason } : {}),
    },
  };
}

export function describeUnmerge(evidence: MergeEvidence): string {
  const split = `Unmerged customer ${evidence.absorbedCustomerId} from ${evidence.survivingCustomerId}`;
  return `${split} by agent ${evidence.agentId}${evidence.reason ? `: ${evidence.reason}` : ''}`;
}
