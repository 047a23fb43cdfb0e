import { ATTACHMENT_TYPES } from '../../functions/core/attachment-types.ts';
import { ApiError, type BearerToken, bearer } from './api.ts';

/** An upload grant as `POST …/attachments` answers it. */
interface Grant {
  attachmentId: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
}

/** Types the platform takes (it checks again): what the file picker offers, from the API's own list. */
export const ACCEPTED_TYPES = Object.keys(ATTACHMENT_TYPES).join(',');

/** The files of a timeline, read through the API's signed links, and agents' uploads. */
export function attachmentsClient(token: BearerToken, base = '') {
  return {
    /** The file's bytes; on AWS the API redirects to a short-lived signed link, which is followed. */
    async file(attachmentId: string): Promise<Blob> {
      const response = await fetch(`${base}/attachments/${encodeURIComponent(attachmentId)}`, {
        headers: { authorization: `Bearer ${await bearer(token)}` },
      });
      if (!response.ok)
        throw new ApiError(response.status, `the file could not be read (${response.status})`);
      return response.blob();
    },
    /** Asks for a grant for exactly this file, then sends it to where the grant says. */
    async upload(conversationId: string, file: File): Promise<string> {
      const bytes = await file.arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const granted = await fetch(`${base}/conversations/${encodeURIComponent(conversationId)}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await bearer(token)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: file.name,
          contentType: file.type || 'application/octet-stream',
          size: file.size,
          sha256: btoa(String.fromCharCode(...digest)),
        }),
      });
      const grant = (await granted.json()) as Grant & { error?: { message?: string } };
      if (!granted.ok) throw new ApiError(granted.status, grant.error?.message ?? granted.statusText);
      const put = await fetch(grant.upload.url, {
        method: 'PUT',
        headers: grant.upload.headers,
        body: bytes,
      });
      if (!put.ok) throw new ApiError(put.status, `the upload was refused (${put.status})`);
      return grant.attachmentId;
    },
  };
}
export type AttachmentFiles = ReturnType<typeof attachmentsClient>;
