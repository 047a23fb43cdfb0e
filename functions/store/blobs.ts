import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore } from '#core/ports.ts';

/** Blobs in an S3 bucket under a prefix; references are `s3://bucket/key`. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  async put(key: string, body: Uint8Array, contentType?: string): Promise<string> {
    const objectKey = `${this.prefix}${key}`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: objectKey,
        Body: body,
        ContentType: contentType,
      }),
    );
    return s3Ref(this.bucket, objectKey);
  }

  async get(ref: string): Promise<Uint8Array | undefined> {
    const location = parseS3Ref(ref);
    if (!location) return undefined;
    return readS3Object(this.s3, location.bucket, location.key);
  }

  /** A presigned GET, served as a download of that name: the object itself stays private. */
  async downloadUrl(
    ref: string,
    options: { filename: string; seconds: number },
  ): Promise<string | undefined> {
    const location = parseS3Ref(ref);
    if (!location) return undefined;
    const command = new GetObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      ResponseContentDisposition: `attachment; filename="${options.filename.replace(/["\\]/g, '')}"`,
    });
    return getSignedUrl(this.s3, command, { expiresIn: options.seconds });
  }

  /** S3 answers a delete of a missing key with success, so a repeat is harmless. */
  async delete(ref: string): Promise<void> {
    const location = parseS3Ref(ref);
    if (location) await this.s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
  }
}

export function s3Ref(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

export function parseS3Ref(ref: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref);
  return match?.[1] && match[2] ? { bucket: match[1], key: match[2] } : undefined;
}

/** An object's bytes; undefined when it does not exist. */
export async function readS3Object(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<Uint8Array | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Body ? await Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Blobs as files in a folder (the local runtime); references are `file://` URLs. */
export class FileBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The key a reference of this store is under; undefined for any other reference. */
  keyOf(ref: string): string | undefined {
    const path = this.pathOfRef(ref);
    return path
      ? path
          .slice(this.root.length + 1)
          .split(sep)
          .join('/')
      : undefined;
  }

  /** The reference the bytes under the key have (or will have once put). */
  refOf(key: string): string {
    return pathToFileURL(this.pathOf(key)).href;
  }

  async put(key: string, body: Uint8Array): Promise<string> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    return pathToFileURL(path).href;
  }

  async get(ref: string): Promise<Uint8Array | undefined> {
    const path = this.pathOfRef(ref);
    if (!path) return undefined;
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(ref: string): Promise<void> {
    const path = this.pathOfRef(ref);
    if (path) await rm(path, { force: true });
  }

  /** Only references into this store's own folder are followed. */
  private pathOfRef(ref: string): string | undefined {
    if (!ref.startsWith('file:')) return undefined;
    const path = fileURLToPath(ref);
    return path.startsWith(this.root + sep) ? path : undefined;
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }
}
