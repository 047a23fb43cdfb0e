import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  AttachmentIdSchema,
  type AttachmentRecord,
  type AttachmentStorage,
  allowedType,
  attachmentKey,
  servedAs,
  UploadRequestSchema,
  uploadRefusal,
} from '#core/attachments.ts';
import { DomainError } from '#core/errors.ts';
import { newId } from '#core/ids.ts';
import type { AppDeps } from '#deps/app.ts';
import { auditedFor } from '#http/audit-trail.ts';
import { requireCaller } from '#http/auth.ts';
import { ensureMayAnswer } from '#http/conversation-access.ts';
import { notFound } from '#http/errors.ts';
import { httpHandler } from '#http/http-handler.ts';
import { parseJsonBody, parseWith, pathParameter } from '#http/request.ts';
import { type HttpResult, json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { requireStorage } from '#store/attachment-claims.ts';
import { AttachmentsRepo } from '#store/attachments-repo.ts';
import { authorizedSession } from './chat-api.ts';

export type AttachmentsDeps = AppDeps & { attachments?: AttachmentStorage | undefined };
type Uploader = Pick<AttachmentRecord, 'customerId' | 'source'> &
  Partial<Pick<AttachmentRecord, 'sessionId' | 'conversationId' | 'uploadedBy'>>;

/**
 * Files customers and agents attach: an upload grant for exactly the bytes described (the
 * message then names the attachment), and agents' reads through short-lived links.
 */
export function makeHandler(deps: AttachmentsDeps) {
  const repo = new AttachmentsRepo(deps.table);
  return httpHandler(
    logger,
    routeByKey({
      'POST /chat/sessions/{sessionId}/attachments': async (event) => {
        const session = await authorizedSession(event, deps);
        const uploader = {
          customerId: session.customerId,
          sessionId: session.sessionId,
          source: 'customer',
        } as const;
        return grant(event, uploader, deps, repo);
      },
      'POST /conversations/{conversationId}/attachments': async (event) => {
        const caller = requireCaller(event);
        const conversation = await deps.conversations.get(pathParameter(event, 'conversationId'));
        if (!conversation) throw notFound('no such conversation');
        await ensureMayAnswer(deps.workItems, caller, conversation);
        const uploader = {
          customerId: conversation.customerId,
          conversationId: conversation.conversationId,
          source: 'agent',
          uploadedBy: caller.agentId,
        } as const;
        return grant(event, uploader, deps, repo);
      },
      'GET /attachments/{attachmentId}': (event) => download(event, deps, repo),
    }),
    deps.audit,
  );
}

/** Checked in full before the record is written: a refused upload leaves nothing behind. */
async function grant(
  event: APIGatewayProxyEventV2,
  uploader: Uploader,
  deps: AttachmentsDeps,
  repo: AttachmentsRepo,
): Promise<HttpResult> {
  const body = parseJsonBody(event, UploadRequestSchema);
  const refusal = uploadRefusal(body);
  if (refusal) {
    const code = refusal.status === 413 ? 'payload_too_large' : 'invalid_request';
    throw new DomainError(code, refusal.message, { field: refusal.field });
  }
  const storage = requireStorage(deps.attachments);
  const now = deps.clock.now();
  const attachmentId = newId('att', now);
  const key = attachmentKey(attachmentId);
  const record: AttachmentRecord = {
    ...uploader,
    attachmentId,
    name: body.name,
    contentType: allowedType(body.contentType) as string,
    size: body.size,
    sha256: body.sha256,
    state: 'pending',
    ref: storage.refOf(key),
    createdAt: now.toISOString(),
  };
  const upload = await storage.grantUpload(key, record);
  await repo.create(record);
  logger.info('attachment upload granted', { attachmentId, source: uploader.source, size: body.size });
  return json(201, { attachmentId, state: record.state, upload });
}

/**
 * On AWS a redirect to a signed link valid for minutes; locally the bytes. Either way served as
 * the stored, allow-listed type, only images inline, and never sniffed into something else; and
 * either way an entry of the access audit, naming the file and its customer.
 */
async function download(
  event: APIGatewayProxyEventV2,
  deps: AttachmentsDeps,
  repo: AttachmentsRepo,
): Promise<HttpResult> {
  const { record, result } = await served(event, deps, repo);
  return auditedFor(result, record.customerId);
}

async function served(event: APIGatewayProxyEventV2, deps: AttachmentsDeps, repo: AttachmentsRepo) {
  requireCaller(event);
  const attachmentId = parseWith(AttachmentIdSchema, pathParameter(event, 'attachmentId'), 'attachmentId');
  const record = await repo.get(attachmentId);
  if (record?.state !== 'stored') throw notFound('no such attachment');
  const storage = requireStorage(deps.attachments);
  const type = servedAs(record);
  const safety = { 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' };
  const link = await storage.link(record.ref, type);
  if (link) return { record, result: { statusCode: 303, headers: { location: link, ...safety } } };
  const bytes = await storage.get(record.ref);
  if (!bytes) throw new DomainError('attachment_gone', 'the file is no longer kept');
  const result: HttpResult = {
    statusCode: 200,
    headers: { 'content-type': type.contentType, 'content-disposition': type.disposition, ...safety },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
  return { record, result };
}
