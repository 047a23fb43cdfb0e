import * as z from 'zod';
import { UploadRequestSchema } from '#core/attachments.ts';
import type { RouteContract } from './contract.ts';

/** Where and how to send the file's bytes: every header exactly as given. */
const UploadGrantSchema = z
  .object({
    attachmentId: z.string(),
    state: z.literal('pending'),
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.iso.datetime({ offset: true }),
    }),
  })
  .meta({ id: 'AttachmentUploadGrant' });

const grant = (who: string): RouteContract => ({
  summary: `Grant ${who} the upload of one file`,
  description:
    'Checked before anything is written: an allow-listed type (400 naming `contentType`) of at most ' +
    '10 MB (413 naming `size`). The grant signs type, length and SHA-256; a message naming the file ' +
    'then carries its `attachmentId`.',
  body: UploadRequestSchema,
  responses: {
    201: { description: 'The pending attachment and its upload grant', schema: UploadGrantSchema },
  },
  errors: [413],
});

export const ATTACHMENT_CONTRACTS: Record<string, RouteContract> = {
  'POST /chat/sessions/{sessionId}/attachments': { ...grant('the visitor'), security: ['chatSession'] },
  'POST /conversations/{conversationId}/attachments': grant('an agent answering the conversation'),
  'GET /attachments/{attachmentId}': {
    summary: 'Read a stored file',
    description:
      'On AWS a redirect to a signed link valid for 5 minutes; locally the bytes. Served as the stored ' +
      'type with `x-content-type-options: nosniff`, inline only for images.',
    responses: {
      200: { description: 'The file (local runtime)', mediaType: 'application/octet-stream' },
      303: { description: 'A short-lived signed link to the file' },
    },
    errors: [410],
  },
};
