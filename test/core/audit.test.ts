import { describe, expect, it } from 'vitest';
import { AuditQuerySchema, type AuditRecord, auditEntry } from '#core/audit.ts';

const record: AuditRecord = {
  actor: { agentId: 'ana', role: 'agent' },
  action: 'customer.read',
  customerId: 'cust_01jt',
  from: { sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0' },
  requestId: 'req-1',
};
const at = new Date('2026-05-01T09:00:00Z');

describe('audit entry', () => {
  it('holds who, what, when and from where, with undefined fields left out', () => {
    expect(auditEntry({ ...record, relatedCustomerId: undefined }, 'aud_1', at)).toEqual({
      id: 'aud_1',
      at: '2026-05-01T09:00:00.000Z',
      ...record,
    });
  });

  it('names a configuration change by the resource it changed', () => {
    const entry = auditEntry(
      {
        ...record,
        action: 'config.changed',
        customerId: undefined,
        resource: { type: 'canned-response', id: 'refunds' },
      },
      'aud_2',
      at,
    );
    expect(entry.resource).toEqual({ type: 'canned-response', id: 'refunds' });
  });

  it('refuses anything that could carry free text: only opaque ids name a customer', () => {
    expect(() => auditEntry({ ...record, customerId: 'Ana Lima' }, 'aud_3', at)).toThrow();
    expect(() => auditEntry({ ...record, body: 'my card number' } as AuditRecord, 'aud_4', at)).toThrow();
  });

  it('needs an actor that is an agent or another principal', () => {
    expect(() => auditEntry({ ...record, actor: { role: 'agent' } }, 'aud_5', at)).toThrow();
    expect(
      auditEntry({ ...record, actor: { principal: 'user-sub', role: 'unknown' } }, 'aud_6', at).actor,
    ).toEqual({
      principal: 'user-sub',
      role: 'unknown',
    });
  });
});

describe('audit query', () => {
  const issueField = (input: Record<string, string>) =>
    AuditQuerySchema.safeParse(input).error?.issues[0]?.path.join('.');

  it('asks for a customer or an agent', () => {
    expect(issueField({ from: '2026-05-01T00:00:00Z' })).toBe('customerId');
  });

  it('takes ISO times with offsets and compares them as UTC instants', () => {
    const query = AuditQuerySchema.parse({
      agentId: 'ana',
      from: '2026-05-01T10:00:00+02:00',
      to: '2026-05-01T09:00:00Z',
    });
    expect(query).toMatchObject({
      from: '2026-05-01T08:00:00.000Z',
      to: '2026-05-01T09:00:00.000Z',
      limit: 50,
    });
  });

  it('refuses a range that ends before it starts, naming to', () => {
    expect(issueField({ agentId: 'ana', from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' })).toBe(
      'to',
    );
  });

  it('refuses a date that is not ISO 8601, naming it', () => {
    expect(issueField({ agentId: 'ana', to: '1 May 2026' })).toBe('to');
  });
});
