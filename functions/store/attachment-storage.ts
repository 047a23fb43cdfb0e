import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type AttachmentStorage,
  DOWNLOAD_LINK_SECONDS,
  MAX_ATTACHMENT_BYTES,
  UPLOAD_GRANT_SECONDS,
  type UploadGrant,
} from '#core/attachments.ts';
import { type FileBlobStore, parseS3Ref, readS3Object, S3BlobStore, s3Ref } from './blobs.ts';

type File = { contentType: string; size: number; sha256: string };

/**
 * Attachments in the private bucket. Uploads are presigned PUTs that sign the type, the length
 * and the SHA-256 checksum, so S3 itself refuses any other bytes; reads are presigned GETs.
 */
export class S3AttachmentStorage implements AttachmentStorage {
  private readonly blobs: S3BlobStore;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.blobs = new S3BlobStore(s3, bucket);
  }

  refOf(key: string): string {
    return s3Ref(this.bucket, key);
  }

  async grantUpload(key: string, file: File): Promise<UploadGrant> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: file.contentType,
      ContentLength: file.size,
      ChecksumSHA256: file.sha256,
    });
    const url = await getSignedUrl(this.s3, command, {
      expiresIn: UPLOAD_GRANT_SECONDS,
      // Headers, not query parameters: the uploader must send them, and S3 checks the bytes.
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      method: 'PUT',
      url,
      headers: {
        'content-type': file.contentType,
        'x-amz-checksum-sha256': file.sha256,
      },
      expiresAt: expiry(this.clock(), UPLOAD_GRANT_SECONDS),
    };
  }

  async uploaded(ref: string): Promise<{ size: number; sha256: string } | undefined> {
    const location = parseS3Ref(ref);
    if (!location) return undefined;
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: location.bucket, Key: location.key, ChecksumMode: 'ENABLED' }),
      );
      return { size: head.ContentLength ?? 0, sha256: head.ChecksumSHA256 ?? '' };
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  put(key: string, bytes: Uint8Array, contentType: string): Promise<string> {
    return this.blobs.put(key, bytes, contentType);
  }

  async get(ref: string): Promise<Uint8Array | undefined> {
    const location = parseS3Ref(ref);
    return location ? readS3Object(this.s3, location.bucket, location.key) : undefined;
  }

  async link(ref: string, served: { contentType: string; disposition: string }): Promise<string | undefined> {
    const location = parseS3Ref(ref);
    if (!location) return undefined;
    const command = new GetObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      ResponseContentType: served.contentType,
      ResponseContentDisposition: served.disposition,
    });
    return getSignedUrl(this.s3, command, { expiresIn: DOWNLOAD_LINK_SECONDS });
  }

  async shareLink(ref: string, served: { contentType: string; disposition: string }): Promise<string> {
    const link = await this.link(ref, served);
    if (!link) throw new Error(`not an S3 object: ${ref}`);
    return link;
  }
}

function expiry(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** What a local upload grant's token carries, signed with the runtime's own key. */
interface LocalGrant extends File {
  key: string;
  exp: number;
  /** Set on a link that reads the file (for providers) instead of uploading it. */
  read?: { disposition: string };
}

/**
 * Attachments in a folder (the local runtime). Uploads go to the runtime's own upload endpoint
 * with a signed token, which, as S3 does, accepts only the granted type, length and checksum.
 */
export class LocalAttachmentStorage implements AttachmentStorage {
  constructor(
    private readonly blobs: FileBlobStore,
    private readonly options: { uploadUrl: () => string; secret: string; clock?: () => Date },
  ) {}

  refOf(key: string): string {
    return this.blobs.refOf(key);
  }

  async grantUpload(key: string, file: File): Promise<UploadGrant> {
    const now = this.now();
    const grant: LocalGrant = { key, ...file, exp: now.getTime() + UPLOAD_GRANT_SECONDS * 1000 };
    return {
      method: 'PUT',
      url: this.signedUrl(grant),
      headers: { 'content-type': file.contentType, 'x-amz-checksum-sha256': file.sha256 },
      expiresAt: expiry(now, UPLOAD_GRANT_SECONDS),
    };
  }

  /** An upload to the endpoint: the status and message S3 would answer with. */
  async accept(
    token: string,
    headers: Record<string, string | string[] | undefined>,
    body: Uint8Array,
  ): Promise<{ status: number; body: unknown }> {
    const grant = this.verify(token);
    if (!grant || grant.read)
      return { status: 403, body: { message: 'the upload grant is invalid or has expired' } };
    if (body.length > grant.size || body.length > MAX_ATTACHMENT_BYTES) {
      return { status: 413, body: { message: `at most ${grant.size} bytes were granted` } };
    }
    if (headers['content-type'] !== grant.contentType) {
      return { status: 403, body: { message: 'content-type: not the type granted' } };
    }
    const declared = headers['x-amz-checksum-sha256'];
    if (declared !== grant.sha256)
      return { status: 403, body: { message: 'x-amz-checksum-sha256: not granted' } };
    if (body.length !== grant.size || sha256Base64(body) !== grant.sha256) {
      return { status: 400, body: { message: 'BadDigest: the bytes do not match the checksum' } };
    }
    await this.blobs.put(grant.key, body);
    return { status: 200, body: { stored: true } };
  }

  async uploaded(ref: string): Promise<{ size: number; sha256: string } | undefined> {
    const bytes = await this.blobs.get(ref);
    return bytes ? { size: bytes.length, sha256: sha256Base64(bytes) } : undefined;
  }

  put(key: string, bytes: Uint8Array): Promise<string> {
    return this.blobs.put(key, bytes);
  }

  get(ref: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(ref);
  }

  /** No links locally: the API serves the bytes itself. */
  async link(): Promise<string | undefined> {
    return undefined;
  }

  /** A signed read link to this runtime's upload endpoint, as a presigned S3 GET would be. */
  async shareLink(ref: string, served: { contentType: string; disposition: string }): Promise<string> {
    const key = this.blobs.keyOf(ref);
    if (!key) throw new Error(`not a file of this store: ${ref}`);
    const exp = this.now().getTime() + DOWNLOAD_LINK_SECONDS * 1000;
    const grant: LocalGrant = {
      key,
      contentType: served.contentType,
      size: 0,
      sha256: '',
      exp,
      read: served,
    };
    return this.signedUrl(grant);
  }

  /** A read link's bytes, with the type and disposition it was signed with. */
  async serve(token: string): Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }> {
    const grant = this.verify(token);
    const bytes = grant?.read ? await this.blobs.get(this.blobs.refOf(grant.key)) : undefined;
    if (!grant?.read || !bytes) return { status: 403, headers: {}, body: new Uint8Array() };
    const headers = {
      'content-type': grant.contentType,
      'content-disposition': grant.read.disposition,
      'x-content-type-options': 'nosniff',
    };
    return { status: 200, headers, body: bytes };
  }

  private signedUrl(grant: LocalGrant): string {
    const payload = Buffer.from(JSON.stringify(grant)).toString('base64url');
    return `${this.options.uploadUrl()}/${payload}.${this.sign(payload)}`;
  }

  private verify(token: string): LocalGrant | undefined {
    const [payload = '', signature = ''] = token.split('.');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LocalGrant;
    return grant.exp > this.now().getTime() ? grant : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.options.secret).update(payload).digest('base64url');
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }
}
