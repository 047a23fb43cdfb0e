import { describe, expect, it } from 'vitest';
import type { Customer, IdentityKey } from '#core/model.ts';
import {
  chooseSurvivor,
  describeMerge,
  mergedSurvivor,
  planAgentMerge,
  planResolution,
  timelineOwners,
} from '#core/resolution.ts';

function customer(
  id: string,
  createdAt: string,
  identities: IdentityKey[],
  extra: Partial<Customer> = {},
): Customer {
  return {
    customerId: id,
    identities,
    createdAt,
    updatedAt: createdAt,
    mergedFrom: [],
    version: 1,
    ...extra,
  };
}

const ana = customer('cust_ana', '2026-01-01T00:00:00.000Z', ['email:ana@example.com']);
const caller = customer('cust_caller', '2026-03-01T00:00:00.000Z', ['phone:+14155550100']);

describe('identity resolution', () => {
  it('creates a customer when no identity is known', () => {
    expect(planResolution(['email:new@example.com'], new Map())).toEqual({
      action: 'create',
      identities: ['email:new@example.com'],
    });
  });

  it('attaches unknown identities to the one customer who owns the others', () => {
    const owners = new Map([['email:ana@example.com' as IdentityKey, ana]]);
    const plan = planResolution(['email:ana@example.com', 'chat:s1'], owners);
    expect(plan).toEqual({ action: 'attach', customer: ana, newIdentities: ['chat:s1'] });
  });

  it('merges two customers proven to be one person, keeping the one known longest', () => {
    const owners = new Map<IdentityKey, Customer>([
      ['phone:+14155550100', caller],
      ['email:ana@example.com', ana],
    ]);
    const plan = planResolution(['phone:+14155550100', 'email:ana@example.com', 'chat:s2'], owners);
    expect(plan.action).toBe('merge');
    if (plan.action !== 'merge') return;
    expect(plan.survivor.customerId).toBe('cust_ana');
    expect(plan.absorbed.map((c) => c.customerId)).toEqual(['cust_caller']);
    expect(plan.evidence).toEqual([
      { identity: 'phone:+14155550100', absorbedCustomerId: 'cust_caller', survivingCustomerId: 'cust_ana' },
    ]);
    expect(plan.newIdentities).toEqual(['chat:s2']);
  });

  it('breaks a tie in age by id so every resolver picks the same survivor', () => {
    const twin = customer('cust_aaa', ana.createdAt, []);
    expect(chooseSurvivor([ana, twin]).customerId).toBe('cust_aaa');
  });

  it('gives the survivor the union of identities and the whole merge lineage', () => {
    const earlier = customer('cust_old', '2025-01-01T00:00:00.000Z', [], { mergedFrom: [] });
    const absorbed = { ...caller, mergedFrom: ['cust_older_dup'] };
    const survivor = mergedSurvivor(
      { ...ana, mergedFrom: [earlier.customerId] },
      [absorbed],
      ['chat:s9'],
      'now',
    );
    expect(survivor.identities).toEqual(['email:ana@example.com', 'phone:+14155550100', 'chat:s9']);
    expect(timelineOwners(survivor)).toEqual(['cust_ana', 'cust_old', 'cust_caller', 'cust_older_dup']);
    expect(survivor.version).toBe(2);
  });
});

describe("an agent's merge", () => {
  it('keeps the customer the agent chose, even the newer one, with the agent as the evidence', () => {
    expect(planAgentMerge(caller, ana, { agentId: 'agent-ana', reason: 'same person' })).toEqual({
      action: 'merge',
      survivor: caller,
      absorbed: [ana],
      newIdentities: [],
      evidence: [
        {
          absorbedCustomerId: 'cust_ana',
          survivingCustomerId: 'cust_caller',
          agentId: 'agent-ana',
          reason: 'same person',
        },
      ],
    });
  });

  it('plans nothing when both already lead to one customer', () => {
    expect(planAgentMerge(ana, ana, { agentId: 'agent-ana' })).toBeUndefined();
  });

  it('says what proved the merge: an identity, or an agent and their reason', () => {
    const ids = { absorbedCustomerId: 'cust_b', survivingCustomerId: 'cust_a' };
    expect(describeMerge({ ...ids, identity: 'phone:+14155550100' })).toBe(
      'Merged customer cust_b: both were seen with phone:+14155550100',
    );
    expect(describeMerge({ ...ids, agentId: 'ana', reason: 'told us' })).toBe(
      'Merged customer cust_b by agent ana: told us',
    );
    expect(describeMerge({ ...ids, agentId: 'ana' })).toBe('Merged customer cust_b by agent ana');
  });
});
