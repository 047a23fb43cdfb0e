import { NotFoundError } from '#core/errors.ts';
import { derivedId } from '#core/ids.ts';
import {
  type Conversation,
  type Customer,
  type IdentityKey,
  type Interaction,
  InteractionSchema,
} from '#core/model.ts';
import { describeUnmerge, planUnmerge, type UnmergePlan } from '#core/unmerge.ts';
import type { ConversationsRepo } from './conversations-repo.ts';
import type { CustomersRepo } from './customers-repo.ts';
import { queryAll, type TableClient } from './dynamo.ts';
import { keys, TABLE_KEYS, withoutLayout } from './table.ts';
import type { TimelineRepo } from './timeline-repo.ts';
import { WorkItemsRepo } from './work-items-repo.ts';
import { putIfAbsent, retryOnConflict, updateIf } from './writes.ts';

const MAX_ATTEMPTS = 8;
const MAX_MERGE_HOPS = 16;

export interface UnmergeBy {
  agentId: string;
  reason?: string | undefined;
}

export interface UnmergeResult {
  /** False when it was split already: the call only finished moving what was left. */
  unmerged: boolean;
  restored: Customer;
  moved: { interactions: number; conversations: number };
}

type Transact = Parameters<CustomersRepo['transact']>[0];

/**
 * Undoes a merge: the split itself in one transaction, then every entry on the survivor's side
 * that its identity now leads to the restored customer moves back, with the conversations that
 * hold only such entries and their open work items. Repeating the call finishes a split that
 * stopped partway, so nothing is lost to a crash and nothing is ever on two timelines.
 */
export class CustomerSplitter {
  constructor(
    private readonly table: TableClient,
    private readonly customers: CustomersRepo,
    private readonly conversations: ConversationsRepo,
    private readonly timeline: TimelineRepo,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  unmerge(survivorId: string, absorbedId: string, by: UnmergeBy): Promise<UnmergeResult> {
    const step = async (): Promise<UnmergeResult | undefined> => {
      const absorbed = await this.customers.getRaw(absorbedId);
      if (!absorbed) throw new NotFoundError('customer', absorbedId);
      if (!absorbed.mergedInto) {
        const survivor = await this.customers.get(survivorId);
        const wasOn = [survivor?.customerId, ...(survivor?.mergedFrom ?? [])];
        if (!absorbed.splitFrom?.some((id) => wasOn.includes(id)))
          throw new NotFoundError('merge', `${absorbedId} into ${survivorId}`);
        return { unmerged: false, restored: absorbed, moved: await this.sweep(absorbed) };
      }
      const ancestors = await this.ancestors(absorbed, survivorId);
      const plan = planUnmerge({
        absorbed,
        ancestors,
        owners: await this.owners(ancestors),
        by,
        at: this.clock().toISOString(),
      });
      // A conflict (someone changed one of these customers meanwhile) throws, and the step runs again.
      await this.customers.transact(await this.splitWrites(plan, absorbed, ancestors));
      return { unmerged: true, restored: plan.restored, moved: await this.sweep(plan.restored) };
    };
    return retryOnConflict(`customers ${survivorId} and ${absorbedId}`, step, { attempts: MAX_ATTEMPTS });
  }

  /** From the customer it was merged into up to the survivor named in the request. */
  private async ancestors(absorbed: Customer, survivorId: string): Promise<Customer[]> {
    const chain: Customer[] = [];
    let next = absorbed.mergedInto;
    while (next && chain.length < MAX_MERGE_HOPS) {
      const ancestor = await this.customers.getRaw(next);
      if (!ancestor) break;
      chain.push(ancestor);
      next = ancestor.mergedInto;
    }
    if (!chain.some((ancestor) => ancestor.customerId === survivorId)) {
      throw new NotFoundError('merge', `${absorbed.customerId} into ${survivorId}`);
    }
    return chain;
  }

  private async owners(ancestors: readonly Customer[]): Promise<Map<IdentityKey, string>> {
    const owners = new Map<IdentityKey, string>();
    for (const identity of new Set(ancestors.flatMap((a) => a.identities))) {
      const owner = await this.customers.identityOwner(identity);
      if (owner) owners.set(identity, owner);
    }
    return owners;
  }

  private async splitWrites(plan: UnmergePlan, absorbed: Customer, ancestors: readonly Customer[]) {
    const writes: Transact = ancestors.map((before, index) =>
      this.replaceCustomer(plan.ancestors[index] as Customer, before.version, 'attribute_exists(pk)'),
    );
    writes.push(this.replaceCustomer(plan.restored, absorbed.version, 'mergedInto = :parent', ancestors[0]));
    const at = plan.restored.updatedAt;
    const merge = absorbed.mergeEntryId ? await this.timeline.get(absorbed.mergeEntryId) : undefined;
    const channel = merge?.channel ?? 'chat';
    const entry = (customerId: string, suffix: string): Interaction => ({
      interactionId: derivedId('int', 'unmerge', absorbed.customerId, String(absorbed.version), suffix),
      customerId,
      channel,
      direction: 'internal',
      kind: 'unmerge',
      at,
      providerMessageId: `unmerge:${absorbed.customerId}:${absorbed.version}`,
      text: describeUnmerge(plan.evidence),
      attachments: [],
      merge: plan.evidence,
      recordedAt: at,
    });
    writes.push(this.customers.putEntry(entry(plan.evidence.survivingCustomerId, 'survivor')));
    writes.push(
      this.customers.putEntry({
        ...entry(absorbed.customerId, 'restored'),
        mirrorOf: plan.evidence.survivingCustomerId,
      }),
    );
    // The merge stays on the survivor's timeline; the restored customer gets its own copy.
    if (merge) {
      const interactionId = derivedId('int', 'merge-copy', merge.interactionId);
      writes.push(
        this.customers.putEntry({
          ...merge,
          interactionId,
          customerId: absorbed.customerId,
          mirrorOf: merge.customerId,
        }),
      );
    }
    return writes;
  }

  /** Writes the whole record, only if nobody changed it since it was read. */
  private replaceCustomer(customer: Customer, expectedVersion: number, condition: string, parent?: Customer) {
    const {
      customerId,
      lastConversationId: _last,
      mergedInto: _into,
      mergeEntryId: _entry,
      ...fields
    } = customer;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const sets = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => {
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        return `#${field} = :${field}`;
      });
    if (parent) values[':parent'] = parent.customerId;
    const removes = parent ? ' REMOVE mergedInto, mergeEntryId' : '';
    return {
      Update: {
        TableName: this.table.tableName,
        Key: keys.customer(customerId),
        UpdateExpression: `SET ${sets.join(', ')}${removes}`,
        ConditionExpression: `version = :expected AND ${condition}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /**
   * Moves back what the split left on the other side: each entry whose identity now leads to
   * the restored customer. A conversation all of whose contacts move goes with them; one both
   * took part in stays, and the moved entries get a conversation of their own, split from it.
   */
  private async sweep(restored: Customer) {
    const home = (await this.customers.get(restored.customerId)) ?? restored;
    const sides = restored.splitFrom ?? [];
    const entries = (await Promise.all(sides.map((id) => this.timelineOf(id)))).flat();
    const leadsHome = new Map<IdentityKey, boolean>();
    const isHome = async (identity: IdentityKey) => {
      if (!leadsHome.has(identity)) {
        const owner = await this.customers.findByIdentity(identity);
        leadsHome.set(identity, owner?.customerId === home.customerId);
      }
      return leadsHome.get(identity) as boolean;
    };
    const going = new Map<string, Interaction[]>();
    const staying = new Set<string>();
    for (const entry of entries) {
      if (!entry.identity || !entry.conversationId) continue;
      if (await isHome(entry.identity))
        going.set(entry.conversationId, [...(going.get(entry.conversationId) ?? []), entry]);
      else staying.add(entry.conversationId);
    }
    const targets = new Map<string, string>();
    for (const [conversationId, moving] of going) {
      if (!staying.has(conversationId)) targets.set(conversationId, conversationId);
      else targets.set(conversationId, await this.splitConversation(conversationId, moving, home.customerId));
    }
    let interactions = 0;
    for (const entry of entries) {
      const follows = entry.identity
        ? await isHome(entry.identity)
        : entry.conversationId !== undefined && targets.get(entry.conversationId) === entry.conversationId;
      const conversationId = targets.get(entry.conversationId ?? '') ?? entry.conversationId;
      if (follows && (await this.moveEntry(entry, home.customerId, conversationId))) interactions++;
    }
    let conversations = 0;
    for (const [conversationId, target] of targets) {
      if (target === conversationId && (await this.moveConversation(conversationId, sides, home.customerId)))
        conversations++;
    }
    return { interactions, conversations };
  }

  /** A conversation of the restored customer's own for their part of one both took part in. */
  private async splitConversation(
    conversationId: string,
    moving: readonly Interaction[],
    customerId: string,
  ) {
    const times = moving.map((entry) => entry.at).sort();
    const split: Conversation = {
      conversationId: derivedId('conv', conversationId, customerId),
      customerId,
      startedAt: times[0] as string,
      lastActivityAt: times.at(-1) as string,
      channels: [...new Set(moving.map((entry) => entry.channel))],
    };
    await putIfAbsent(this.table, {
      ...keys.conversation(split.conversationId),
      entity: 'conversation',
      ...split,
      channels: new Set(split.channels),
    });
    return split.conversationId;
  }

  private async timelineOf(customerId: string): Promise<Interaction[]> {
    const items = await queryAll(this.table, {
      IndexName: TABLE_KEYS.indexes.timeline.name,
      KeyConditionExpression: 'gsi1pk = :partition',
      ExpressionAttributeValues: { ':partition': keys.timelinePartition(customerId) },
    });
    return items.map((item) => InteractionSchema.parse(withoutLayout(item)));
  }

  private async moveEntry(entry: Interaction, customerId: string, conversationId: string | undefined) {
    return this.conditionally({
      Key: keys.interaction(entry.interactionId),
      UpdateExpression: `SET customerId = :to, gsi1pk = :partition${conversationId ? ', conversationId = :conversation' : ''}`,
      ConditionExpression: 'customerId = :from',
      ExpressionAttributeValues: {
        ':to': customerId,
        ':from': entry.customerId,
        ':partition': keys.timelinePartition(customerId),
        ...(conversationId ? { ':conversation': conversationId } : {}),
      },
    });
  }

  /** The conversation and its open work item follow their contacts; the pointer to it, too. */
  private async moveConversation(conversationId: string, sides: readonly string[], customerId: string) {
    const conversation = await this.conversations.get(conversationId);
    if (!conversation || !sides.includes(conversation.customerId)) return false;
    const moved = await this.conditionally({
      Key: keys.conversation(conversationId),
      UpdateExpression: 'SET customerId = :to',
      ConditionExpression: 'customerId = :from',
      ExpressionAttributeValues: { ':to': customerId, ':from': conversation.customerId },
    });
    if (conversation.openWorkItemId) {
      await new WorkItemsRepo(this.table).moveToCustomer(conversation.openWorkItemId, customerId);
    }
    for (const side of sides) {
      await this.conditionally({
        Key: keys.customer(side),
        UpdateExpression: 'REMOVE lastConversationId',
        ConditionExpression: 'lastConversationId = :conversation',
        ExpressionAttributeValues: { ':conversation': conversationId },
      });
    }
    await this.conditionally({
      Key: keys.customer(customerId),
      UpdateExpression: 'SET lastConversationId = :conversation',
      ConditionExpression: 'attribute_not_exists(lastConversationId)',
      ExpressionAttributeValues: { ':conversation': conversationId },
    });
    return moved;
  }

  private async conditionally(update: Parameters<typeof updateIf>[1]) {
    return (await updateIf(this.table, update)) !== undefined;
  }
}
