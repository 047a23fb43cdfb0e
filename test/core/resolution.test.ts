import { describe, expect, it } from 'vitest';
import type { Customer, IdentityKey, IdentitySighting } from '#core/model.ts';
import {
  chooseSurvivor,
  describeMerge,
  listedIdentities,
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
    evidence: {},
    claims: [],
    createdAt,
    updatedAt: createdAt,
    mergedFrom: [],
    splitVersion: 0,
    version: 1,
    ...extra,
  };
}

const verified = (identity: IdentityKey, evidence = 'sms:sender'): IdentitySighting => ({
  identity,
  trust: 'verified',
  evidence,
});
const claimed = (identity: IdentityKey): IdentitySighting => ({
  identity,
  trust: 'claimed',
  evidence: 'chat:form',
});

const at = '2026-06-01T00:00:00.000Z';
const ana = customer('cust_ana', '2026-01-01T00:00:00.000Z', ['email:ana@example.com']);
const caller = customer('cust_caller', '2026-03-01T00:00:00.000Z', ['phone:+14155550100']);

describe('identity resolution', () => {
  it('creates a customer when no identity is known, with the evidence of each', () => {
    expect(planResolution([verified('email:new@example.com', 'ses:dmarc')], new Map(), at)).toEqual({
      action: 'create',
      newIdentities: ['email:new@example.com'],
      evidence: { 'email:new@example.com': 'ses:dmarc' },
      newClaims: [],
    });
  });

  it('attaches unknown verified identities to the one customer who owns the others', () => {
    const owners = new Map([['email:ana@example.com' as IdentityKey, ana]]);
    const plan = planResolution(
      [verified('email:ana@example.com'), verified('chat:s1', 'chat:session')],
      owners,
      at,
    );
    expect(plan).toEqual({
      action: 'attach',
      customer: ana,
      newIdentities: ['chat:s1'],
      evidence: { 'chat:s1': 'chat:session' },
      newClaims: [],
    });
  });

  it('merges two customers proven to be one person, keeping the one known longest', () => {
    const owners = new Map<IdentityKey, Customer>([
      ['phone:+14155550100', caller],
      ['email:ana@example.com', ana],
    ]);
    const plan = planResolution(
      [verified('phone:+14155550100'), verified('email:ana@example.com', 'app:token'), verified('chat:s2')],
      owners,
      at,
    );
    expect(plan.action).toBe('merge');
    if (plan.action !== 'merge') return;
    expect(plan.survivor.customerId).toBe('cust_ana');
    expect(plan.absorbed.map((c) => c.customerId)).toEqual(['cust_caller']);
    expect(plan.mergeEvidence).toEqual([
      {
        identity: 'phone:+14155550100',
        identityEvidence: 'sms:sender',
        absorbedCustomerId: 'cust_caller',
        survivingCustomerId: 'cust_ana',
      },
    ]);
    expect(plan.newIdentities).toEqual(['chat:s2']);
  });

  it("never lets a claimed identity attach to or merge anyone's record", () => {
    // A visitor typing Ana's email and the caller's number gets a customer of their own.
    const owners = new Map<IdentityKey, Customer>();
    const plan = planResolution(
      [
        verified('chat:visitor', 'chat:session'),
        claimed('email:ana@example.com'),
        claimed('phone:+14155550100'),
      ],
      owners,
      at,
    );
    expect(plan).toEqual({
      action: 'create',
      newIdentities: ['chat:visitor'],
      evidence: { 'chat:visitor': 'chat:session' },
      newClaims: [
        { identity: 'email:ana@example.com', evidence: 'chat:form', at },
        { identity: 'phone:+14155550100', evidence: 'chat:form', at },
      ],
    });
  });

  it('notes a claim once, and not when the customer already holds it verified', () => {
    const withClaim = customer('cust_v', ana.createdAt, ['chat:v'], {
      claims: [{ identity: 'email:v@example.com', evidence: 'chat:form', at }],
    });
    const owners = new Map<IdentityKey, Customer>([['chat:v', withClaim]]);
    const plan = planResolution(
      [verified('chat:v'), claimed('email:v@example.com'), claimed('chat:v'), claimed('phone:+14155550199')],
      owners,
      at,
    );
    expect(plan.newClaims.map((c) => c.identity)).toEqual(['phone:+14155550199']);
  });

  it('breaks a tie in age by id so every resolver picks the same survivor', () => {
    const twin = customer('cust_aaa', ana.createdAt, []);
    expect(chooseSurvivor([ana, twin]).customerId).toBe('cust_aaa');
  });

  it('gives the survivor the union of identities, evidence, claims and the whole merge lineage', () => {
    const earlier = customer('cust_old', '2025-01-01T00:00:00.000Z', [], { mergedFrom: [] });
    const absorbed = {
      ...caller,
      evidence: { 'phone:+14155550100': 'sms:sender' },
      claims: [{ identity: 'email:c@example.com' as IdentityKey, evidence: 'chat:form', at }],
      mergedFrom: ['cust_older_dup'],
    };
    const survivor = mergedSurvivor(
      { ...ana, mergedFrom: [earlier.customerId] },
      [absorbed],
      { newIdentities: ['chat:s9'], evidence: { 'chat:s9': 'chat:session' }, newClaims: [] },
      'now',
    );
    expect(survivor.identities).toEqual(['email:ana@example.com', 'phone:+14155550100', 'chat:s9']);
    expect(survivor.evidence).toEqual({ 'phone:+14155550100': 'sms:sender', 'chat:s9': 'chat:session' });
    expect(survivor.claims.map((c) => c.identity)).toEqual(['email:c@example.com']);
    expect(timelineOwners(survivor)).toEqual(['cust_ana', 'cust_old', 'cust_caller', 'cust_older_dup']);
    expect(survivor.version).toBe(2);
  });

  it('lists contact anchors only while a customer has nothing better', () => {
    expect(listedIdentities(['contact:voice:a1'])).toEqual(['contact:voice:a1']);
    expect(listedIdentities(['contact:voice:a1', 'phone:+14155550100'])).toEqual(['phone:+14155550100']);
  });
});

describe("an agent's merge", () => {
  it('keeps the customer the agent chose, even the newer one, with the agent as the evidence', () => {
    expect(planAgentMerge(caller, ana, { agentId: 'agent-ana', reason: 'same person' })).toEqual({
      action: 'merge',
      survivor: caller,
      absorbed: [ana],
      newIdentities: [],
      evidence: {},
      newClaims: [],
      mergeEvidence: [
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

  it('says what proved the merge: a verified identity, or an agent and their reason', () => {
    const ids = { absorbedCustomerId: 'cust_b', survivingCustomerId: 'cust_a' };
    expect(describeMerge({ ...ids, identity: 'phone:+14155550100', identityEvidence: 'sms:sender' })).toBe(
      'Merged customer cust_b: both were seen with phone:+14155550100 (verified by sms:sender)',
    );
    expect(describeMerge({ ...ids, agentId: 'ana', reason: 'told us' })).toBe(
      'Merged customer cust_b by agent ana: told us',
    );
    expect(describeMerge({ ...ids, agentId: 'ana' })).toBe('Merged customer cust_b by agent ana');
  });
});
