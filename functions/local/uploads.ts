import type { IncomingMessage } from 'node:http';
import { MAX_ATTACHMENT_BYTES } from '#core/attachments.ts';

/** Where the local runtime takes attachment uploads, as S3 does on AWS. */
export const UPLOADS_PATH = '/uploads';

export interface UploadReceiver {
  accept(
    token: string,
    headers: IncomingMessage['headers'],
    body: Uint8Array,
  ): Promise<{ status: number; body: unknown }>;
  /** A signed read link's file, for a provider that sends it on. */
  serve(token: string): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }>;
}

/** Reads no more than the attachment limit: a longer body is refused with 413 as it streams. */
export async function receiveUpload(
  request: IncomingMessage,
  token: string,
  receiver: UploadReceiver,
): Promise<{ status: number; body: unknown }> {
  const tooLarge = { status: 413, body: { message: `an upload has at most ${MAX_ATTACHMENT_BYTES} bytes` } };
  if (Number(request.headers['content-length'] ?? 0) > MAX_ATTACHMENT_BYTES) {
    request.resume();
    return tooLarge;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_ATTACHMENT_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  if (size > MAX_ATTACHMENT_BYTES) {
    request.resume();
    return tooLarge;
  }
  return receiver.accept(token, request.headers, Buffer.concat(chunks));
}
