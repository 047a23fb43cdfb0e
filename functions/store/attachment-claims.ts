import type { AttachmentRecord, AttachmentStorage } from '#core/attachments.ts';
import { timelineAttachment } from '#core/attachments.ts';
import { DomainError } from '#core/errors.ts';
import type { Attachment } from '#core/model.ts';
import { AttachmentsRepo } from './attachments-repo.ts';
import type { TableClient } from './dynamo.ts';

export function requireStorage(storage: AttachmentStorage | undefined): AttachmentStorage {
  if (!storage) throw new DomainError('not_configured', 'attachments are not configured on this deployment');
  return storage;
}

/** Who a message's attachments must belong to: the session's customer, or the conversation. */
export type AttachmentScope = { customerId: string; sessionId?: string; conversationId?: string };

const FIELD = 'attachmentIds';

/** A message's attachments, checked: the entries to record, and the step that marks them stored. */
export interface ClaimedAttachments {
  attachments: Attachment[];
  /** Run once the message is accepted, so a refused message leaves every record unchanged. */
  markStored(): Promise<void>;
}

/**
 * The attachments a message names, as its timeline entry keeps them. Each must be this scope's
 * and have arrived with the granted checksum.
 */
export async function claimAttachments(
  ids: readonly string[] | undefined,
  scope: AttachmentScope,
  deps: { table: TableClient; attachments?: AttachmentStorage | undefined; clock: { now(): Date } },
): Promise<ClaimedAttachments> {
  if (!ids?.length) return { attachments: [], markStored: async () => {} };
  const storage = requireStorage(deps.attachments);
  const repo = new AttachmentsRepo(deps.table);
  const records: AttachmentRecord[] = [];
  for (const id of new Set(ids)) {
    const record = await repo.get(id);
    if (!record || !inScope(record, scope)) {
      throw new DomainError('not_found', `${FIELD}: no attachment ${id} here`, { field: FIELD });
    }
    if (record.state === 'pending') await ensureArrived(record, storage);
    records.push(record);
  }
  return {
    attachments: records.map(timelineAttachment),
    markStored: async () => {
      const at = deps.clock.now().toISOString();
      const pending = records.filter((record) => record.state === 'pending');
      await Promise.all(pending.map((record) => repo.markStored(record.attachmentId, at)));
    },
  };
}

function inScope(record: AttachmentRecord, scope: AttachmentScope): boolean {
  if (record.customerId !== scope.customerId) return false;
  if (scope.sessionId !== undefined)
    return record.source === 'customer' && record.sessionId === scope.sessionId;
  return record.source === 'agent' && record.conversationId === scope.conversationId;
}

async function ensureArrived(record: AttachmentRecord, storage: AttachmentStorage): Promise<void> {
  const arrived = await storage.uploaded(record.ref);
  if (!arrived || arrived.size !== record.size || arrived.sha256 !== record.sha256) {
    throw new DomainError(
      'attachment_not_uploaded',
      `${FIELD}: ${record.attachmentId} has not been uploaded`,
      {
        field: FIELD,
        attachmentId: record.attachmentId,
      },
    );
  }
}
