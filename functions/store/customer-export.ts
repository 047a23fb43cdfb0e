import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation, Customer, Interaction } from '#core/model.ts';
import type { BlobStore } from '#core/ports.ts';
import { timelineOwners } from '#core/resolution.ts';
import { type ZipEntry, zip } from '#shared/zip.ts';
import type { ConversationsRepo } from './conversations-repo.ts';
import { type CustomerViewSources, customerView } from './customer-view.ts';
import type { TableClient } from './dynamo.ts';
import { keys, withoutLayout } from './table.ts';
import type { TimelineRepo } from './timeline-repo.ts';

/** The export's own version: a reader checks it before trusting the layout (docs/compliance.md). */
export const EXPORT_FORMAT = { name: 'onethread-customer-export', version: 1 } as const;

const PAGE = 100;

export interface ExportedFile {
  path: string;
  interactionId: string;
  /** `attachment` or the original `email` message. */
  role: 'attachment' | 'email';
  name?: string | undefined;
  contentType?: string | undefined;
  /** False when the store no longer had the bytes: the entry lists it, the archive lacks it. */
  included: boolean;
}

export interface ExportSources {
  table: TableClient;
  timeline: TimelineRepo;
  conversations: ConversationsRepo;
  blobs?: BlobStore | undefined;
}

/** The customer's whole record as one ZIP archive (docs/compliance.md#export), taken by `exportedBy`. */
export async function customerArchive(
  sources: ExportSources & CustomerViewSources,
  customer: Customer,
  meta: { exportedBy: string; exportedAt: string },
): Promise<Buffer> {
  const entries = await customerExport(sources, customer, await customerView(customer, sources), meta);
  return zip(entries, new Date(meta.exportedAt));
}

/**
 * Everything OneThread holds about a customer, as archive entries: the profile as the API shows
 * it, the identity index items, the whole timeline (every merged-in customer's too), its
 * conversations, and the stored files with a manifest naming each.
 */
export async function customerExport(
  sources: ExportSources,
  customer: Customer,
  profile: unknown,
  meta: { exportedBy: string; exportedAt: string },
): Promise<ZipEntry[]> {
  const timeline = await wholeTimeline(sources.timeline, customer);
  const conversations = await conversationsOf(sources.conversations, timeline);
  const identities = await Promise.all(
    customer.identities.map(async (identity) => {
      const { Item } = await sources.table.doc.send(
        new GetCommand({ TableName: sources.table.tableName, Key: keys.identity(identity) }),
      );
      return Item ? withoutLayout(Item) : { identity };
    }),
  );
  const files: ExportedFile[] = [];
  const entries: ZipEntry[] = [];
  for (const interaction of timeline) {
    const stored = [
      ...interaction.attachments.map((a, index) => ({
        ref: a.ref,
        role: 'attachment' as const,
        name: a.name,
        contentType: a.contentType,
        path: `files/${interaction.interactionId}/${index + 1}-${safeName(a.name ?? 'attachment')}`,
      })),
      ...(interaction.email?.rawRef
        ? [
            {
              ref: interaction.email.rawRef,
              role: 'email' as const,
              name: undefined,
              contentType: 'message/rfc822',
              path: `files/${interaction.interactionId}/original.eml`,
            },
          ]
        : []),
    ];
    for (const { ref, ...file } of stored) {
      const bytes = await sources.blobs?.get(ref);
      if (bytes) entries.push({ name: file.path, data: bytes });
      files.push({ ...file, interactionId: interaction.interactionId, included: Boolean(bytes) });
    }
  }
  const manifest = { format: EXPORT_FORMAT, customerId: customer.customerId, ...meta, files };
  return [
    jsonEntry('manifest.json', manifest),
    jsonEntry('profile.json', profile),
    jsonEntry('identities.json', identities),
    jsonEntry('timeline.json', timeline),
    jsonEntry('conversations.json', conversations),
    ...entries,
  ];
}

/** Newest first, exactly as `GET /customers/{id}/timeline` pages it. */
async function wholeTimeline(timeline: TimelineRepo, customer: Customer): Promise<Interaction[]> {
  const items: Interaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await timeline.query(timelineOwners(customer), { limit: PAGE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function conversationsOf(
  conversations: ConversationsRepo,
  timeline: readonly Interaction[],
): Promise<Conversation[]> {
  const ids = [...new Set(timeline.flatMap((i) => (i.conversationId ? [i.conversationId] : [])))];
  const found = await Promise.all(ids.map((id) => conversations.get(id)));
  return found.filter((c): c is Conversation => c !== undefined);
}

function jsonEntry(name: string, value: unknown): ZipEntry {
  return { name, data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

/** A file name safe in any unzip tool; the real name is in the manifest. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '');
  return cleaned.slice(0, 100) || 'file';
}
