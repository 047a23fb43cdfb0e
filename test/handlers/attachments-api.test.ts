import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '#core/attachments.ts';
import { AuditQuerySchema } from '#core/audit.ts';
import { makeHandler as makeAttachmentsApi } from '#handlers/attachments-api.ts';
import { makeHandler as makeChatApi } from '#handlers/chat-api.ts';
import { makeHandler as makeReplies } from '#handlers/replies.ts';
import { sha256Base64 } from '#store/attachment-storage.ts';
import {
  type AttachmentGateway,
  type GrantAnswer,
  putGranted,
  startAttachmentGateway,
} from '../support/attachments.ts';
import { drainIngestQueue, queueDepth } from '../support/channels.ts';
import { createTestStack, type TestStack } from '../support/local-aws.ts';

const TOKEN = 'attachments-test-token';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('attachments through the API', () => {
  let stack: TestStack;
  let gateway: AttachmentGateway;
  let base: string;

  beforeAll(async () => {
    stack = await createTestStack();
    gateway = await startAttachmentGateway(TOKEN, (attachments) => ({
      chatApi: makeChatApi({ ...stack, attachments }),
      attachmentsApi: makeAttachmentsApi({ ...stack, attachments }),
      replies: makeReplies({ ...stack, attachments }),
    }));
    base = gateway.base;
  });
  afterAll(() => gateway.close());

  const call = (method: string, path: string, options: { body?: unknown; token?: string } = {}) =>
    fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  async function openSession() {
    const opened = await call('POST', '/chat/sessions', { body: { name: 'Ana' } });
    return (await opened.json()) as { sessionId: string; token: string; customerId: string };
  }

  async function attachmentCount(): Promise<number> {
    const { Items = [] } = await stack.table.doc.send(new ScanCommand({ TableName: stack.table.tableName }));
    return Items.filter((item) => String(item.pk).startsWith('ATTACHMENT#')).length;
  }

  const describeFile = (bytes: Buffer, name: string, contentType: string) => ({
    name,
    contentType,
    size: bytes.length,
    sha256: sha256Base64(bytes),
  });

  async function upload(grantPath: string, token: string, bytes: Buffer, name: string, type: string) {
    const granted = await call('POST', grantPath, { token, body: describeFile(bytes, name, type) });
    expect(granted.status).toBe(201);
    const grant = (await granted.json()) as GrantAnswer;
    expect(await putGranted(grant, bytes)).toBe(200);
    return grant.attachmentId;
  }

  it('refuses a bad upload naming the field, 413 over the limit, and writes nothing', async () => {
    const session = await openSession();
    const path = `/chat/sessions/${session.sessionId}/attachments`;
    const file = describeFile(PDF, 'receipt.pdf', 'application/pdf');
    const refused = [
      [await call('POST', path, { token: session.token, body: { ...file, name: undefined } }), 400, 'name'],
      [
        await call('POST', path, { token: session.token, body: { ...file, contentType: 'text/html' } }),
        400,
        'contentType',
      ],
      [await call('POST', path, { token: session.token, body: { ...file, sha256: 'x' } }), 400, 'sha256'],
      [
        await call('POST', path, { token: session.token, body: { ...file, size: MAX_ATTACHMENT_BYTES + 1 } }),
        413,
        'size',
      ],
    ] as const;
    for (const [response, status, field] of refused) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await call('POST', path, { token: 'wrong', body: file })).status).toBe(401);
    expect(await attachmentCount()).toBe(0);
  });

  it('takes a customer’s file to the timeline, and serves it to agents only as a download', async () => {
    const session = await openSession();
    const grantPath = `/chat/sessions/${session.sessionId}/attachments`;
    const granted = await call('POST', grantPath, {
      token: session.token,
      body: describeFile(PDF, 'Quittung Müller.pdf', 'application/pdf'),
    });
    const grant = (await granted.json()) as {
      attachmentId: string;
      upload: { url: string; headers: Record<string, string> };
    };
    const send = (attachmentIds: string[], clientMessageId: string) =>
      call('POST', `/chat/sessions/${session.sessionId}/messages`, {
        token: session.token,
        body: { text: 'Here is the receipt', clientMessageId, attachmentIds },
      });

    // Not uploaded yet, then other bytes than granted: neither message is taken.
    expect((await send([grant.attachmentId], 'c1')).status).toBe(409);
    const tampered = Buffer.from(PDF);
    tampered[0] = 0x25 ^ 1;
    expect(
      (
        await fetch(grant.upload.url, {
          method: 'PUT',
          headers: grant.upload.headers,
          body: new Uint8Array(tampered),
        })
      ).status,
    ).toBe(400);
    expect((await send([grant.attachmentId], 'c1')).status).toBe(409);
    expect(await queueDepth(stack)).toBe(0);

    expect(
      (
        await fetch(grant.upload.url, {
          method: 'PUT',
          headers: grant.upload.headers,
          body: new Uint8Array(PDF),
        })
      ).status,
    ).toBe(200);
    expect((await send([grant.attachmentId], 'c1')).status).toBe(202);
    expect(await drainIngestQueue(stack)).toBe(1);
    const customer = await stack.customers.get(session.customerId);
    const { items } = await stack.timeline.query([customer?.customerId ?? ''], { limit: 10 });
    expect(items[0]?.attachments).toEqual([
      expect.objectContaining({
        attachmentId: grant.attachmentId,
        name: 'Quittung Müller.pdf',
        size: PDF.length,
      }),
    ]);

    const listed = await call('GET', `/chat/sessions/${session.sessionId}/messages`, {
      token: session.token,
    });
    const messages = ((await listed.json()) as { messages: Array<{ attachments?: unknown[] }> }).messages;
    expect(messages[0]?.attachments).toEqual([
      {
        attachmentId: grant.attachmentId,
        name: 'Quittung Müller.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
      },
    ]);

    const read = await call('GET', `/attachments/${grant.attachmentId}`, { token: TOKEN });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('application/pdf');
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(read.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Quittung M_ller.pdf"; filename\*=UTF-8''Quittung%20M%C3%BCller.pdf$/,
    );
    expect(Buffer.from(await read.arrayBuffer()).equals(PDF)).toBe(true);

    // The customer's session token is no agent's, and a bad or unknown id is named.
    expect((await call('GET', `/attachments/${grant.attachmentId}`, { token: session.token })).status).toBe(
      401,
    );
    const bad = await call('GET', '/attachments/not-an-id', { token: TOKEN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('attachmentId');
    expect((await call('GET', `/attachments/att_${'0'.repeat(26)}`, { token: TOKEN })).status).toBe(404);
  });

  it('writes each read of a file to the access audit, naming the file and its customer, no content', async () => {
    const session = await openSession();
    const attachmentId = await upload(
      `/chat/sessions/${session.sessionId}/attachments`,
      session.token,
      PNG,
      'passport-scan.png',
      'image/png',
    );
    const sent = await call('POST', `/chat/sessions/${session.sessionId}/messages`, {
      token: session.token,
      body: { text: '', clientMessageId: 'c1', attachmentIds: [attachmentId] },
    });
    expect(sent.status).toBe(202);
    await drainIngestQueue(stack);
    const entries = async () =>
      (await stack.audit.query(AuditQuerySchema.parse({ customerId: session.customerId }))).entries;

    // Refused reads touched nothing: no entry.
    expect((await call('GET', `/attachments/${attachmentId}`, { token: session.token })).status).toBe(401);
    expect(await entries()).toEqual([]);

    for (let read = 0; read < 2; read++) {
      const answer = await call('GET', `/attachments/${attachmentId}`, { token: TOKEN });
      expect(answer.status).toBe(200);
      expect(Buffer.from(await answer.arrayBuffer()).equals(PNG)).toBe(true);
    }
    const recorded = await entries();
    expect(recorded).toHaveLength(2);
    for (const entry of recorded) {
      expect(entry).toMatchObject({
        action: 'attachment.read',
        customerId: session.customerId,
        resource: { type: 'attachment', id: attachmentId },
        actor: { agentId: expect.any(String) },
      });
      expect(JSON.stringify(entry)).not.toMatch(/passport|image\/png/);
    }
  });

  it('keeps a customer’s file to their own session', async () => {
    const owner = await openSession();
    const attachmentId = await upload(
      `/chat/sessions/${owner.sessionId}/attachments`,
      owner.token,
      PNG,
      'photo.png',
      'image/png',
    );
    const other = await openSession();
    const stolen = await call('POST', `/chat/sessions/${other.sessionId}/messages`, {
      token: other.token,
      body: { text: 'look', clientMessageId: 'c1', attachmentIds: [attachmentId] },
    });
    expect(stolen.status).toBe(404);
    expect(((await stolen.json()) as { error: { field: string } }).error.field).toBe('attachmentIds');
    expect(await queueDepth(stack)).toBe(0);
    // Never referenced, never stored: agents cannot read it either.
    expect((await call('GET', `/attachments/${attachmentId}`, { token: TOKEN })).status).toBe(404);
  });

  it('lets the agent answering a chat send a file with or without words, shown inline when an image', async () => {
    const session = await openSession();
    const sent = await call('POST', `/chat/sessions/${session.sessionId}/messages`, {
      token: session.token,
      body: { text: 'Hello', clientMessageId: 'c1' },
    });
    expect(sent.status).toBe(202);
    await drainIngestQueue(stack);
    const conversationId = await stack.conversations.threadConversation(`chat:${session.sessionId}`);
    const attachmentId = await upload(
      `/conversations/${conversationId}/attachments`,
      TOKEN,
      PNG,
      'label.png',
      'image/png',
    );

    const reply = await call('POST', `/conversations/${conversationId}/replies`, {
      token: TOKEN,
      body: { channel: 'chat', attachmentIds: [attachmentId] },
    });
    expect(reply.status).toBe(202);
    await drainIngestQueue(stack);
    const listed = await call('GET', `/chat/sessions/${session.sessionId}/messages`, {
      token: session.token,
    });
    const messages = (
      (await listed.json()) as { messages: Array<{ direction: string; attachments?: unknown[] }> }
    ).messages;
    expect(messages.find((m) => m.direction === 'outbound')?.attachments).toEqual([
      expect.objectContaining({ attachmentId, name: 'label.png' }),
    ]);
    const read = await call('GET', `/attachments/${attachmentId}`, { token: TOKEN });
    expect(read.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(read.headers.get('content-type')).toBe('image/png');

    // A customer's upload is not the agent's to send, nor another conversation's.
    const customers = await upload(
      `/chat/sessions/${session.sessionId}/attachments`,
      session.token,
      PDF,
      'r.pdf',
      'application/pdf',
    );
    const refused = await call('POST', `/conversations/${conversationId}/replies`, {
      token: TOKEN,
      body: { channel: 'chat', text: 'x', attachmentIds: [customers] },
    });
    expect(refused.status).toBe(404);
    expect(await queueDepth(stack)).toBe(0);
    expect(
      (
        await call('POST', '/conversations/conv_missing/attachments', {
          token: TOKEN,
          body: describeFile(PNG, 'a.png', 'image/png'),
        })
      ).status,
    ).toBe(404);
  });
});
