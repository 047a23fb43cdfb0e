import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3BlobStore } from '#store/blobs.ts';

describe('download links to stored objects', () => {
  const s3 = new S3Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  });
  const store = new S3BlobStore(s3, 'onethread-email');

  it('signs a GET of the object for the seconds asked, served as an attachment of the name given', async () => {
    const link = new URL(
      (await store.downloadUrl('s3://onethread-email/exports/exp_1.zip', {
        filename: 'customer-cust_1.zip',
        seconds: 300,
      })) as string,
    );
    expect(link.hostname).toBe('onethread-email.s3.eu-west-1.amazonaws.com');
    expect(link.pathname).toBe('/exports/exp_1.zip');
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(link.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="customer-cust_1.zip"',
    );
  });

  it('has no link for a reference that is not an S3 object', async () => {
    expect(await store.downloadUrl('file:///tmp/x.zip', { filename: 'x.zip', seconds: 60 })).toBeUndefined();
  });
});
