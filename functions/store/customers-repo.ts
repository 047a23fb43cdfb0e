import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { identityTerm, nameTerm } from '#core/customer-search.ts';
import { sightingsOf } from '#core/identity.ts';
import { derivedId, newId } from '#core/ids.ts';
import {
  type Channel,
  type Customer,
  CustomerSchema,
  type IdentityKey,
  type IdentitySighting,
  type Interaction,
  type MergeEvidence,
} from '#core/model.ts';
import type { CustomerStore, Sightings } from '#core/ports.ts';
import {
  describeMerge,
  mergedSurvivor,
  planAgentMerge,
  planResolution,
  type ResolutionPlan,
  withAdditions,
} from '#core/resolution.ts';
import { BoundedCache } from './bounded-cache.ts';
import { getRecord, type TableClient } from './dynamo.ts';
import { keys, searchKeys } from './table.ts';
import { interactionItem } from './timeline-repo.ts';
import { retryOnConflict } from './writes.ts';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

const MAX_ATTEMPTS = 8;
const MAX_MERGE_HOPS = 16;

interface ResolveInput {
  at: string;
  channel: Channel;
  name?: string | undefined;
  sourceInteractionId?: string;
}

/** Who merged two customers by hand, why, and the channel the timeline files the merge under. */
export interface AgentMergeInput {
  agentId: string;
  reason?: string | undefined;
  channel: Channel;
}

/** Customers and their identities, with identity uniqueness enforced by conditional writes. */
export class CustomersRepo implements CustomerStore {
  private readonly claims = new BoundedCache<string>();

  constructor(
    private readonly table: TableClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(customerId: string): Promise<Customer | undefined> {
    let id = customerId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const customer = await this.getRaw(id);
      if (!customer?.mergedInto) return customer;
      id = customer.mergedInto;
    }
    throw new Error(`merge chain from ${customerId} is longer than ${MAX_MERGE_HOPS}`);
  }

  async findByIdentity(identity: IdentityKey): Promise<Customer | undefined> {
    const owner = await this.identityOwner(identity);
    if (!owner) return undefined;
    const customer = await this.get(owner);
    if (customer) return customer;
    // The owner was erased: its identities are free, and may have been claimed again since.
    this.claims.delete(identity);
    const current = await this.identityOwner(identity);
    return current && current !== owner ? this.get(current) : undefined;
  }

  async resolve(identities: Sightings, input: ResolveInput): Promise<Customer> {
    const sightings = sightingsOf(identities, input.channel);
    const verified = sightings.filter((s) => s.trust === 'verified').map((s) => s.identity);
    return this.retrying(`customer for ${verified.join(', ')}`, async () =>
      this.apply(planResolution(sightings, await this.owners(verified), input.at), sightings, input),
    );
  }

  /**
   * Merges `absorbed` into `survivor` because an agent knows they are one person, in the same
   * transaction automatic merges use. Both are read again (following merges) after a conflict,
   * so a repeat, or a merge made meanwhile either way round, changes nothing: `merged` is false
   * and `customer` is the one both ids now lead to.
   */
  async mergeByAgent(
    survivor: Customer,
    absorbed: Customer,
    input: AgentMergeInput,
  ): Promise<{ customer: Customer; merged: boolean }> {
    let pair: Array<Customer | undefined> = [survivor, absorbed];
    return this.retrying(`customers ${survivor.customerId} and ${absorbed.customerId}`, async (attempt) => {
      if (attempt > 0)
        pair = await Promise.all([this.get(survivor.customerId), this.get(absorbed.customerId)]);
      const [kept, gone] = pair;
      if (!kept || !gone)
        throw new Error(`customer ${survivor.customerId} or ${absorbed.customerId} vanished`);
      const plan = planAgentMerge(kept, gone, input);
      if (!plan) return { customer: kept, merged: false };
      const now = this.clock().toISOString();
      return { customer: await this.merge(plan, [], { at: now, channel: input.channel }, now), merged: true };
    });
  }

  /**
   * Runs a read-plan-write step until its conditional writes go through: after a conflict
   * (someone else claimed an identity or changed a customer first) it looks again.
   */
  private retrying<T>(what: string, step: (attempt: number) => Promise<T>): Promise<T> {
    return retryOnConflict(what, step, { attempts: MAX_ATTEMPTS });
  }

  private async owners(identities: readonly IdentityKey[]): Promise<Map<IdentityKey, Customer>> {
    const owners = new Map<IdentityKey, Customer>();
    // Identities of one customer (a chat session and its verified address) read the record once.
    const byOwner = new Map<string, Customer>();
    for (const identity of identities) {
      const owner = await this.identityOwner(identity);
      if (!owner) continue;
      const customer = byOwner.get(owner) ?? (await this.findByIdentity(identity));
      if (!customer) continue;
      byOwner.set(owner, customer);
      owners.set(identity, customer);
    }
    return owners;
  }

  private async apply(
    plan: ResolutionPlan,
    sightings: readonly IdentitySighting[],
    input: ResolveInput,
  ): Promise<Customer> {
    const now = this.clock().toISOString();
    switch (plan.action) {
      case 'create': {
        const blank: Customer = {
          customerId: newId('cust', this.clock()),
          name: input.name,
          identities: [],
          evidence: {},
          claims: [],
          createdAt: now,
          updatedAt: now,
          mergedFrom: [],
          splitVersion: 0,
          version: 0,
        };
        const customer = withAdditions(blank, plan, now);
        await this.transact([
          this.putNewCustomer(customer),
          ...this.claim(plan.newIdentities, customer.customerId, sightings),
        ]);
        return customer;
      }
      case 'attach': {
        const { customer } = plan;
        const needsName = !customer.name && input.name;
        if (plan.newIdentities.length === 0 && plan.newClaims.length === 0 && !needsName) return customer;
        const updated = { ...withAdditions(customer, plan, now), name: customer.name ?? input.name };
        await this.transact([
          this.updateProfile(updated, customer.version),
          ...this.claim(plan.newIdentities, customer.customerId, sightings),
        ]);
        return updated;
      }
      case 'merge':
        return this.merge(plan, sightings, input, now);
    }
  }

  private async merge(
    plan: Extract<ResolutionPlan, { action: 'merge' }>,
    sightings: readonly IdentitySighting[],
    input: ResolveInput,
    now: string,
  ) {
    const survivor = mergedSurvivor(plan.survivor, plan.absorbed, plan, now);
    survivor.lastConversationId ??= plan.absorbed.find((c) => c.lastConversationId)?.lastConversationId;
    const entries = plan.mergeEvidence.map((evidence) => {
      const absorbed = plan.absorbed.find((c) => c.customerId === evidence.absorbedCustomerId) as Customer;
      return { absorbed, entry: this.mergeEntry(evidence, absorbed, input, now) };
    });
    const absorbedUpdates = entries.map(
      ({ absorbed, entry }): TransactItem => ({
        Update: {
          TableName: this.table.tableName,
          Key: keys.customer(absorbed.customerId),
          UpdateExpression:
            'SET mergedInto = :survivor, mergeEntryId = :entry, updatedAt = :now, version = version + :one',
          ConditionExpression: 'version = :version AND attribute_not_exists(mergedInto)',
          ExpressionAttributeValues: {
            ':survivor': survivor.customerId,
            ':entry': entry.interactionId,
            ':now': now,
            ':one': 1,
            ':version': absorbed.version,
          },
        },
      }),
    );
    await this.transact([
      this.updateProfile(survivor, plan.survivor.version),
      ...absorbedUpdates,
      ...this.claim(plan.newIdentities, survivor.customerId, sightings),
      ...entries.map(({ entry }) => this.putEntry(entry)),
    ]);
    return survivor;
  }

  /**
   * The merge itself is a timeline entry, naming the identity (or the agent) that proved it. Its
   * id counts the absorbed customer's version, so merging again after an unmerge is a new entry.
   */
  private mergeEntry(
    evidence: MergeEvidence,
    absorbed: Customer,
    input: ResolveInput,
    now: string,
  ): Interaction {
    return {
      interactionId: derivedId('int', 'merge', evidence.absorbedCustomerId, String(absorbed.version)),
      customerId: evidence.survivingCustomerId,
      channel: input.channel,
      direction: 'internal',
      kind: 'merge',
      at: now,
      providerMessageId: `merge:${evidence.absorbedCustomerId}`,
      text: describeMerge(evidence),
      attachments: [],
      merge: { ...evidence, interactionId: input.sourceInteractionId },
      recordedAt: now,
    };
  }

  putEntry(interaction: Interaction): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: interactionItem(interaction),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private putNewCustomer(customer: Customer): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...keys.customer(customer.customerId),
          ...searchKeys(nameTerm(customer.name), customer.customerId),
          entity: 'customer',
          ...customer,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Optimistic update of the profile: only if nobody changed or merged the customer since it
   * was read. `lastConversationId` moves under the conversations repository's own check, without
   * a new version, so a profile write only fills it when it is missing and never undoes a
   * conversation opened meanwhile.
   */
  private updateProfile(customer: Customer, expectedVersion: number): TransactItem {
    const { customerId, lastConversationId, ...profile } = customer;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const sets: string[] = [];
    for (const [field, value] of Object.entries(profile)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    for (const [field, value] of Object.entries(searchKeys(nameTerm(profile.name), customerId))) {
      values[`:${field}`] = value;
      sets.push(`${field} = :${field}`);
    }
    if (lastConversationId) {
      names['#last'] = 'lastConversationId';
      values[':last'] = lastConversationId;
      sets.push('#last = if_not_exists(#last, :last)');
    }
    return {
      Update: {
        TableName: this.table.tableName,
        Key: keys.customer(customerId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'version = :expected AND attribute_not_exists(mergedInto)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** Only verified identities are indexed: the index is what leads a contact to a customer. */
  private claim(
    identities: readonly IdentityKey[],
    customerId: string,
    sightings: readonly IdentitySighting[],
  ): TransactItem[] {
    return identities.map((identity) => ({
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...keys.identity(identity),
          ...searchKeys(identityTerm(identity), customerId),
          entity: 'identity',
          identity,
          customerId,
          evidence: sightings.find((s) => s.identity === identity)?.evidence,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  async transact(items: TransactItem[]): Promise<void> {
    await this.table.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /**
   * Identity claims are permanent (merges are recorded on the customer), so they cache safely;
   * only an erasure frees them, which `findByIdentity` notices by the owner being gone.
   */
  async identityOwner(identity: IdentityKey): Promise<string | undefined> {
    const cached = this.claims.get(identity);
    if (cached) return cached;
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.identity(identity), ConsistentRead: true }),
    );
    const owner = Item?.customerId as string | undefined;
    if (owner) this.claims.set(identity, owner);
    return owner;
  }

  /** The customer record itself, without following a merge. */
  getRaw(customerId: string): Promise<Customer | undefined> {
    return getRecord(this.table, keys.customer(customerId), (item) => CustomerSchema.parse(item));
  }
}
