import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentStorage } from '#core/attachments.ts';
import { createGateway, type GatewayOptions } from '#local/gateway.ts';
import { LocalAttachmentStorage } from '#store/attachment-storage.ts';
import { FileBlobStore } from '#store/blobs.ts';

export interface AttachmentGateway {
  base: string;
  storage: LocalAttachmentStorage;
  close(): Promise<void>;
}

/**
 * The local gateway with the given functions, all sharing one local attachment store in a fresh
 * folder, and its upload endpoint: the same flow as `npm start`.
 */
export async function startAttachmentGateway(
  devToken: string,
  functions: (attachments: AttachmentStorage) => GatewayOptions['functions'],
): Promise<AttachmentGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'onethread-attachments-'));
  let base = '';
  const storage = new LocalAttachmentStorage(new FileBlobStore(dir), {
    uploadUrl: () => `${base}/uploads`,
    secret: 'attachments-test-secret',
  });
  const server = createGateway({
    functions: functions(storage),
    devToken,
    staticSites: {},
    uploads: storage,
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    storage,
    close: async () => {
      server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What `POST …/attachments` answers. */
export interface GrantAnswer {
  attachmentId: string;
  upload: { url: string; headers: Record<string, string> };
}

/** Sends the bytes where the grant says, as a browser would; the upload's status. */
export async function putGranted(grant: GrantAnswer, bytes: Uint8Array): Promise<number> {
  const put = await fetch(grant.upload.url, {
    method: 'PUT',
    headers: grant.upload.headers,
    body: new Uint8Array(bytes),
  });
  return put.status;
}
