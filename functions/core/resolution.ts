import type { Customer, IdentityKey, MergeEvidence } from './model.ts';

/** What identity resolution decided for one set of identities. */
export type ResolutionPlan =
  | { action: 'create'; identities: IdentityKey[] }
  | { action: 'attach'; customer: Customer; newIdentities: IdentityKey[] }
  | {
      action: 'merge';
      survivor: Customer;
      absorbed: Customer[];
      evidence: MergeEvidence[];
      newIdentities: IdentityKey[];
    };

/**
 * Decides who the identities belong to. `owners` maps each already-known identity to the
 * customer that owns it after following merges (so two keys of one customer show the same id).
 * Two different owners mean one person was known twice: the oldest customer survives.
 */
export function planResolution(
  identities: readonly IdentityKey[],
  owners: ReadonlyMap<IdentityKey, Customer>,
): ResolutionPlan {
  const newIdentities = identities.filter((key) => !owners.has(key));
  const distinct = new Map<string, Customer>();
  for (const key of identities) {
    const owner = owners.get(key);
    if (owner && !distinct.has(owner.customerId)) distinct.set(owner.customerId, owner);
  }
  const customers = [...distinct.values()];
  const [first] = customers;
  if (!first) return { action: 'create', identities: [...identities] };
  if (customers.length === 1) return { action: 'attach', customer: first, newIdentities };

  const survivor = chooseSurvivor(customers);
  const absorbed = customers.filter((c) => c.customerId !== survivor.customerId);
  const evidence = absorbed.map((customer): MergeEvidence => {
    const proof = identities.find((key) => owners.get(key)?.customerId === customer.customerId);
    return {
      identity: proof ?? (customer.identities[0] as IdentityKey),
      absorbedCustomerId: customer.customerId,
      survivingCustomerId: survivor.customerId,
    };
  });
  return { action: 'merge', survivor, absorbed, evidence, newIdentities };
}

type MergePlan = Extract<ResolutionPlan, { action: 'merge' }>;

/**
 * An agent's merge: the customer they kept survives whatever its age, and the agent (with
 * their reason) is the evidence. Undefined when both are already one customer.
 */
export function planAgentMerge(
  survivor: Customer,
  absorbed: Customer,
  by: { agentId: string; reason?: string | undefined },
): MergePlan | undefined {
  if (survivor.customerId === absorbed.customerId) return undefined;
  const evidence: MergeEvidence = {
    absorbedCustomerId: absorbed.customerId,
    survivingCustomerId: survivor.customerId,
    agentId: by.agentId,
    ...(by.reason ? { reason: by.reason } : {}),
  };
  return { action: 'merge', survivor, absorbed: [absorbed], evidence: [evidence], newIdentities: [] };
}

/** The merge entry's text: what proved the two customers are one person. */
export function describeMerge(evidence: MergeEvidence): string {
  const merged = `Merged customer ${evidence.absorbedCustomerId}`;
  if (evidence.agentId)
    return `${merged} by agent ${evidence.agentId}${evidence.reason ? `: ${evidence.reason}` : ''}`;
  return `${merged}: both were seen with ${evidence.identity}`;
}

/** The customer known longest keeps their id, so links already handed out stay valid. */
export function chooseSurvivor(customers: readonly Customer[]): Customer {
  return [...customers].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.customerId.localeCompare(b.customerId),
  )[0] as Customer;
}

/** The survivor after absorbing others: identities and merge lineage become the union. */
export function mergedSurvivor(
  survivor: Customer,
  absorbed: readonly Customer[],
  newIdentities: readonly IdentityKey[],
  at: string,
): Customer {
  const identities = new Set([
    ...survivor.identities,
    ...absorbed.flatMap((c) => c.identities),
    ...newIdentities,
  ]);
  const mergedFrom = new Set([
    ...survivor.mergedFrom,
    ...absorbed.flatMap((c) => [c.customerId, ...c.mergedFrom]),
  ]);
  return {
    ...survivor,
    name: survivor.name ?? absorbed.find((c) => c.name)?.name,
    identities: [...identities],
    mergedFrom: [...mergedFrom],
    updatedAt: at,
    version: survivor.version + 1,
  };
}

/** All customer ids whose timelines make up this customer's timeline. */
export function timelineOwners(customer: Customer): string[] {
  return [customer.customerId, ...customer.mergedFrom];
}
