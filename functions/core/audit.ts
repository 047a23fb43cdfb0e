import * as z from 'zod';

/**
 * The access audit (docs/compliance.md#access-audit): who read or changed what, when and from
 * where. An entry holds opaque ids only — never a message body, a name, an email address or a
 * phone number — so it can outlive the erasure of the customer it names.
 */
export const AUDIT_ACTIONS = [
  /** A customer's profile, timeline or card was read, or a customer was found by an identity. */
  'customer.read',
  'customer.exported',
  'customer.erasure-requested',
  'customer.merged',
  'customer.unmerged',
  /** A supervisor's setting: canned responses, articles, queues, agents, templates, API keys. */
  'config.changed',
  'agent.signed-in',
  /** A stored file was read (its signed link handed out, or its bytes served). */
  'attachment.read',
] as const;

export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** What a `config.changed` entry changed, or which file an `attachment.read` entry read. */
export const AUDIT_RESOURCES = [
  'canned-response',
  'article',
  'queue',
  'queue-templates',
  'agent',
  'api-key',
  /** The file an `attachment.read` entry read. */
  'attachment',
] as const;

/** Ids as OneThread and Cognito hand them out: no spaces, nothing that reads as a sentence. */
const OpaqueIdSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\s]+$/, 'an opaque id');

export const AuditActorSchema = z
  .strictObject({
    /** The agent the signed-in user works as. */
    agentId: OpaqueIdSchema.optional(),
    /** Another principal (an AWS role, a Cognito user before it names an agent). */
    principal: OpaqueIdSchema.optional(),
    /** A Cognito trigger is not told the user's groups: its entries say `unknown`. */
    role: z.enum(['agent', 'supervisor', 'unknown']),
  })
  .refine((actor) => actor.agentId !== undefined || actor.principal !== undefined, {
    message: 'an actor needs an agentId or a principal',
    path: ['agentId'],
  });
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditEntrySchema = z.strictObject({
  id: OpaqueIdSchema,
  at: z.iso.datetime(),
  actor: AuditActorSchema,
  action: AuditActionSchema,
  /** The customer whose record was touched (the surviving one of a merge). */
  customerId: OpaqueIdSchema.optional(),
  /** The other customer of a merge or unmerge. */
  relatedCustomerId: OpaqueIdSchema.optional(),
  /** What a `config.changed` entry changed (or an `attachment.read` read), and which one. */
  resource: z.strictObject({ type: z.enum(AUDIT_RESOURCES), id: OpaqueIdSchema.optional() }).optional(),
  /** Where the request came from; a sign-in through Cognito's own pages carries neither. */
  from: z.strictObject({
    sourceIp: z.string().max(64).optional(),
    userAgent: z.string().max(512).optional(),
  }),
  requestId: z.string().min(1).max(256),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The largest page `GET /audit` answers. */
export const MAX_AUDIT_PAGE = 100;

/** `GET /audit`'s query: whose entries (a customer's or an agent's), between when, which page. */
export const AuditQuerySchema = z
  .object({
    customerId: OpaqueIdSchema.optional(),
    agentId: OpaqueIdSchema.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().min(1).max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  })
  .superRefine((query, context) => {
    if (!query.customerId && !query.agentId) {
      context.addIssue({ code: 'custom', path: ['customerId'], message: 'give a customerId or an agentId' });
    }
    if (query.from && query.to && Date.parse(query.to) < Date.parse(query.from)) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  })
  .transform((query) => ({
    ...query,
    // Entries are stored at UTC instants: offsets are normalised so ranges compare as text.
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
  }));
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** The request an entry is made from, as the HTTP edge or a Cognito trigger describes it. */
export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  customerId?: string | undefined;
  relatedCustomerId?: string | undefined;
  resource?: AuditEntry['resource'] | undefined;
  from: AuditEntry['from'];
  requestId: string;
}

/** A checked entry; anything that could carry free text is refused before it is stored. */
export function auditEntry(record: AuditRecord, id: string, at: Date): AuditEntry {
  return AuditEntrySchema.parse({ id, at: at.toISOString(), ...withoutUndefined(record) });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
