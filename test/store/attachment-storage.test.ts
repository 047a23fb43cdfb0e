import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalAttachmentStorage, S3AttachmentStorage, sha256Base64 } from '#store/attachment-storage.ts';
import { FileBlobStore } from '#store/blobs.ts';

const bytes = Buffer.from('%PDF-1.7 a receipt');
const file = { contentType: 'application/pdf', size: bytes.length, sha256: sha256Base64(bytes) };

describe('S3 upload grants', () => {
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  });
  const storage = new S3AttachmentStorage(s3, 'onethread-email');

  it('signs a PUT of exactly this type, length and checksum, which the uploader sends as headers', async () => {
    const grant = await storage.grantUpload('attachments/files/att_1', file);
    const url = new URL(grant.url);
    expect(url.pathname).toContain('attachments/files/att_1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'x-amz-checksum-sha256']),
    );
    expect(url.searchParams.has('x-amz-checksum-sha256')).toBe(false);
    expect(grant.headers).toEqual({
      'content-type': 'application/pdf',
      'x-amz-checksum-sha256': file.sha256,
    });
  });

  it('links to an object with the type and disposition given, for five minutes', async () => {
    const link = new URL(
      (await storage.link('s3://onethread-email/attachments/files/att_1', {
        contentType: 'application/pdf',
        disposition: 'attachment; filename="r.pdf"',
      })) as string,
    );
    expect(link.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(link.searchParams.get('response-content-disposition')).toBe('attachment; filename="r.pdf"');
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
  });
});

describe('local uploads', () => {
  let dir: string;
  let storage: LocalAttachmentStorage;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'attachments-'));
    storage = new LocalAttachmentStorage(new FileBlobStore(dir), {
      uploadUrl: () => 'http://localhost/uploads',
      secret: 'test-secret',
    });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const tokenOf = (url: string) => url.slice('http://localhost/uploads/'.length);

  it('stores the granted bytes, and refuses other bytes, headers, sizes or a forged grant', async () => {
    const key = 'attachments/files/att_1';
    const grant = await storage.grantUpload(key, file);
    const token = tokenOf(grant.url);
    const ref = storage.refOf(key);
    const other = Buffer.from('%PDF-1.7 a receipX');
    expect((await storage.accept(token, grant.headers, other)).status).toBe(400);
    expect((await storage.accept(token, grant.headers, Buffer.concat([bytes, bytes]))).status).toBe(413);
    expect(
      (await storage.accept(token, { ...grant.headers, 'content-type': 'text/html' }, bytes)).status,
    ).toBe(403);
    expect((await storage.accept(`${token.split('.')[0]}.forged`, grant.headers, bytes)).status).toBe(403);
    expect(await storage.uploaded(ref)).toBeUndefined();

    expect((await storage.accept(token, grant.headers, bytes)).status).toBe(200);
    expect(await storage.uploaded(ref)).toEqual({ size: bytes.length, sha256: file.sha256 });
  });

  it('refuses a grant once it has expired', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const clocked = new LocalAttachmentStorage(new FileBlobStore(dir), {
      uploadUrl: () => 'http://localhost/uploads',
      secret: 'test-secret',
      clock: () => now,
    });
    const grant = await clocked.grantUpload('attachments/files/att_2', file);
    now = new Date('2026-01-01T00:05:01Z');
    expect((await clocked.accept(tokenOf(grant.url), grant.headers, bytes)).status).toBe(403);
  });
});
