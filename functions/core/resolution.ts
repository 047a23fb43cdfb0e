import type { Customer, IdentityClaim, IdentityKey, IdentitySighting, MergeEvidence } from './model.ts';

/** What one contact adds to the customer it resolves to. */
export interface Additions {
  /** Verified identities nobody owns yet: they become this customer's, each with its evidence. */
  newIdentities: IdentityKey[];
  evidence: Record<IdentityKey, string>;
  /** Claimed identities this customer did not hold yet, verified or claimed. */
  newClaims: IdentityClaim[];
}

/** What identity resolution decided for one contact's identities. */
export type ResolutionPlan =
  | ({ action: 'create' } & Additions)
  | ({ action: 'attach'; customer: Customer } & Additions)
  | ({
      action: 'merge';
      survivor: Customer;
      absorbed: Customer[];
      mergeEvidence: MergeEvidence[];
    } & Additions);

/**
 * Decides who a contact belongs to. Only verified identities decide: `owners` maps each verified
 * identity already known to the customer owning it after following merges, and two different
 * owners mean one person was known twice (the oldest customer survives). A claimed identity
 * never looks anyone up: it is only noted on the customer the verified ones lead to, so typing
 * someone's address into a form reaches nobody's record.
 */
export function planResolution(
  sightings: readonly IdentitySighting[],
  owners: ReadonlyMap<IdentityKey, Customer>,
  at: string,
): ResolutionPlan {
  const verified = sightings.filter((s) => s.trust === 'verified');
  const distinct = new Map<string, Customer>();
  for (const { identity } of verified) {
    const owner = owners.get(identity);
    if (owner && !distinct.has(owner.customerId)) distinct.set(owner.customerId, owner);
  }
  const customers = [...distinct.values()];
  const additions = (held: readonly Customer[]): Additions => {
    const unowned = verified.filter((s) => !owners.has(s.identity));
    return {
      newIdentities: unowned.map((s) => s.identity),
      evidence: Object.fromEntries(unowned.map((s) => [s.identity, s.evidence])),
      newClaims: newClaims(sightings, held, at),
    };
  };
  const [first] = customers;
  if (!first) return { action: 'create', ...additions([]) };
  if (customers.length === 1) return { action: 'attach', customer: first, ...additions(customers) };

  const survivor = chooseSurvivor(customers);
  const absorbed = customers.filter((c) => c.customerId !== survivor.customerId);
  const mergeEvidence = absorbed.map((customer): MergeEvidence => {
    const proof = verified.find((s) => owners.get(s.identity)?.customerId === customer.customerId);
    return {
      identity: proof?.identity ?? (customer.identities[0] as IdentityKey),
      ...(proof ? { identityEvidence: proof.evidence } : {}),
      absorbedCustomerId: customer.customerId,
      survivingCustomerId: survivor.customerId,
    };
  });
  return { action: 'merge', survivor, absorbed, mergeEvidence, ...additions(customers) };
}

/** Claims none of these customers holds yet, as an identity of theirs or as a claim. */
function newClaims(
  sightings: readonly IdentitySighting[],
  customers: readonly Customer[],
  at: string,
): IdentityClaim[] {
  const held = new Set(
    customers.flatMap((c) => [...c.identities, ...c.claims.map((claim) => claim.identity)]),
  );
  for (const s of sightings) if (s.trust === 'verified') held.add(s.identity);
  const claims: IdentityClaim[] = [];
  for (const { identity, trust, evidence } of sightings) {
    if (trust !== 'claimed' || held.has(identity)) continue;
    held.add(identity);
    claims.push({ identity, evidence, at });
  }
  return claims;
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
  return {
    action: 'merge',
    survivor,
    absorbed: [absorbed],
    mergeEvidence: [evidence],
    newIdentities: [],
    evidence: {},
    newClaims: [],
  };
}

/** The merge entry's text: what proved the two customers are one person. */
export function describeMerge(evidence: MergeEvidence): string {
  const merged = `Merged customer ${evidence.absorbedCustomerId}`;
  if (evidence.agentId)
    return `${merged} by agent ${evidence.agentId}${evidence.reason ? `: ${evidence.reason}` : ''}`;
  const proof = evidence.identityEvidence ? ` (verified by ${evidence.identityEvidence})` : '';
  return `${merged}: both were seen with ${evidence.identity}${proof}`;
}

/** The customer known longest keeps their id, so links already handed out stay valid. */
export function chooseSurvivor(customers: readonly Customer[]): Customer {
  return [...customers].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.customerId.localeCompare(b.customerId),
  )[0] as Customer;
}

/**
 * A contact anchor stands for one unverified contact; it leads that contact's later reports to
 * the same customer but is not worth listing beside a customer's real identities.
 */
export function isContactAnchor(identity: IdentityKey): boolean {
  return identity.startsWith('contact:');
}

/** Identities a customer lists: anchors only while it has nothing better. */
export function listedIdentities(identities: Iterable<IdentityKey>): IdentityKey[] {
  const all = [...new Set(identities)];
  const real = all.filter((identity) => !isContactAnchor(identity));
  return real.length ? real : all;
}

/** A customer with a contact's additions: new verified identities, their evidence, new claims. */
export function withAdditions(customer: Customer, additions: Additions, at: string): Customer {
  const identities = listedIdentities([...customer.identities, ...additions.newIdentities]);
  return {
    ...customer,
    identities,
    evidence: pick({ ...customer.evidence, ...additions.evidence }, identities),
    claims: [...customer.claims, ...additions.newClaims].filter((c) => !identities.includes(c.identity)),
    updatedAt: at,
    version: customer.version + 1,
  };
}

/** The survivor after absorbing others: identities, claims and merge lineage become the union. */
export function mergedSurvivor(
  survivor: Customer,
  absorbed: readonly Customer[],
  additions: Additions,
  at: string,
): Customer {
  const union: Customer = {
    ...survivor,
    name: survivor.name ?? absorbed.find((c) => c.name)?.name,
    identities: [...survivor.identities, ...absorbed.flatMap((c) => c.identities)],
    evidence: Object.assign({}, ...absorbed.map((c) => c.evidence), survivor.evidence),
    claims: uniqueClaims([...survivor.claims, ...absorbed.flatMap((c) => c.claims)]),
    mergedFrom: [
      ...new Set([...survivor.mergedFrom, ...absorbed.flatMap((c) => [c.customerId, ...c.mergedFrom])]),
    ],
  };
  return withAdditions(union, additions, at);
}

function uniqueClaims(claims: readonly IdentityClaim[]): IdentityClaim[] {
  const seen = new Set<string>();
  return claims.filter((claim) => !seen.has(claim.identity) && seen.add(claim.identity));
}

function pick(record: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
  return picked;
}

/** All customer ids whose timelines make up this customer's timeline. */
export function timelineOwners(customer: Customer): string[] {
  return [customer.customerId, ...customer.mergedFrom];
}
