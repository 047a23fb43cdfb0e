import { DomainError } from '#core/errors.ts';
import type { Conversation, WorkItem } from '#core/model.ts';
import type { Caller } from './auth.ts';

/**
 * Only the agent holding the conversation's work item, or a supervisor, answers the customer.
 * The stored item says who holds it (the router keeps it current): one read on every answer.
 */
export async function ensureMayAnswer(
  workItems: { get(workItemId: string): Promise<WorkItem | undefined> },
  caller: Caller,
  conversation: Conversation | undefined,
): Promise<void> {
  if (caller.isSupervisor) return;
  const workItemId = conversation?.openWorkItemId;
  if (!workItemId) return;
  const item = await workItems.get(workItemId);
  if (item?.state === 'assigned' && item.agentId !== caller.agentId) {
    throw new DomainError('forbidden', 'the conversation is assigned to another agent');
  }
}
