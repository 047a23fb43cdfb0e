import { createHash } from 'node:crypto';
import * as z from 'zod';
import {
  type AttachmentRecord,
  type AttachmentStorage,
  allowedType,
  attachmentKey,
  MAX_ATTACHMENT_BYTES,
  timelineAttachment,
} from '#core/attachments.ts';
import type { Attachment } from '#core/model.ts';
import type { ChannelSettings } from '#shared/config.ts';
import { logger } from '#shared/observability.ts';
import type { SecretName, SecretSource } from '#shared/secrets.ts';
import { sha256Base64 } from '#store/attachment-storage.ts';
import { AttachmentsRepo } from '#store/attachments-repo.ts';
import type { TableClient } from '#store/dynamo.ts';
import { OAuth1CredentialsSchema, oauth1Authorization } from '../x/oauth1.ts';

/** A provider's media as downloaded with its credentials. */
interface Download {
  bytes: Uint8Array;
  contentType: string | undefined;
}

/** A provider answered in a way that retrying will not change (gone, refused): keep the reference. */
class MediaRefused extends Error {}

const GraphMediaSchema = z.object({ url: z.url(), mime_type: z.string().optional() });

export interface MediaDeps {
  table: TableClient;
  attachments: AttachmentStorage;
  settings: ChannelSettings;
  secrets: SecretSource;
  clock: { now(): Date };
}

/**
 * Inbound provider media into the private bucket, in the ingest consumer (the webhook answered
 * already): WhatsApp Cloud API media ids through the Graph API with the access token, Twilio
 * media URLs with the account's basic auth, Messenger and Instagram CDN links as they are, X DM
 * media with a request signed by the brand account's OAuth 1.0a user context. Each
 * file's id comes from the message and its place, so a redelivery finds the file fetched before.
 * What cannot be fetched for good (gone, refused, over the limit, a type not served) stays a
 * reference; a provider outage is retried.
 */
export async function fetchProviderMedia(
  message: { providerMessageId: string; channel: string; attachments: Attachment[] },
  deps: MediaDeps,
): Promise<Attachment[]> {
  const repo = new AttachmentsRepo(deps.table);
  const out: Attachment[] = [];
  for (const [index, attachment] of message.attachments.entries()) {
    const source = attachment.attachmentId ? undefined : mediaSource(attachment, message.channel, deps);
    if (!source) {
      out.push(attachment);
      continue;
    }
    const attachmentId = mediaAttachmentId(message.providerMessageId, index);
    const known = await repo.get(attachmentId);
    if (known) {
      out.push({ ...timelineAttachment(known), kind: attachment.kind });
      continue;
    }
    const record = await fetchOne(attachmentId, source, attachment, message.channel, deps).catch((error) => {
      if (!(error instanceof MediaRefused)) throw error;
      logger.warn('provider media kept as a reference', { channel: message.channel, reason: error.message });
      return undefined;
    });
    if (!record) {
      out.push(attachment);
      continue;
    }
    await repo.create(record).catch(() => undefined);
    out.push({ ...timelineAttachment(record), kind: attachment.kind });
  }
  return out;
}

async function fetchOne(
  attachmentId: string,
  source: () => Promise<Download>,
  attachment: Attachment,
  channel: string,
  deps: MediaDeps,
): Promise<AttachmentRecord> {
  const download = await source();
  const contentType = allowedType(download.contentType ?? attachment.contentType);
  if (!contentType) throw new MediaRefused(`type ${download.contentType ?? 'unknown'} is not served`);
  if (download.bytes.length > MAX_ATTACHMENT_BYTES) throw new MediaRefused('over the attachment size limit');
  const key = attachmentKey(attachmentId);
  const ref = await deps.attachments.put(key, download.bytes, contentType);
  const at = deps.clock.now().toISOString();
  return {
    attachmentId,
    name: attachment.name ?? `${attachment.kind ?? 'file'}-${attachmentId.slice(4, 12)}`,
    contentType,
    size: download.bytes.length,
    sha256: sha256Base64(download.bytes),
    state: 'stored',
    source: 'provider',
    channel,
    ref,
    createdAt: at,
    storedAt: at,
  };
}

/** Stable per message and place: `att_` and 26 hex digits. */
export function mediaAttachmentId(providerMessageId: string, index: number): string {
  const digest = createHash('sha256').update(`${providerMessageId}\u0000${index}`).digest('hex');
  return `att_${digest.slice(0, 26)}`;
}

/** Where Messenger and Instagram attachments are served from, unless configured otherwise. */
export const DEFAULT_META_MEDIA_HOSTS: readonly string[] = ['fbcdn.net', 'fbsbx.com'];

/** The Messenger and Instagram attachment types that are files; shares, reels and stories are links. */
const META_FILE_KINDS = new Set(['image', 'video', 'audio', 'file']);

/** Where X serves direct-message media, unless configured otherwise. */
export const DEFAULT_X_MEDIA_HOSTS: readonly string[] = ['ton.twitter.com'];

/**
 * How to download a reference, for those the platform fetches. Only the providers' own hosts are
 * called, and credentials (or X's signatures) only go to their API and media hosts, so a message
 * cannot send them elsewhere.
 */
function mediaSource(
  attachment: Attachment,
  channel: string,
  deps: MediaDeps,
): (() => Promise<Download>) | undefined {
  const ref = attachment.ref;
  const whatsapp = /^whatsapp-media:([0-9A-Za-z_-]{1,128})$/.exec(ref)?.[1];
  if (whatsapp) return () => whatsappMedia(whatsapp, deps);
  const twilio = deps.settings.twilio;
  if (twilio.accountSid && ref.startsWith(`${twilio.apiUrl}/2010-04-01/Accounts/${twilio.accountSid}/`)) {
    return () => twilioMedia(ref, twilio.accountSid as string, deps);
  }
  const metaHosts = deps.settings.meta.mediaHosts ?? DEFAULT_META_MEDIA_HOSTS;
  if (
    (channel === 'messenger' || channel === 'instagram') &&
    META_FILE_KINDS.has(attachment.kind ?? '') &&
    onMediaHost(ref, metaHosts)
  ) {
    // The CDN link is itself the grant (signed, short-lived): no token goes with it.
    return () => download(ref, undefined);
  }
  if (channel === 'x' && onMediaHost(ref, deps.settings.x.mediaHosts ?? DEFAULT_X_MEDIA_HOSTS)) {
    return () => xMedia(ref, deps);
  }
  return undefined;
}

/**
 * Whether a URL is on one of the hosts: an entry `fbcdn.net` takes https on that host and its
 * subdomains; an entry that is an origin (`http://127.0.0.1:4010`) takes exactly that origin, so
 * a local stand-in can serve the files.
 */
export function onMediaHost(url: string, hosts: readonly string[]): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return false;
  return hosts.some((entry) => {
    if (entry.includes('://')) return URL.canParse(entry) && new URL(entry).origin === parsed.origin;
    const host = entry.toLowerCase().replace(/^\.+/, '');
    return (
      parsed.protocol === 'https:' &&
      parsed.port === '' &&
      (parsed.hostname === host || parsed.hostname.endsWith(`.${host}`))
    );
  });
}

/** The Cloud API answers the media id with a short-lived URL, read with the same token. */
async function whatsappMedia(mediaId: string, deps: MediaDeps): Promise<Download> {
  const token = await deps.secrets.get('META_ACCESS_TOKEN');
  if (!token) throw new MediaRefused('META_ACCESS_TOKEN is not configured');
  const { graphUrl, graphVersion } = deps.settings.meta;
  const authorization = `Bearer ${token}`;
  const meta = await download(`${graphUrl}/${graphVersion}/${mediaId}`, authorization);
  const parsed = GraphMediaSchema.safeParse(JSON.parse(Buffer.from(meta.bytes).toString('utf8') || '{}'));
  if (!parsed.success) throw new MediaRefused('the Graph API named no media URL');
  const file = await download(parsed.data.url, authorization);
  return { bytes: file.bytes, contentType: parsed.data.mime_type ?? file.contentType };
}

/** Media URLs answer with the account's basic auth (and redirect to the file). */
function twilioMedia(url: string, accountSid: string, deps: MediaDeps): Promise<Download> {
  return deps.secrets.get('TWILIO_AUTH_TOKEN').then((token) => {
    if (!token) throw new MediaRefused('TWILIO_AUTH_TOKEN is not configured');
    return download(url, `Basic ${Buffer.from(`${accountSid}:${token}`).toString('base64')}`);
  });
}

/** The variables of X's OAuth 1.0a user context, by the signer's names for them. */
const X_OAUTH1_SECRETS = {
  consumerKey: 'X_CONSUMER_KEY',
  consumerSecret: 'X_CONSUMER_SECRET',
  token: 'X_OAUTH1_TOKEN',
  tokenSecret: 'X_OAUTH1_TOKEN_SECRET',
} as const satisfies Record<string, SecretName>;

/** DM media is served only to a request signed with the brand account's OAuth 1.0a credentials. */
async function xMedia(url: string, deps: MediaDeps): Promise<Download> {
  const entries = Object.entries(X_OAUTH1_SECRETS);
  const values = await Promise.all(entries.map(([, name]) => deps.secrets.get(name)));
  const missing = entries.filter((_, index) => !values[index]).map(([, name]) => name);
  const credentials = OAuth1CredentialsSchema.safeParse(
    Object.fromEntries(entries.map(([field], index) => [field, values[index]])),
  );
  if (!credentials.success) throw new MediaRefused(`not configured: ${missing.join(', ')}`);
  const authorization = oauth1Authorization({ method: 'GET', url }, credentials.data, {
    at: deps.clock.now(),
  });
  return download(url, authorization);
}

/** A 4xx is for good; a 5xx or no answer is thrown as is, so the record is retried. */
async function download(url: string, authorization: string | undefined): Promise<Download> {
  const response = await fetch(url, {
    headers: authorization ? { authorization } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status >= 400 && response.status < 500)
    throw new MediaRefused(`the provider answered ${response.status}`);
  if (!response.ok) throw new Error(`provider media answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ATTACHMENT_BYTES) throw new MediaRefused('over the attachment size limit');
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? undefined,
  };
}
