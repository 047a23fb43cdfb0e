import { describe, expect, it } from 'vitest';
import {
  allowedType,
  MAX_ATTACHMENT_BYTES,
  servedAs,
  UploadRequestSchema,
  uploadRefusal,
} from '#core/attachments.ts';

const file = {
  name: 'receipt.pdf',
  contentType: 'application/pdf',
  size: 1200,
  sha256: `${'A'.repeat(43)}=`,
};

describe('the attachment allow-list and limits', () => {
  it('accepts images, PDF, text and office documents, whatever the case or parameters', () => {
    expect(allowedType('IMAGE/PNG')).toBe('image/png');
    expect(allowedType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(
      allowedType('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBeDefined();
  });

  it('refuses what a browser could run or render as a page', () => {
    for (const type of [
      'text/html',
      'image/svg+xml',
      'application/javascript',
      'application/x-msdownload',
      '',
    ]) {
      expect(allowedType(type)).toBeUndefined();
    }
    expect(allowedType(undefined)).toBeUndefined();
    expect(allowedType('constructor')).toBeUndefined();
  });

  it('refuses a file over the limit with 413, a bad type with 400 naming the field', () => {
    expect(uploadRefusal(file)).toBeUndefined();
    expect(uploadRefusal({ ...file, size: MAX_ATTACHMENT_BYTES })).toBeUndefined();
    expect(uploadRefusal({ ...file, size: MAX_ATTACHMENT_BYTES + 1 })).toMatchObject({
      status: 413,
      field: 'size',
    });
    expect(uploadRefusal({ ...file, contentType: 'text/html' })).toMatchObject({
      status: 400,
      field: 'contentType',
    });
  });

  it('takes a plain file name and a base64 SHA-256 only', () => {
    expect(UploadRequestSchema.safeParse(file).success).toBe(true);
    expect(UploadRequestSchema.safeParse({ ...file, name: '../etc/passwd' }).success).toBe(false);
    expect(UploadRequestSchema.safeParse({ ...file, name: 'a\u0000b' }).success).toBe(false);
    expect(UploadRequestSchema.safeParse({ ...file, sha256: 'abc' }).success).toBe(false);
    expect(UploadRequestSchema.safeParse({ ...file, size: 0 }).success).toBe(false);
  });

  it('serves only images inline, everything else as a download under a safe name', () => {
    expect(servedAs({ name: 'photo.png', contentType: 'image/png' }).disposition).toMatch(/^inline; /);
    const pdf = servedAs({ name: 'Quittung "Müller".pdf', contentType: 'application/pdf' });
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.disposition).toBe(
      `attachment; filename="Quittung _M_ller_.pdf"; filename*=UTF-8''Quittung%20%22M%C3%BCller%22.pdf`,
    );
    expect(servedAs({ name: 'x.html', contentType: 'text/html' })).toMatchObject({
      contentType: 'application/octet-stream',
      disposition: expect.stringMatching(/^attachment; /),
    });
  });
});
